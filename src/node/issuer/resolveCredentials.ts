import { existsSync, readFileSync } from 'node:fs';
import { parseStrictJson } from '../../core/json/index.js';
import type { IssuerStore, StoredCredential } from '../store/index.js';
import { AmbiguousCredentialError, CredentialNotFoundError } from './errors.js';

/**
 * Finds the stored credentials the issuer named, each by credential id, by file (the path it was written
 * to, else the `id` inside the file: a copy the learner sent back, a moved folder), or by the learner's id
 * from the roster when that learner has exactly one credential here. Unknown references are all reported
 * together, then learner ids that name several credentials (revocation is final: the issuer picks one).
 *
 * @throws CredentialNotFoundError, AmbiguousCredentialError
 */
export function resolveCredentials(store: IssuerStore, refs: readonly string[]): StoredCredential[] {
  const found: StoredCredential[] = [];
  const unknown: string[] = [];
  const ambiguous: { ref: string; candidates: StoredCredential[] }[] = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    const direct = store.credentials.get(ref) ?? byFile(store, ref);
    const candidates = direct ? [direct] : store.credentials.byLearner(ref);
    if (candidates.length === 0) unknown.push(ref);
    else if (candidates.length > 1) ambiguous.push({ ref, candidates });
    else if (!seen.has(candidates[0]!.id)) {
      seen.add(candidates[0]!.id);
      found.push(candidates[0]!);
    }
  }
  if (unknown.length > 0) throw new CredentialNotFoundError(unknown);
  if (ambiguous.length > 0) throw new AmbiguousCredentialError(ambiguous);
  return found;
}

function byFile(store: IssuerStore, file: string): StoredCredential | undefined {
  if (!existsSync(file)) return undefined;
  const byPath = store.credentials.byFile(file);
  if (byPath) return byPath;
  try {
    // Strictly: with `id` given twice, JSON.parse's pick (the last) may not be the one a person reads.
    const id = (parseStrictJson(readFileSync(file, 'utf8')) as { id?: unknown }).id;
    return typeof id === 'string' ? store.credentials.get(id) : undefined;
  } catch {
    return undefined;
  }
}
