import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { type IssuerStore, type StoredBatch, canonicalPath } from '../store/index.js';
import { TEMP_SUFFIX, isAlive, removeStaleTemps, syncDir, writeFileDurable } from './atomicFiles.js';

/**
 * A new batch's credential files appear all at once or not at all. They are written into a temporary
 * folder next to the final one (`.<batch>.<pid>.microcred-tmp`) and flushed; then the batch's rows are
 * committed; then the folder is renamed into place. The commit is the point of no return:
 *
 * - a crash before it leaves a temp folder and no rows: the next run deletes the folder (rolled back);
 * - a crash after it leaves rows and a complete, flushed temp folder: the next run renames it into place
 *   (rolled forward).
 *
 * `recoverBatchFolders` is that "next run"; the issue and anchor workflows call it before they start.
 */
export function tempFolderOf(finalDir: string, batchId: string, pid = process.pid): string {
  return path.join(path.dirname(finalDir), `.${batchId}.${pid}${TEMP_SUFFIX}`);
}

/** Writes `files` (name to content) into a fresh temp folder for `finalDir`, flushed. Returns its path. */
export function writeTempFolder(
  finalDir: string,
  batchId: string,
  files: Iterable<[name: string, content: string]>,
  onFile?: (written: number) => void,
): string {
  const temp = tempFolderOf(finalDir, batchId);
  mkdirSync(temp);
  let written = 0;
  for (const [name, content] of files) {
    writeFileDurable(path.join(temp, name), content);
    onFile?.(++written);
  }
  syncDir(temp);
  return temp;
}

/** Moves a committed batch's temp folder into place and flushes the parent folder. */
export function publishFolder(temp: string, finalDir: string): void {
  renameSync(temp, finalDir);
  syncDir(path.dirname(finalDir));
}

export interface RecoveredFolders {
  /** Batches whose folder was moved into place (their rows had been committed). */
  published: string[];
  /** Temp folders deleted (their batch was never committed). */
  removed: string[];
}

/**
 * Finishes or undoes what killed issue runs left in `parentDir`: see the module comment. Folders of
 * processes still running are left alone.
 */
export function recoverBatchFolders(store: IssuerStore, parentDir: string): RecoveredFolders {
  const result: RecoveredFolders = { published: [], removed: [] };
  // A run killed before its commit also leaves its spool of salted credentials (see spool.ts).
  removeStaleTemps(path.dirname(store.file));
  let entries: string[];
  try {
    entries = readdirSync(parentDir);
  } catch {
    return result;
  }
  for (const entry of entries) {
    const match = /^\.(.+)\.(\d+)\.microcred-tmp$/.exec(entry);
    if (!match) continue;
    const [, batchId, pid] = match as unknown as [string, string, string];
    if (Number(pid) === process.pid || isAlive(Number(pid))) continue;
    const temp = path.join(parentDir, entry);
    const batch = store.batches.get(batchId);
    if (batch && path.dirname(batch.dir) === canonicalPath(parentDir) && !existsSync(batch.dir)) {
      publishFolder(temp, batch.dir);
      result.published.push(batchId);
    } else {
      rmSync(temp, { recursive: true, force: true });
      result.removed.push(entry);
    }
  }
  return result;
}

/** Rolls forward the batch's own folder if a killed issue run left it committed but not in place. */
export function recoverBatchFolder(store: IssuerStore, batch: StoredBatch): void {
  if (!existsSync(batch.dir)) recoverBatchFolders(store, path.dirname(batch.dir));
}
