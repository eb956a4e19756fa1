import type { Address } from 'viem';
import { registryReleases } from '../abi/releases.js';
import { parseCaip2 } from '../chain/caip.js';
import { type Registry, connectRegistry } from '../chain/connect.js';
import { type ChainError, ChainUnreachableError, asChainError } from '../chain/errors.js';
import { type CredentialRef, type CredentialState, readCredentialStates } from '../chain/reads.js';
import type { OfflineResult } from './offline.js';
import type { RegistryReadAhead } from './chainPrefetch.js';
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
 * or allowlisted registries are ever asked about a credential. A registry in `ahead` (read while the
 * workers checked: `ChainPrefetch`) is taken from there, and asked only about what it was not.
 */
export async function readRegistries(
  offline: readonly OfflineResult[],
  options: VerifyOptions,
  ahead?: ReadonlyMap<string, Promise<RegistryReadAhead>>,
): Promise<Map<string, RegistryRead>> {
  const reads = new Map<string, RegistryRead>();
  await forEachConcurrently(
    [...registriesToRead(offline, options)],
    MAX_CONCURRENT_REGISTRY_READS,
    async ([key, { chain, address, items }]) => {
      const read: RegistryRead = { chain, address, registry: undefined, error: undefined, states: new Map() };
      reads.set(key, read);
      const early = await ahead?.get(key);
      ({ registry: read.registry, error: read.error } = early ?? (await connectForReading(chain, address, options)));
      if (read.registry === undefined || read.error !== undefined) return;
      const missing = early === undefined ? items : items.filter((item) => !takeReadAhead(early, item, offline[item]!.ref!, read));
      if (missing.length === 0) return;
      try {
        const states = await readCredentialStates(read.registry, missing.map((item) => offline[item]!.ref!));
        missing.forEach((item, k) => read.states.set(item, states[k]!));
      } catch (error) {
        read.error = asChainError(error, chain);
      }
    },
  );
  return reads;
}

/** Records the state `early` read for the credential at `item`; false when it did not read it. */
function takeReadAhead(early: RegistryReadAhead, item: number, ref: CredentialRef, read: RegistryRead): boolean {
  const state = early.states.get(ref);
  if (state !== undefined) read.states.set(item, state);
  return state !== undefined;
}

/**
 * The registries to read for the credentials of `offline` that passed the offline checks, by
 * `registryKey`, in the order first named: each with the positions in `offline` of the credentials to ask
 * it about (those listing it, and all of them for a release on one of `options.chains`).
 */
export function registriesToRead(offline: readonly OfflineResult[], options: VerifyOptions): Map<string, { chain: string; address: Address; items: number[] }> {
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
  return groups;
}

/** A registry connected for reading, or why it could not be. */
export interface RegistryConnection {
  registry: Registry | undefined;
  error: ChainError | undefined;
}

/** Connects to the registry at `address` on `chain` through the verifier's client for that chain; never throws. */
export async function connectForReading(chain: string, address: Address, options: VerifyOptions): Promise<RegistryConnection> {
  const client = options.client(chain);
  if (!client) return { registry: undefined, error: new ChainUnreachableError(chain, undefined, 'no RPC endpoint is configured for it') };
  try {
    return { registry: await connectRegistry({ client, address, expectedChainId: parseCaip2(chain), allow: options.registries }), error: undefined };
  } catch (error) {
    return { registry: undefined, error: asChainError(error, chain) };
  }
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
