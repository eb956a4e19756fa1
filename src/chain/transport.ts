import { type EIP1193RequestFn, type Transport, HttpRequestError, RpcRequestError, TimeoutError, http } from 'viem';
import { walkCauses } from '../core/errors.js';
import { toCaip2 } from './caip.js';
import { EndpointChainChangedError, RpcEndpointError, type RpcFailure, endpointLabel, formatSeconds } from './errors.js';

/** How `rpcTransport` treats an endpoint that fails. */
export interface RpcRetryPolicy {
  /** Attempts per request in all, the first included (default 4). A send is attempted once whatever this says. */
  attempts?: number;
  /** How long one attempt may take (default 10 s). */
  timeoutMs?: number;
  /** The wait before the first retry, doubled for each later one (default 250 ms). */
  backoffMs?: number;
  /** The longest `Retry-After` obeyed (default 30 s): an endpoint that asks for longer is given up on at once. */
  maxRetryAfterMs?: number;
}

export const DEFAULT_RPC_RETRY_POLICY: Readonly<Required<RpcRetryPolicy>> = { attempts: 4, timeoutMs: 10_000, backoffMs: 250, maxRetryAfterMs: 30_000 };

/**
 * Never retried: after most failures nobody knows whether a send reached the node, and sending again is
 * the issuer journal's decision (it looks on chain first), not a transport's.
 */
const SENDS = new Set(['eth_sendRawTransaction', 'eth_sendTransaction']);

/** HTTP statuses worth another attempt: the provider is busy or a gateway in front of it failed. */
const RETRIED_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 408: 'Request Timeout', 413: 'Payload Too Large',
  500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/**
 * viem's HTTP transport with the retry policy a public RPC provider needs. viem's own retry (`retryCount`)
 * applies to every method alike, sends included, and obeys any `Retry-After` however long; this one:
 * - retries reads on 429 (waiting what `Retry-After` asks, up to `maxRetryAfterMs`), 408/500/502/503/504,
 *   timeouts, refused or dropped connections and malformed answers, with exponential backoff, at most
 *   `attempts` times; a JSON-RPC error (a revert, a bad parameter) is the node's answer and passes through;
 * - never retries `eth_sendRawTransaction` / `eth_sendTransaction`;
 * - remembers the chain the endpoint first says it serves, and fails if it later says another;
 * - gives up with an `RpcEndpointError` naming the endpoint by scheme and host only (no API key or
 *   credentials from the URL) and saying what happened, or an `EndpointChainChangedError`.
 * Browser-safe: only `fetch` underneath.
 *
 * @example
 * const client = createPublicClient({ transport: rpcTransport('https://sepolia.example/v2/KEY') })
 */
export function rpcTransport(url: string, policy: RpcRetryPolicy = {}): Transport {
  const { attempts, timeoutMs, backoffMs, maxRetryAfterMs } = { ...DEFAULT_RPC_RETRY_POLICY, ...policy };
  const endpoint = endpointLabel(url);
  const inner = http(url, { retryCount: 0, timeout: timeoutMs });
  // Shared by every client made from this transport (a public and a wallet client): one endpoint, one chain.
  let servedChainId: number | undefined;

  const checkChain = (chainId: number) => {
    if (servedChainId === undefined) servedChainId = chainId;
    else if (chainId !== servedChainId) throw new EndpointChainChangedError(endpoint, toCaip2(servedChainId), toCaip2(chainId));
  };

  return (parameters) => {
    const { request, ...rest } = inner({ ...parameters, retryCount: 0 });
    const retrying = async (args: { method: string; params?: unknown }, options?: Parameters<typeof request>[1]) => {
      const started = Date.now();
      const tries = SENDS.has(args.method) ? 1 : attempts;
      for (let attempt = 1; ; attempt++) {
        let failure: RpcFailure;
        let cause: unknown;
        try {
          const answer: unknown = await request(args as never, { ...options, retryCount: 0 });
          if (args.method !== 'eth_chainId' && answer !== undefined) return answer;
          if (typeof answer === 'string' && /^0x[0-9a-f]+$/i.test(answer)) {
            checkChain(Number(answer));
            return answer;
          }
          // A 200 whose JSON holds neither `result` nor `error` reaches here as undefined.
          failure = { kind: 'malformed', detail: answer === undefined ? 'an answer with neither result nor error' : 'a chain id that is not a number' };
        } catch (error) {
          const found = failureOf(error, timeoutMs);
          if (!found) throw error;
          failure = found;
          cause = error;
        }
        const fail = (stoppedBecause?: string) =>
          new RpcEndpointError({
            endpoint,
            chain: servedChainId === undefined ? undefined : toCaip2(servedChainId),
            method: args.method,
            failure,
            attempts: attempt,
            elapsedMs: Date.now() - started,
            stoppedBecause,
            cause,
          });
        if (attempt >= tries || !isRetried(failure)) throw fail();
        const retryAfterMs = failure.kind === 'rate-limited' ? failure.retryAfterMs : undefined;
        if (retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs) {
          throw fail(`asked to wait ${formatSeconds(retryAfterMs)}, longer than the ${formatSeconds(maxRetryAfterMs)} this client waits`);
        }
        await sleep(retryAfterMs ?? backoffMs * 2 ** (attempt - 1));
      }
    };
    // The casts (`args as never` above too): `EIP1193RequestFn` is generic over the method, which a wrapper
    // that passes any method through unchanged cannot spell.
    return { ...rest, request: retrying as EIP1193RequestFn };
  };
}

function isRetried(failure: RpcFailure): boolean {
  return failure.kind !== 'http-status' || RETRIED_STATUSES.has(failure.status);
}

/**
 * What went wrong between us and the endpoint, or undefined when `error` is an answer from the node
 * itself (a JSON-RPC error such as a revert) or an abort, which no retry changes.
 */
export function failureOf(thrown: unknown, timeoutMs: number): RpcFailure | undefined {
  // viem files a JSON-RPC error under a class per code (`LimitExceededRpcError` for -32005): the request's
  // own error, with the HTTP status and headers, is its cause.
  const error = walkCauses(thrown, (e) => e instanceof TimeoutError || e instanceof RpcRequestError || e instanceof HttpRequestError);
  if (error instanceof TimeoutError) return { kind: 'timeout', afterMs: timeoutMs };
  if (error instanceof RpcRequestError) {
    if (error.status === 429 || isRateLimitCode(error.code, error.details)) {
      return { kind: 'rate-limited', status: error.status, retryAfterMs: retryAfterMs(error.headers) };
    }
    if (error.status !== undefined && error.status >= 400) return httpStatus(error.status);
    return undefined;
  }
  if (error instanceof HttpRequestError) {
    if (error.status === 429) return { kind: 'rate-limited', status: 429, retryAfterMs: retryAfterMs(error.headers) };
    if (error.status !== undefined && error.status >= 400) return httpStatus(error.status);
    if (walkCauses(error, (e) => e instanceof SyntaxError)) return { kind: 'malformed', detail: 'not valid JSON' };
    const code = networkCode(error);
    if (code === 'ECONNREFUSED') return { kind: 'refused' };
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return { kind: 'closed' };
    const deepest = walkCauses(error) as { message?: string };
    return { kind: 'unreachable', detail: deepest.message ?? 'fetch failed' };
  }
  return undefined;
}

function httpStatus(status: number): RpcFailure {
  return { kind: 'http-status', status, statusText: STATUS_TEXT[status] ?? '' };
}

/**
 * JSON-RPC codes providers answer "too many requests" with, over HTTP 200: 429 (Alchemy in batches),
 * -32007 (QuickNode), and -32005 when its message is about a rate (Infura also uses -32005 for a log
 * query over its result limit, which no retry fixes).
 */
function isRateLimitCode(code: number, message: string): boolean {
  return code === 429 || code === -32007 || (code === -32005 && /rate|too many|per second/i.test(message));
}

/** `Retry-After` in milliseconds: delay-seconds or an HTTP date (RFC 9110 §10.2.3); undefined if absent or unreadable. */
export function retryAfterMs(headers: Headers | undefined): number | undefined {
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** The system error code under a failed `fetch` (Node's undici puts it on the cause of the cause). */
function networkCode(error: unknown): string | undefined {
  const found = walkCauses(error, (e) => typeof (e as { code?: unknown } | null)?.code === 'string') as { code?: string } | null;
  return found?.code;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
