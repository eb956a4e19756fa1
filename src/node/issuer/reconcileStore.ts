import path from 'node:path';
import type { RegistryWriter } from '../../chain/writes.js';
import type { IssuerStore, JournalEntry, StatusKind, StoredAction } from '../store/index.js';
import { type AnchorStoredBatchReturnType, anchorStoredBatch } from './anchorStoredBatch.js';
import { recoverBatchFolders } from './batchFolder.js';
import { statusWrite } from './changeStatus.js';
import { settleEntries } from './journaledWrite.js';
import { withBatchLock } from './lock.js';
import { type RevokeStoredBatchReturnType, revokeStoredBatch } from './revokeStoredBatch.js';

export interface ReconcileStoreParameters {
  store: IssuerStore;
  /** The registry to reconcile with, and the signer used to finish interrupted anchors. */
  writer: RegistryWriter;
  /** Called as credential files of a finished anchor get it. */
  onProgress?: (done: number, total: number) => void;
  pendingTimeoutMs?: number;
}

export interface ReconcileStoreReturnType {
  /** Batches whose committed folder a killed `issue` had not yet moved into place, now moved. */
  foldersPublished: string[];
  /** Temp folders of killed `issue` runs whose batch was never committed, now deleted. */
  foldersRemoved: string[];
  /** Anchors that were interrupted on this registry, now finished (sent if they never were). */
  anchors: AnchorStoredBatchReturnType[];
  /** Status actions that were interrupted on this registry, now settled; abandoned ones are not resent. */
  actions: { confirmed: StoredAction[]; abandoned: StoredAction[] };
  /** Whole-batch revocations that were interrupted on this registry, now finished (sent if they never were). */
  batchRevocations: RevokeStoredBatchReturnType[];
}

/**
 * Brings the store in line with the files and the chain after crashes: finishes or undoes interrupted
 * issues, finishes interrupted anchors and whole-batch revocations on the writer's registry, and settles
 * interrupted revocations and suspensions of credentials (confirmed, or abandoned if they never took
 * effect: rerun the command to send them again).
 *
 * @example
 * const report = await reconcileStore({ store, writer })
 */
export async function reconcileStore({ store, writer, onProgress, pendingTimeoutMs }: ReconcileStoreParameters): Promise<ReconcileStoreReturnType> {
  const result: ReconcileStoreReturnType = {
    foldersPublished: [],
    foldersRemoved: [],
    anchors: [],
    actions: { confirmed: [], abandoned: [] },
    batchRevocations: [],
  };
  const parents = new Set(store.batches.list().map((batch) => path.dirname(batch.dir)));
  for (const parent of parents) {
    const { published, removed } = recoverBatchFolders(store, parent);
    // Element by element, not push(...list): a long list spread as arguments can overflow the call stack.
    for (const folder of published) result.foldersPublished.push(folder);
    for (const folder of removed) result.foldersRemoved.push(folder);
  }

  const here = (entry: { chain: string; registry: string }) =>
    entry.chain === writer.registry.chain && entry.registry.toLowerCase() === writer.registry.address.toLowerCase();
  const timeout = pendingTimeoutMs === undefined ? {} : { pendingTimeoutMs };

  for (const anchor of store.anchors.unfinished().filter(here)) {
    result.anchors.push(await anchorStoredBatch({ store, batchId: anchor.batchId, writer, ...timeout, ...(onProgress ? { onProgress } : {}) }));
  }

  // Status entries are settled only: whether a change that never took effect is still wanted is the
  // issuer's call (rerun the command), unlike an anchor or a batch revocation, which is finished.
  const byBatchAndKind = new Map<string, JournalEntry[]>();
  for (const entry of store.journal.unfinished().filter(here)) {
    if (entry.kind === 'anchor' || entry.kind === 'revoke-batch') continue;
    const group = `${entry.batchId}\n${entry.kind}`;
    byBatchAndKind.set(group, [...(byBatchAndKind.get(group) ?? []), entry]);
  }
  for (const [group, entries] of byBatchAndKind) {
    const [batchId, kind] = group.split('\n') as [string, StatusKind];
    const batch = store.batches.get(batchId)!;
    const settled = await withBatchLock(store, batchId, () =>
      settleEntries({ store, writer, spec: statusWrite(kind, store, writer, batch), entries, ...timeout }),
    );
    for (const entry of settled.confirmed) result.actions.confirmed.push(store.actions.get(entry.id)!);
    for (const entry of settled.abandoned) result.actions.abandoned.push(store.actions.get(entry.id)!);
  }

  for (const revocation of store.batchRevocations.unfinished().filter(here)) {
    const { reason, note } = revocation;
    result.batchRevocations.push(await revokeStoredBatch({ store, batchId: revocation.batchId, writer, reason, ...(note === undefined ? {} : { note }), ...timeout }));
  }
  return result;
}
