import { existsSync, readFileSync } from 'node:fs';
import type { IssuerStore, StoredCredential } from '../store/index.js';
import { CredentialNotFoundError } from './errors.js';

/**
 * Finds the stored credentials the issuer named, each by credential id or by file: by the path it was
 * written to, else by the `id` inside the file (a copy the learner sent back, a moved folder). Unknown
 * references are all reported together.
 *
 * @throws CredentialNotFoundError
 */
export function resolveCredentials(store: IssuerStore, refs: readonly string[]): StoredCredential[] {
  const found: StoredCredential[] = [];
  const unknown: string[] = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    const credential = store.credentials.get(ref) ?? byFile(store, ref);
    if (!credential) unknown.push(ref);
    else if (!seen.has(credential.id)) {
      seen.add(credential.id);
      found.push(credential);
    }
  }
  if (unknown.length > 0) throw new CredentialNotFoundError(unknown);
  return found;
}

function byFile(store: IssuerStore, file: string): StoredCredential | undefined {
  if (!existsSync(file)) return undefined;
  const byPath = store.credentials.byFile(file);
  if (byPath) return byPath;
  try {
    const id = (JSON.parse(readFileSync(file, 'utf8')) as { id?: unknown }).id;
    return typeof id === 'string' ? store.credentials.get(id) : undefined;
  } catch {
    return undefined;
  }
}
