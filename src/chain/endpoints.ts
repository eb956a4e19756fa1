import { type PublicClient, createPublicClient, custom, http } from 'viem';
import { toCaip2 } from './caip.js';
import { ChainUnreachableError, isUnreachable } from './errors.js';

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
  /** Endpoints that could not be used, each with why: did not answer, or serves a chain an earlier one does. */
  problems: readonly { url: string; message: string }[];
}

export interface ConnectEndpointsOptions {
  /** Per request (default 15 s). */
  timeoutMs?: number;
}

/**
 * Asks each endpoint which chain it serves (one `eth_chainId` each, all at once) and maps chains to them.
 *
 * @example
 * const endpoints = await connectEndpoints(['https://sepolia.example', 'http://127.0.0.1:8545'])
 * const verdicts = await verifyCredentials(passport, { client: endpoints.client })
 */
export async function connectEndpoints(urls: readonly string[], { timeoutMs = 15_000 }: ConnectEndpointsOptions = {}): Promise<Endpoints> {
  const clients = urls.map((url) => createPublicClient({ transport: http(url, { retryCount: 0, timeout: timeoutMs }) }) as PublicClient);
  const answers = await Promise.allSettled(clients.map((client) => client.getChainId()));
  const byChain = new Map<string, { url: string; client: PublicClient }>();
  const problems: { url: string; message: string }[] = [];
  /** Endpoints that gave no chain id: any chain no other endpoint serves may be theirs. */
  const silent: string[] = [];
  answers.forEach((answer, i) => {
    const url = urls[i]!;
    if (answer.status === 'rejected') {
      silent.push(url);
      const reason = answer.reason as { shortMessage?: string; message?: string };
      const why = isUnreachable(answer.reason) ? 'did not answer' : `did not answer as a JSON-RPC endpoint (${reason.shortMessage ?? reason.message})`;
      problems.push({ url, message: `${url} ${why}` });
      return;
    }
    const chain = toCaip2(answer.value);
    const first = byChain.get(chain);
    if (first) problems.push({ url, message: `${url} serves ${chain}, as ${first.url} does; only ${first.url} is used` });
    else byChain.set(chain, { url, client: clients[i]! });
  });

  return {
    client(chain) {
      const served = byChain.get(chain)?.client ?? (urls.length === 1 && silent.length === 0 ? clients[0] : undefined);
      if (served || silent.length === 0) return served;
      // The chain may be the one a silent endpoint serves: say which endpoint, rather than "no endpoint configured".
      const reason = urls.length === 1 ? `${silent[0]} did not answer` : `no endpoint that answered serves it, and ${silent.join(', ')} did not answer`;
      const error = new ChainUnreachableError(chain, undefined, reason);
      return createPublicClient({ transport: custom({ request: () => Promise.reject(error) }, { retryCount: 0 }) }) as PublicClient;
    },
    chains: new Map([...byChain].map(([chain, { url }]) => [chain, url])),
    problems,
  };
}
