import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type AnchoredCredential, addAnchor } from '../../core/index.js';
import type { IssuerStore, JournalEntry, StoredBatch } from '../store/index.js';
import { removeStaleTemps, replaceFileAtomic, syncDir } from './atomicFiles.js';
import { CredentialFilesError } from './errors.js';
import { failpoint } from './failpoint.js';

export interface AddAnchorToFilesParameters {
  store: IssuerStore;
  batch: StoredBatch;
  /** The journal entry of a confirmed anchor of the batch. */
  anchor: JournalEntry;
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/**
 * Adds a confirmed anchor to every credential file of the batch, each rewritten atomically, then records
 * that the files are done. Idempotent: a file that already names the anchor is left as is, so a rerun
 * after a crash mid-way finishes the rest. Returns how many files this call rewrote.
 *
 * @throws CredentialFilesError listing every file that is missing or no longer holds its credential
 */
export async function addAnchorToFiles({ store, batch, anchor, onProgress }: AddAnchorToFilesParameters): Promise<number> {
  const credentials = store.credentials.byBatch(batch.id);
  const total = credentials.length;
  if (anchor.filesUpdatedAt) {
    onProgress?.(total, total);
    return 0;
  }
  const dirs = new Set(credentials.map((credential) => path.dirname(credential.file)));
  for (const dir of dirs) removeStaleTemps(dir);

  const target = { chain: anchor.chain, registry: anchor.registry };
  const problems: { file: string; message: string }[] = [];
  let updated = 0;
  let done = 0;
  for (const credential of credentials) {
    let document: Record<string, unknown>;
    try {
      document = JSON.parse(readFileSync(credential.file, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      problems.push({ file: credential.file, message: describe(error) });
      continue;
    }
    if (document.id !== credential.id) {
      problems.push({ file: credential.file, message: `holds credential ${String(document.id)}, not ${credential.id}` });
      continue;
    }
    let anchored: unknown;
    try {
      // Read back from a file we wrote; addAnchor finds (or refuses) the anchor proof itself.
      anchored = addAnchor(document as unknown as AnchoredCredential, target);
    } catch (error) {
      problems.push({ file: credential.file, message: `not a credential with a proof entry (${(error as Error).message})` });
      continue;
    }
    if (JSON.stringify(anchored) !== JSON.stringify(document)) {
      replaceFileAtomic(credential.file, `${JSON.stringify(anchored, null, 2)}\n`);
      updated++;
    }
    done++;
    onProgress?.(done, total);
    if (done === Math.ceil(total / 2)) failpoint('mid-files');
    // Let progress callbacks (a terminal bar) render between files.
    if (done % 256 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  if (problems.length > 0) throw new CredentialFilesError(problems);
  for (const dir of dirs) syncDir(dir);
  store.journal.recordFilesUpdated(anchor.id);
  return updated;
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'the file is missing';
  return error instanceof SyntaxError ? `not valid JSON (${error.message})` : (error as Error).message;
}
