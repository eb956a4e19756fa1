import { statSync } from 'node:fs';
import type { IssuerStore, StoredCredential } from '../store/index.js';
import { AmbiguousCredentialError, CredentialEvidenceError, CredentialNotFoundError } from './errors.js';
import { matchCredentialFile } from './matchCredentialFile.js';

/**
 * Finds the stored credentials the issuer named, each by credential id, by file, or by the learner's id
 * from the roster when that learner has exactly one credential here. A file is matched by its content
 * (digest, issuer, root and index; see `matchCredentialFile`), never by its path or the `id` it claims:
 * it may be a copy a learner sent back. Files that match nothing are reported first, all together, then
 * unknown references, then learner ids that name several credentials (revocation is final: the issuer
 * picks one). Any of these and nothing is returned, so nothing is acted on.
 *
 * @throws CredentialEvidenceError, CredentialNotFoundError, AmbiguousCredentialError
 */
export function resolveCredentials(store: IssuerStore, refs: readonly string[]): StoredCredential[] {
  const found: StoredCredential[] = [];
  const refused: string[] = [];
  const unknown: string[] = [];
  const ambiguous: { ref: string; candidates: StoredCredential[] }[] = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    let candidates: StoredCredential[];
    const byId = store.credentials.get(ref);
    if (byId) candidates = [byId];
    else if (isFile(ref)) {
      const match = matchCredentialFile(store, ref);
      if (!match.ok) {
        refused.push(match.reason);
        continue;
      }
      candidates = [match.credential];
    } else candidates = store.credentials.byLearner(ref);

    if (candidates.length === 0) unknown.push(ref);
    else if (candidates.length > 1) ambiguous.push({ ref, candidates });
    else if (!seen.has(candidates[0]!.id)) {
      seen.add(candidates[0]!.id);
      found.push(candidates[0]!);
    }
  }
  if (refused.length > 0) throw new CredentialEvidenceError(refused);
  if (unknown.length > 0) throw new CredentialNotFoundError(unknown);
  if (ambiguous.length > 0) throw new AmbiguousCredentialError(ambiguous);
  return found;
}

function isFile(ref: string): boolean {
  return statSync(ref, { throwIfNoEntry: false })?.isFile() ?? false;
}
