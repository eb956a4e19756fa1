import type { Address } from 'viem';
import { registryReleases } from '../abi/releases.js';
import { parseCaip2 } from '../chain/caip.js';
import { type Registry, connectRegistry } from '../chain/connect.js';
import { type ChainError, ChainUnreachableError, asChainError } from '../chain/errors.js';
import { type CredentialState, readCredentialStates } from '../chain/reads.js';
import type { OfflineResult } from './offline.js';
import type { VerifyOptions } from './verifyCredentials.js';

/** One registry on one chain, as read for the credentials that name it (or that it was asked about). */
export interface RegistryRead {
  chain: string;
  address: Address;
  /** Set once the registry answered and proved genuine (or allowlisted). */
  registry: Registry | undefined;
  /** Why it could not be read or was refused. */
  error: ChainError | undefined;
  /** Each credential's state, by its position in the verified list. */
  states: Map<number, CredentialState>;
}

export const registryKey = (chain: string, address: string) => `${chain}|${address.toLowerCase()}`;

/**
 * Every registry the verdicts depend on, read once each: the anchors the credentials list, plus every
 * released registry's address on each chain in `options.chains` (a revocation there counts even when the
 * holder removed that anchor from the file). Each is connected through `connectRegistry`, so only genuine
 * or allowlisted registries are ever asked about a credential.
 */
export async function readRegistries(offline: readonly OfflineResult[], options: VerifyOptions): Promise<Map<string, RegistryRead>> {
  const groups = new Map<string, { chain: string; address: Address; items: number[] }>();
  const join = (chain: string, address: Address, item: number) => {
    const key = registryKey(chain, address);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { chain, address, items: [] }));
    if (group.items.at(-1) !== item) group.items.push(item);
  };
  const canonical = (options.chains ?? []).flatMap((chain) => registryReleases.map((release) => ({ chain, address: release.address })));
  offline.forEach((result, i) => {
    if (!result.ok) return;
    for (const anchor of result.anchors) join(anchor.chain, anchor.registry, i);
    for (const { chain, address } of canonical) join(chain, address, i);
  });

  const reads = new Map<string, RegistryRead>();
  await forEachConcurrently(
    [...groups],
    MAX_CONCURRENT_REGISTRY_READS,
    async ([key, { chain, address, items }]) => {
      const read: RegistryRead = { chain, address, registry: undefined, error: undefined, states: new Map() };
      reads.set(key, read);
      const client = options.client(chain);
      if (!client) {
        read.error = new ChainUnreachableError(chain, undefined, 'no RPC endpoint is configured for it');
        return;
      }
      try {
        read.registry = await connectRegistry({ client, address, expectedChainId: parseCaip2(chain), allow: options.registries });
        const states = await readCredentialStates(read.registry, items.map((i) => offline[i]!.ref!));
        items.forEach((item, k) => read.states.set(item, states[k]!));
      } catch (error) {
        read.error = asChainError(error, chain);
      }
    },
  );
  return reads;
}

/**
 * Registries read at once. A passport may name thousands of distinct registries (a hostile one will):
 * each costs a few requests, and firing them all together would flood the verifier's own endpoints.
 */
const MAX_CONCURRENT_REGISTRY_READS = 8;

/** Runs `task` on every item, at most `limit` at a time. */
async function forEachConcurrently<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
