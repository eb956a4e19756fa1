import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { IssuerStore } from '../store/index.js';
import { isAlive } from './atomicFiles.js';
import { BatchBusyError } from './errors.js';

/**
 * Runs `fn` holding the batch's lock file (`.microcred/locks/<batch>.lock`, holding the owner's pid), so
 * two `anchor` or `revoke` runs can't interleave their transactions for one batch. A lock left by a killed
 * process (its pid no longer runs) is taken over.
 */
export async function withBatchLock<T>(store: IssuerStore, batchId: string, fn: () => Promise<T>): Promise<T> {
  const dir = path.join(path.dirname(store.file), 'locks');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${encodeURIComponent(batchId)}.lock`);
  acquire(file, batchId);
  try {
    return await fn();
  } finally {
    rmSync(file, { force: true });
  }
}

function acquire(file: string, batchId: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number(readFileSync(file, 'utf8').trim());
    // An empty lock is one being created this instant, unless it has been empty for long (owner killed).
    const stale = owner ? !isAlive(owner) : Date.now() - statSync(file).mtimeMs > 10_000;
    if (!stale) throw new BatchBusyError(batchId, owner);
    rmSync(file, { force: true });
  }
  throw new BatchBusyError(batchId, Number(readFileSync(file, 'utf8').trim()));
}
