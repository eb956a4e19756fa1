import { CommanderError } from 'commander';
import {
  ChainMismatchError,
  ChainUnreachableError,
  RegistryNotFoundError,
  RegistryRevertedError,
  UnknownRegistryError,
  isUnreachable,
} from '../../src/chain/errors.js';
import { CredentialValidationError } from '../../src/core/errors.js';
import { StrictJsonError } from '../../src/core/json/errors.js';
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
} from '../../src/node/issuer/errors.js';
import { HolderKeyError } from '../../src/node/holder/index.js';
import { IssuerIdentityError } from '../../src/node/issuer/identity.js';
import { RosterError } from '../../src/node/roster/index.js';
import { StoreMissingError, StoreVersionError } from '../../src/node/store/migrate.js';
import { PassportLimitError } from '../../src/verifier/limits.js';
import { CredentialTextError } from '../../src/verifier/passport.js';
import { CliError, jsonReplacer } from './output.js';

/**
 * The `code` of `{ "error": { code, message, details } }` (`--json`), one per kind of failure a script may
 * want to tell apart. Stable: scripts match on them, so a code is never renamed, only added. `microcred
 * --help` lists them (`ERROR_CODES_HELP`).
 */
export const ERROR_CODES = {
  usage: 'the command line is wrong: unknown option, missing argument, an option value that is not valid',
  'input-unreadable': 'a file named on the command line is missing or is not valid JSON (or has a key twice)',
  'input-too-large': 'an input is over a size limit',
  'input-empty': 'there is nothing to work on (verify: no credential in the files given)',
  'roster-invalid': 'the roster has problems; details lists them by file, row and column',
  'template-invalid': 'the achievement template is not valid',
  'store-missing': 'the folder has no microcred store (run `microcred issue` there first)',
  'store-version': 'the store was written by a newer microcred',
  'not-found': 'no batch or credential of that name in the store',
  ambiguous: 'a learner id names several credentials: name one by credential id or file',
  'not-issued-here': 'a credential file is not one this store issued (altered, or another store\'s)',
  'not-anchored': 'the batch is not anchored on that chain and registry yet',
  busy: 'another process, or a pending transaction, is working on it: run the command again later',
  'anchor-conflict': 'the chain holds something for the batch that contradicts the store',
  'files-inconsistent': 'credential files are missing or no longer hold what the store recorded',
  'output-exists': 'the output folder already exists',
  identity: 'the issuer identity (DID document and signing key) or the holder key is missing, exists already, or could not be unlocked',
  'already-issued': 'learners of the roster already have a credential for this achievement (add --again to issue anyway)',
  'already-anchored': 'the batch has an anchor (or one was started): it can only be revoked, not discarded',
  discarding: 'the batch is being discarded: finish with `microcred discard <batch> --yes`',
  'confirmation-needed': 'the command needs --yes (or, for anchor, the batches named) to go ahead',
  'chain-unreachable': 'the chain\'s endpoint did not answer',
  'chain-mismatch': 'the endpoint serves another chain than the one expected',
  'registry-not-found': 'no registry contract at that address on that chain',
  'registry-unknown': 'the contract at that address is not a released microcred registry',
  'registry-rejected': 'the registry refused the transaction (details says why)',
  'not-holder': "a credential put in a passport is about another DID than the passport's holder",
  'input-unsignable': 'a credential cannot be signed into a passport (format v1, or a term no JSON-LD context defines)',
  failed: 'the command refused to go on; the message says why',
  internal: 'an unexpected error (a bug: please report it with MICROCRED_DEBUG=1 output)',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes and their meaning, for the end of `microcred --help`. */
export function errorCodesHelp(): string {
  const width = Math.max(...Object.keys(ERROR_CODES).map((code) => code.length));
  return [
    'With --json, every command prints an error as {"error": {"code", "message", "details"}} on stdout, with the',
    'same exit code as without it. Codes:',
    // Indented past the command list's two spaces, so that nothing reads these as commands.
    ...Object.entries(ERROR_CODES).map(([code, meaning]) => `    ${code.padEnd(width)}  ${meaning}`),
  ].join('\n');
}

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

/**
 * Whether the command line asks for JSON. Read from the arguments themselves, not from a command's parsed
 * options, because the errors that most need it (an unknown option, a missing argument) happen before
 * any command has its options; arguments after `--` are operands, not options.
 */
export function wantsJson(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).includes('--json');
}
