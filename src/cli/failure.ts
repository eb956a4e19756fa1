import { CommanderError } from 'commander';
import {
  ChainMismatchError,
  ChainUnreachableError,
  RegistryNotFoundError,
  RegistryRevertedError,
  UnknownRegistryError,
  isUnreachable,
} from '../chain/errors.js';
import { CredentialValidationError } from '../core/errors.js';
import { StrictJsonError } from '../core/json/errors.js';
import {
  AlreadyIssuedError,
  AmbiguousCredentialError,
  AnchorConflictError,
  BatchAnchoredError,
  BatchBusyError,
  BatchDiscardedError,
  BatchNotAnchoredError,
  BatchNotFoundError,
  CredentialEvidenceError,
  CredentialFilesError,
  CredentialNotFoundError,
  OutputExistsError,
  PendingTransactionsError,
  NonceCollisionError,
  StuckTransactionError,
  TransactionGasLimitError,
} from '../node/issuer/errors.js';
import { HolderKeyError } from '../node/holder/index.js';
import { IssuerIdentityError } from '../node/issuer/identity.js';
import { RosterError } from '../node/roster/index.js';
import { StoreMissingError, StoreVersionError } from '../node/store/errors.js';
import { PassportLimitError } from '../verifier/limits.js';
import { CredentialTextError } from '../verifier/passport.js';
import type { ErrorCode } from './errorCodes.js';
import { CliError, jsonReplacer } from './output.js';

/** A failure as the CLI reports it, in text on stderr or as JSON on stdout. */
export interface Failure {
  code: ErrorCode;
  message: string;
  details: string[];
  exitCode: number;
}

// Error classes by the code they report, most specific first (a subclass before its base).
const CODE_OF_CLASS: [abstract new (...args: never[]) => Error, ErrorCode][] = [
  [RosterError, 'roster-invalid'],
  [CredentialValidationError, 'template-invalid'],
  [StrictJsonError, 'input-unreadable'],
  [CredentialTextError, 'input-unreadable'],
  [PassportLimitError, 'input-too-large'],
  [StoreMissingError, 'store-missing'],
  [StoreVersionError, 'store-version'],
  [BatchNotFoundError, 'not-found'],
  [CredentialNotFoundError, 'not-found'],
  [AmbiguousCredentialError, 'ambiguous'],
  [CredentialEvidenceError, 'not-issued-here'],
  [BatchNotAnchoredError, 'not-anchored'],
  [BatchBusyError, 'busy'],
  [PendingTransactionsError, 'busy'],
  [StuckTransactionError, 'fee-ceiling'],
  [NonceCollisionError, 'busy'],
  [AnchorConflictError, 'anchor-conflict'],
  [CredentialFilesError, 'files-inconsistent'],
  [OutputExistsError, 'output-exists'],
  [IssuerIdentityError, 'identity'],
  [HolderKeyError, 'identity'],
  [AlreadyIssuedError, 'already-issued'],
  [BatchAnchoredError, 'already-anchored'],
  [BatchDiscardedError, 'discarding'],
  [ChainUnreachableError, 'chain-unreachable'],
  [ChainMismatchError, 'chain-mismatch'],
  [RegistryNotFoundError, 'registry-not-found'],
  [UnknownRegistryError, 'registry-unknown'],
  [RegistryRevertedError, 'registry-rejected'],
  [TransactionGasLimitError, 'over-gas-limit'],
];

/**
 * What `error` means for the person or script that ran the command. A `CliError` says its own code; one
 * without a code takes the code of its cause (a `CliError` wrapping a `RosterError` is `roster-invalid`),
 * else `failed`. Any other error is classified by its class, anywhere in its `cause` chain.
 */
export function describeFailure(error: unknown): Failure {
  if (error instanceof CommanderError) {
    // Commander's messages start with `error: `, which the text output adds itself.
    return { code: 'usage', message: error.message.replace(/^error: /, ''), details: [], exitCode: error.exitCode };
  }
  if (error instanceof CliError) {
    return { code: error.code ?? codeOfCause(error.cause) ?? 'failed', message: error.shortMessage, details: [...(error.metaMessages ?? [])], exitCode: error.exitCode };
  }
  const known = codeOfCause(error);
  const { shortMessage, message } = error as { shortMessage?: string; message?: string };
  const details = detailsOf(error);
  if (error instanceof RegistryRevertedError && error.errorName === 'CredentialRegistryUnauthorized') {
    details.push(`The issuer gives a key that right with: microcred operator ${String(error.args[0])} --allow anchor revoke`);
  }
  // A multi-line message (the issuer's errors list their cases on further lines) is a message and details.
  const [first = String(error), ...rest] = (shortMessage ?? message ?? String(error)).split('\n');
  return { code: known ?? 'internal', message: first, details: [...rest.map((line) => line.trim()).filter(Boolean), ...details], exitCode: 1 };
}

function codeOfCause(error: unknown): ErrorCode | undefined {
  const seen = new Set<unknown>();
  for (let e: unknown = error; e && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    if (e instanceof CliError && e.code) return e.code;
    const match = CODE_OF_CLASS.find(([type]) => e instanceof type);
    if (match) return match[1];
  }
  return isUnreachable(error) ? 'chain-unreachable' : undefined;
}

/** The specifics our error classes carry besides their sentence: listed problems, then `details`. */
function detailsOf(error: unknown): string[] {
  const { metaMessages, details } = error as { metaMessages?: unknown; details?: unknown };
  return [
    ...(Array.isArray(metaMessages) ? metaMessages.map((line) => String(line).trim()).filter(Boolean) : []),
    ...(typeof details === 'string' && details !== '' ? [details] : []),
  ];
}

/**
 * Prints `failure`: with `json`, the one JSON object on stdout a script parses (nothing else goes there);
 * otherwise `error: <message>` and indented details on stderr.
 */
export function printFailure(failure: Failure, json: boolean): void {
  if (json) {
    const { code, message, details } = failure;
    process.stdout.write(`${JSON.stringify({ error: { code, message, details } }, jsonReplacer, 2)}\n`);
    return;
  }
  process.stderr.write(`error: ${failure.message}\n`);
  for (const line of failure.details) process.stderr.write(`  ${line}\n`);
}
