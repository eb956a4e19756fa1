import { type Registry, connectRegistry } from '../chain/connect.js';
import { toCaip2 } from '../chain/caip.js';
import { ChainUnreachableError, RegistryNotFoundError, RpcEndpointError, endpointLabel, isUnreachable } from '../chain/errors.js';
import { readBatch } from '../chain/reads.js';
import type { StoredAnchor, StoredBatch } from '../node/store/index.js';
import { type ChainConnection, type NetworkOptions, connectNetwork } from './network.js';

/**
 * What the chain says of an anchor the store recorded as confirmed: still `anchored`; `missing-batch` (the
 * registry is there but never saw this batch); `missing-registry` (no code at the address: an in-memory
 * chain that was restarted); `unreachable` (the endpoint did not answer).
 */
export type OnChain = 'anchored' | 'missing-batch' | 'missing-registry' | 'unreachable';

export interface AnchorOnChain {
  onChain: OnChain;
  /** One sentence for a person: what is wrong and what to do. Absent when the anchor is on chain. */
  onChainNote?: string;
}

/** The key `checkAnchorsOnChain` files an anchor's verdict under. */
export function anchorKey(anchor: Pick<StoredAnchor, 'batchId' | 'chain' | 'registry'>): string {
  return `${anchor.batchId} ${anchor.chain} ${anchor.registry.toLowerCase()}`;
}

/**
 * Asks the chain of `network` about every confirmed anchor of `batches` recorded on that chain (anchors on
 * other chains are not looked at). Read-only: each registry is checked once, then one `getBatch` per anchor.
 * A chain that can't be reached at all marks every confirmed anchor `unreachable`, since which of them it
 * serves can't be told; the store's own record is still shown.
 */
export async function checkAnchorsOnChain(
  network: NetworkOptions,
  batches: readonly (StoredBatch & { anchors: StoredAnchor[] })[],
): Promise<Map<string, AnchorOnChain>> {
  const verdicts = new Map<string, AnchorOnChain>();
  const confirmed = batches.flatMap((batch) => batch.anchors.filter((anchor) => anchor.state === 'confirmed').map((anchor) => ({ batch, anchor })));
  if (confirmed.length === 0) return verdicts;
  const endpoint = network.rpcUrl === undefined ? `network ${network.network}` : endpointLabel(network.rpcUrl);
  let connection: ChainConnection;
  try {
    connection = await connectNetwork({ ...network, account: undefined });
  } catch (error) {
    if (!isUnreachable(error) && (error as { code?: string }).code !== 'chain-unreachable') throw error;
    const what = error instanceof RpcEndpointError ? error.reason! : `${endpoint} did not answer`;
    for (const { anchor } of confirmed) {
      verdicts.set(anchorKey(anchor), { onChain: 'unreachable', onChainNote: `${what}: the store's record could not be checked` });
    }
    return verdicts;
  }
  try {
    const chain = toCaip2(connection.chainId);
    const registries = new Map<string, Promise<Registry>>();
    for (const { batch, anchor } of confirmed) {
      if (anchor.chain !== chain) continue;
      const address = anchor.registry;
      const key = address.toLowerCase();
      // The store recorded this anchor itself: its registry is the issuer's choice, whatever its code.
      if (!registries.has(key)) registries.set(key, connectRegistry({ client: connection.publicClient, address, expectedChainId: connection.chainId, allow: [address] }));
      verdicts.set(anchorKey(anchor), await verdictOf(registries.get(key)!, batch, anchor, endpoint));
    }
  } finally {
    await connection.close();
  }
  return verdicts;
}

async function verdictOf(registry: Promise<Registry>, batch: StoredBatch, anchor: StoredAnchor, endpoint: string): Promise<AnchorOnChain> {
  const anchorAgain = `\`microcred anchor ${batch.id}\``;
  try {
    const record = await readBatch(await registry, batch.issuer, batch.root);
    if (record !== undefined) return { onChain: 'anchored' };
    return {
      onChain: 'missing-batch',
      onChainNote: `the registry ${anchor.registry} on ${endpoint} has no record of batch ${batch.id}: ${anchorAgain} to anchor it again`,
    };
  } catch (error) {
    if (error instanceof RegistryNotFoundError) {
      return {
        onChain: 'missing-registry',
        onChainNote: `the chain at ${endpoint} has no registry at ${anchor.registry}: it was restarted? \`microcred deploy\` then ${anchorAgain} to anchor again`,
      };
    }
    if (error instanceof ChainUnreachableError || isUnreachable(error)) {
      const what = error instanceof RpcEndpointError ? error.reason! : `${endpoint} stopped answering`;
      return { onChain: 'unreachable', onChainNote: `${what}: the store's record could not be checked` };
    }
    throw error;
  }
}
