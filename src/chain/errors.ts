import { BaseError as ViemError, ContractFunctionRevertedError } from 'viem';
import { MicrocredError } from '../core/errors.js';

/**
 * Everything that can go wrong between us and a chain, each its own class so a verifier can say
 * "could not reach chain X" rather than "invalid". `shortMessage` is one plain sentence.
 */
export class ChainError extends MicrocredError {
  override name = 'ChainError';

  /** `details` only when given: a viem cause's own message is long and says what `shortMessage` says. */
  constructor(shortMessage: string, options: { details?: string | undefined; cause?: unknown } = {}) {
    super(shortMessage, { details: options.details, cause: options.cause });
  }
}

/**
 * The RPC endpoint did not answer (connection refused, timeout, HTTP error), or there is none for the
 * chain; `reason`, when given, says which in the sentence itself.
 */
export class ChainUnreachableError extends ChainError {
  override name = 'ChainUnreachableError';
  constructor(readonly chain: string, cause?: unknown, reason?: string) {
    super(`Could not reach chain ${chain}${reason ? `: ${reason}` : ''}.`, { details: describeCause(cause), cause });
  }
}

/** The endpoint answered for another chain than the one the credential was anchored on. */
export class ChainMismatchError extends ChainError {
  override name = 'ChainMismatchError';
  constructor(readonly expected: string, readonly actual: string) {
    super(`The RPC endpoint serves chain ${actual}, but ${expected} was expected.`);
  }
}

/** No contract code at the registry address on that chain. */
export class RegistryNotFoundError extends ChainError {
  override name = 'RegistryNotFoundError';
  constructor(readonly chain: string, readonly registry: string) {
    super(`No registry contract at ${registry} on chain ${chain}.`);
  }
}

/**
 * Contract code at the registry address that is no released `CredentialRegistry` and not on the verifier's
 * allowlist: whatever it answers proves nothing (anyone can deploy a look-alike that says "anchored").
 */
export class UnknownRegistryError extends ChainError {
  override name = 'UnknownRegistryError';
  constructor(readonly chain: string, readonly registry: string, readonly codeHash: string) {
    super(
      `${registry} on chain ${chain} is not a microcred registry: its code matches no released CredentialRegistry, so what it says about credentials proves nothing.`,
      { details: `runtime code hash ${codeHash}; a verifier who runs its own registry there can allow it explicitly` },
    );
  }
}

/** The registry rejected a write; `errorName` and `args` are the decoded custom error. */
export class RegistryRevertedError extends ChainError {
  override name = 'RegistryRevertedError';
  constructor(readonly errorName: string, readonly args: readonly unknown[], cause?: unknown) {
    const explained = REVERT_SENTENCES[errorName]?.(args.map(formatArg));
    super(`The registry rejected the transaction${explained ? `: ${explained}` : ''} (${errorName}(${args.map(formatArg).join(', ')})).`, { cause });
  }
}

/** The permission bits of `CredentialRegistryUnauthorized`, in words. */
const NEEDED: Record<string, string> = { '1': 'anchor', '2': 'revoke or suspend' };

/** The registry's custom errors in a sentence a person can act on; the error and its values follow it. */
const REVERT_SENTENCES: Record<string, (args: string[]) => string> = {
  CredentialRegistryUnauthorized: ([account, issuer, needed]) =>
    `${account} may not ${NEEDED[needed!] ?? `use permission ${needed}`} for issuer ${issuer}`,
  CredentialRegistryBatchAlreadyAnchored: ([issuer, root]) => `batch ${root} of ${issuer} is already anchored here`,
  CredentialRegistryBatchNotAnchored: ([issuer, root]) => `batch ${root} of ${issuer} is not anchored here`,
  CredentialRegistryEmptyBatch: () => 'a batch needs at least one credential',
  CredentialRegistryZeroRoot: () => 'a batch root cannot be zero',
  CredentialRegistryIndexOutOfBounds: ([, root, index, size]) => `credential ${index} is beyond batch ${root}, which holds ${size}`,
  CredentialRegistryNoIndices: () => 'no credentials were named',
  CredentialRegistryAlreadyRevoked: ([, root, index]) => `credential ${index} of batch ${root} is already revoked`,
  CredentialRegistryBatchAlreadyRevoked: ([, root]) => `batch ${root} is already revoked`,
  CredentialRegistryAlreadySuspended: ([, root, index]) => `credential ${index} of batch ${root} is already suspended`,
  CredentialRegistryNotSuspended: ([, root, index]) => `credential ${index} of batch ${root} is not suspended`,
  CredentialRegistryLengthMismatch: ([roots, sizes]) => `${roots} roots but ${sizes} sizes were given`,
  CredentialRegistryInvalidPermissions: ([bits]) => `${bits} is not a valid set of operator permissions`,
};

function formatArg(value: unknown): string {
  return typeof value === 'bigint' ? value.toString() : String(value);
}

function describeCause(cause: unknown): string | undefined {
  if (cause instanceof ViemError) return cause.shortMessage;
  if (cause instanceof Error) return cause.message;
  return cause === undefined ? undefined : String(cause);
}

const unreachablePatterns = [
  /ECONNREFUSED/i,
  /ECONNRESET/i,
  /ETIMEDOUT/i,
  /ENOTFOUND/i,
  /fetch failed/i,
  /HTTP request failed/i,
  /request timed out/i,
  /socket hang up/i,
];

/** Whether `error` means the endpoint could not be reached, as opposed to an answer we didn't like. */
export function isUnreachable(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e: unknown = error; e && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const name = (e as { name?: string }).name;
    if (name === 'HttpRequestError' || name === 'TimeoutError' || name === 'WebSocketRequestError') return true;
    const text = `${(e as { message?: string }).message ?? ''} ${(e as { code?: string }).code ?? ''}`;
    if (unreachablePatterns.some((pattern) => pattern.test(text))) return true;
  }
  return false;
}

/**
 * The `ChainError` behind `error` (viem wraps what a transport throws), or `error` as a
 * `ChainUnreachableError` of `chain`: what a verifier reports when reading a chain failed.
 */
export function asChainError(error: unknown, chain: string): ChainError {
  const seen = new Set<unknown>();
  for (let e: unknown = error; e && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    if (e instanceof ChainError) return e;
  }
  return new ChainUnreachableError(chain, error);
}

/** Maps a viem error from a registry call onto our classes; anything else is rethrown as is. */
export function toChainError(error: unknown, chain: string): unknown {
  if (error instanceof ChainError) return error;
  if (error instanceof ViemError) {
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError && reverted.data?.errorName) {
      return new RegistryRevertedError(reverted.data.errorName, reverted.data.args ?? [], error);
    }
  }
  if (isUnreachable(error)) return new ChainUnreachableError(chain, error);
  return error;
}
