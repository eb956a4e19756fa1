import { type PublicClient, createPublicClient, custom } from 'viem';
import { toCaip2 } from './caip.js';
import { ChainUnreachableError, RpcEndpointError, endpointLabel, isUnreachable } from './errors.js';
import { type RpcRetryPolicy, rpcTransport } from './transport.js';

/** What a verifier holding several RPC endpoints (one per chain its credentials are anchored on) needs. */
export interface Endpoints {
  /**
   * The client for a CAIP-2 chain, for `verifyCredentials`' `client` option: the endpoint serving that
   * chain. With a single endpoint that answered, that endpoint for every chain, so a credential anchored
   * elsewhere is told apart as `chain-mismatch`. Otherwise, for a chain no endpoint serves: a client that
   * fails naming the endpoints that did not answer, or undefined when every endpoint answered.
   */
  client(chain: string): PublicClient | undefined;
  /** Which endpoint serves which chain. */
  chains: ReadonlyMap<string, string>;
  /**
   * Endpoints that could not be used, each with why: did not answer, answered with an error (429, 5xx,
   * malformed JSON), or serves a chain an earlier one does. Messages name an endpoint by scheme and host
   * only, never by the API key or credentials its URL may hold.
   */
  problems: readonly { url: string; message: string }[];
}

/** How each endpoint is treated: `rpcTransport`'s retry policy (`timeoutMs` defaults to 15 s here). */
export type ConnectEndpointsOptions = RpcRetryPolicy;

/**
 * Asks each endpoint which chain it serves (one `eth_chainId` each, all at once, retried as
 * `rpcTransport` does) and maps chains to them.
 *
 * @example
 * const endpoints = await connectEndpoints(['https://sepolia.example', 'http://127.0.0.1:8545'])
 * const verdicts = await verifyCredentials(passport, { client: endpoints.client })
 */
export async function connectEndpoints(urls: readonly string[], { timeoutMs = 15_000, ...policy }: ConnectEndpointsOptions = {}): Promise<Endpoints> {
  const clients = urls.map((url) => createPublicClient({ transport: rpcTransport(url, { ...policy, timeoutMs }) }) as PublicClient);
  const answers = await Promise.allSettled(clients.map((client) => client.getChainId()));
  const byChain = new Map<string, { url: string; client: PublicClient }>();
  const problems: { url: string; message: string }[] = [];
  /** Endpoints that gave no chain id (any chain no other endpoint serves may be theirs), and why. */
  const silent: { label: string; answered: boolean; why: string }[] = [];
  answers.forEach((answer, i) => {
    const url = urls[i]!;
    const label = endpointLabel(url);
    if (answer.status === 'rejected') {
      const failure = whyUnusable(label, answer.reason);
      silent.push(failure);
      problems.push({ url, message: failure.why });
      return;
    }
    const chain = toCaip2(answer.value);
    const first = byChain.get(chain);
    if (first) problems.push({ url, message: `${label} serves ${chain}, as ${endpointLabel(first.url)} does; only ${endpointLabel(first.url)} is used` });
    else byChain.set(chain, { url, client: clients[i]! });
  });

  return {
    client(chain) {
      const served = byChain.get(chain)?.client ?? (urls.length === 1 && silent.length === 0 ? clients[0] : undefined);
      if (served || silent.length === 0) return served;
      // The chain may be the one a silent endpoint serves: say which endpoint, rather than "no endpoint configured".
      const reason = urls.length === 1 ? silent[0]!.why : `no endpoint that answered serves it, and ${describeSilent(silent)}`;
      const error = new ChainUnreachableError(chain, undefined, reason);
      return createPublicClient({ transport: custom({ request: () => Promise.reject(error) }, { retryCount: 0 }) }) as PublicClient;
    },
    chains: new Map([...byChain].map(([chain, { url }]) => [chain, url])),
    problems,
  };
}

/** Why an endpoint gave no chain id, in words: it did not answer, or what it answered instead. */
function whyUnusable(label: string, error: unknown): { label: string; answered: boolean; why: string } {
  if (error instanceof RpcEndpointError && error.answered) return { label, answered: true, why: error.reason! };
  if (isUnreachable(error)) return { label, answered: false, why: `${label} did not answer` };
  const { shortMessage, message } = error as { shortMessage?: string; message?: string };
  return { label, answered: true, why: `${label} did not answer as a JSON-RPC endpoint (${shortMessage ?? message})` };
}

/** "A, B did not answer; C answered 429 Too Many Requests 4 times over 3 s". */
function describeSilent(silent: readonly { label: string; answered: boolean; why: string }[]): string {
  const quiet = silent.filter((s) => !s.answered).map((s) => s.label);
  return [...(quiet.length ? [`${quiet.join(', ')} did not answer`] : []), ...silent.filter((s) => s.answered).map((s) => s.why)].join('; ');
}
