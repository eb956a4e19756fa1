import { BaseError as ViemError, ContractFunctionRevertedError } from 'viem';
import { MicrocredError, walkCauses } from '../core/errors.js';

/**
 * Everything that can go wrong between us and a chain, each its own class so a verifier can say
 * "could not reach chain X" rather than "invalid". `shortMessage` is one plain sentence.
 */
export class ChainError extends MicrocredError {
  override name = 'ChainError';

  /** `details` only when given: a viem cause's own message is long and says what `shortMessage` says. */
  constructor(shortMessage: string, options: { details?: string | undefined; cause?: unknown } = {}) {
    super(shortMessage, { details: options.details ?? null, cause: options.cause });
  }
}

/**
 * The RPC endpoint did not answer (connection refused, timeout, HTTP error), or there is none for the
 * chain; `reason`, when given, says which in the sentence itself. `chain` is undefined when the endpoint
 * failed before it said which chain it serves.
 */
export class ChainUnreachableError extends ChainError {
  override name = 'ChainUnreachableError';
  constructor(readonly chain: string | undefined, cause?: unknown, readonly reason?: string) {
    const subject = chain === undefined ? 'Could not use the RPC endpoint' : `Could not reach chain ${chain}`;
    super(`${subject}${reason ? `: ${reason}` : ''}.`, { details: describeCause(cause), cause });
  }
}

/**
 * What went wrong with one JSON-RPC request, as `rpcTransport` saw it: `rate-limited` is HTTP 429 or a
 * JSON-RPC rate-limit code; `http-status` any other HTTP error status; `refused` and `closed` a
 * connection refused, or closed before the answer; `malformed` an answer that is not JSON-RPC.
 */
export type RpcFailure =
  | { kind: 'rate-limited'; status: number | undefined; retryAfterMs: number | undefined }
  | { kind: 'http-status'; status: number; statusText: string }
  | { kind: 'timeout'; afterMs: number }
  | { kind: 'refused' }
  | { kind: 'closed' }
  | { kind: 'unreachable'; detail: string }
  | { kind: 'malformed'; detail: string };

export interface RpcEndpointErrorParameters {
  /** The endpoint as `endpointLabel` shows it: scheme, host and port; never credentials, path or query. */
  endpoint: string;
  /** The CAIP-2 chain the endpoint said it serves, when it said so before failing. */
  chain: string | undefined;
  method: string;
  /** The last attempt's failure. */
  failure: RpcFailure;
  /** Attempts made, the first included. */
  attempts: number;
  elapsedMs: number;
  /** Why retrying stopped before the attempts ran out, in words. */
  stoppedBecause?: string | undefined;
  cause?: unknown;
}

/**
 * An endpoint failed a request and `rpcTransport` gave up: the sentence names the endpoint (never the
 * credentials or API key in its URL) and says what happened and how often, e.g. "Could not reach chain
 * eip155:31337: http://127.0.0.1:8545 answered 429 Too Many Requests 4 times over 3.1 s."
 */
export class RpcEndpointError extends ChainUnreachableError {
  override name = 'RpcEndpointError';
  readonly endpoint: string;
  readonly method: string;
  readonly failure: RpcFailure;
  readonly attempts: number;
  /**
   * Whether the endpoint answered, with an error status or something that is not JSON-RPC, rather than
   * not at all: it is running, and "is the node running?" is not the question to ask.
   */
  readonly answered: boolean;

  constructor({ endpoint, chain, method, failure, attempts, elapsedMs, stoppedBecause, cause }: RpcEndpointErrorParameters) {
    const times = attempts > 1 ? `${failure.kind === 'timeout' ? ',' : ''} ${attempts} times over ${formatSeconds(elapsedMs)}` : '';
    super(chain, cause, `${endpoint} ${describeRpcFailure(failure)}${times}${stoppedBecause ? `, and ${stoppedBecause}` : ''}`);
    this.endpoint = endpoint;
    this.method = method;
    this.failure = failure;
    this.attempts = attempts;
    this.answered = failure.kind === 'rate-limited' || failure.kind === 'http-status' || failure.kind === 'malformed';
  }
}

function describeRpcFailure(failure: RpcFailure): string {
  switch (failure.kind) {
    case 'rate-limited':
      return failure.status === undefined ? 'refused the request as over its rate limit' : `answered ${failure.status} Too Many Requests`;
    case 'http-status':
      return `answered HTTP ${failure.status}${failure.statusText ? ` ${failure.statusText}` : ''}`;
    case 'timeout':
      return `timed out after ${formatSeconds(failure.afterMs)}`;
    case 'refused':
      return 'refused the connection';
    case 'closed':
      return 'closed the connection without answering';
    case 'unreachable':
      return `could not be reached (${failure.detail})`;
    case 'malformed':
      return `returned malformed JSON (${failure.detail})`;
  }
}

/** `3.1 s`, `10 s`, `0.3 s`: a duration as a person reads it in a sentence. */
export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${seconds >= 10 ? Math.round(seconds) : Number(seconds.toFixed(1))} s`;
}

/**
 * `url` as errors name it: scheme, host and port only. Providers put API keys in the path (`/v2/<key>`)
 * or the query, and basic-auth credentials before the host; none of them belongs in a message, a log or
 * a verdict a verifier forwards.
 */
export function endpointLabel(url: string): string {
  try {
    const { protocol, host } = new URL(url);
    return `${protocol}//${host}`;
  } catch {
    return 'the RPC endpoint (its URL does not parse)';
  }
}

/** The endpoint answered for another chain than the one the credential was anchored on. */
export class ChainMismatchError extends ChainError {
  override name = 'ChainMismatchError';
  constructor(
    readonly expected: string,
    readonly actual: string,
    shortMessage = `The RPC endpoint serves chain ${actual}, but ${expected} was expected.`,
  ) {
    super(shortMessage);
  }
}

/**
 * An endpoint that said it serves one chain now says another (a load balancer or a proxy behind the URL
 * switched mid-run): whatever it answers from then on is about a chain nobody asked about.
 */
export class EndpointChainChangedError extends ChainMismatchError {
  override name = 'EndpointChainChangedError';
  constructor(readonly endpoint: string, expected: string, actual: string) {
    super(expected, actual, `${endpoint} now serves chain ${actual} instead of ${expected}, which it served earlier.`);
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
    if (e instanceof ChainUnreachableError) return true;
    const name = (e as { name?: string }).name;
    if (name === 'HttpRequestError' || name === 'TimeoutError' || name === 'WebSocketRequestError') return true;
    const text = `${(e as { message?: string }).message ?? ''} ${(e as { code?: string }).code ?? ''}`;
    if (unreachablePatterns.some((pattern) => pattern.test(text))) return true;
  }
  return false;
}

/**
 * The `ChainError` in `error`'s chain of causes, if any: viem wraps what a transport throws (an
 * `RpcEndpointError` under a `ContractFunctionExecutionError`), and the transport's sentence is the one
 * that says what happened.
 */
export function chainErrorIn(error: unknown): ChainError | undefined {
  const found = walkCauses(error, (e) => e instanceof ChainError);
  return found instanceof ChainError ? found : undefined;
}

/**
 * The `ChainError` behind `error`, or `error` as a `ChainUnreachableError` of `chain`: what a verifier
 * reports when reading a chain failed.
 */
export function asChainError(error: unknown, chain: string | undefined): ChainError {
  return chainErrorIn(error) ?? new ChainUnreachableError(chain, error);
}

/** Maps a viem error from a registry call onto our classes; anything else is rethrown as is. */
export function toChainError(error: unknown, chain: string): unknown {
  const ours = chainErrorIn(error);
  if (ours) return ours;
  if (error instanceof ViemError) {
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError && reverted.data?.errorName) {
      return new RegistryRevertedError(reverted.data.errorName, reverted.data.args ?? [], error);
    }
  }
  if (isUnreachable(error)) return new ChainUnreachableError(chain, error);
  return error;
}
