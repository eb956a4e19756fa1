import { readdirSync, rmSync, rmdirSync } from 'node:fs';
import path from 'node:path';
import type { IssuerStore } from '../store/index.js';
import { syncDir } from './atomicFiles.js';
import { recoverBatchFolder } from './batchFolder.js';
import { BatchAnchoredError, BatchNotFoundError } from './errors.js';
import { failpoint } from './failpoint.js';
import { withBatchLock } from './lock.js';

export interface DiscardBatchParameters {
  store: IssuerStore;
  batchId: string;
}

export interface DiscardBatchReturnType {
  batchId: string;
  /** Credentials the batch held (their files and rows are gone). */
  credentials: number;
  /** The batch's folder, now deleted (kept only if someone put other files in it: `keptFolder`). */
  dir: string;
  /** The folder held files the batch never wrote, so it was left in place with them. */
  keptFolder: boolean;
  /** A discard a crash had interrupted was finished. */
  resumed: boolean;
}

/**
 * Removes a batch that was never anchored: its credential files and its store rows, crash-safely. The
 * store first marks the batch as being discarded (from then on `anchorStoredBatch` refuses it), then the
 * files are deleted, then the batch's rows go with the mark in one transaction. A crash after the mark
 * leaves a batch that can't be anchored; a rerun finishes the job. A batch with any anchor row (even an
 * intent: the transaction may have been sent) is refused: it can only be revoked.
 *
 * @throws BatchNotFoundError, BatchAnchoredError, BatchBusyError, and file-system or store errors
 * @example
 * await discardBatch({ store, batchId: '2025-06-30-1a2b3c4d5e6f' })
 */
export async function discardBatch({ store, batchId }: DiscardBatchParameters): Promise<DiscardBatchReturnType> {
  if (!store.batches.get(batchId)) throw new BatchNotFoundError(batchId);
  // The lock keeps an `anchor` of the same batch from recording an intent between our check and our mark.
  return withBatchLock(store, batchId, async () => {
    const batch = store.batches.get(batchId);
    if (!batch) throw new BatchNotFoundError(batchId);
    const resumed = batch.discardedAt !== undefined;
    if (!store.batches.markDiscarded(batchId)) {
      throw new BatchAnchoredError(batchId, store.anchors.forBatch(batchId));
    }
    failpoint('discard-after-mark');

    // An issue killed after its commit may have left the folder in its temp place: move it in, then delete.
    recoverBatchFolder(store, batch);
    const credentials = store.credentials.byBatch(batchId);
    for (const [i, credential] of credentials.entries()) {
      rmSync(credential.file, { force: true });
      if (i === Math.ceil(credentials.length / 2) - 1) failpoint('discard-mid-files');
    }
    const keptFolder = removeFolderIfEmpty(batch.dir);

    if (!store.batches.removeUnanchored(batchId)) {
      // markDiscarded proved there was no anchor, and the lock kept anchoring out: this is a broken store.
      throw new BatchAnchoredError(batchId, store.anchors.forBatch(batchId));
    }
    return { batchId, credentials: credentials.length, dir: batch.dir, keptFolder, resumed };
  });
}

/** Deletes `dir` if nothing is left in it; returns whether it was kept (other files in it). */
function removeFolderIfEmpty(dir: string): boolean {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false; // a rerun: deleted already
    throw error;
  }
  // Flushed before the rows go: a power cut must not bring back files whose rows are gone.
  if (entries.length > 0) {
    syncDir(dir);
    return true;
  }
  rmdirSync(dir);
  syncDir(path.dirname(dir));
  return false;
}
