import type { AnchoredCredential } from '../batch/types.js';
import { validateCredential } from '../credential/validate.js';
import { InvalidArgumentError, invariant } from '../errors.js';
import { fieldCommitment } from './commit.js';
import { digestOf } from './digest.js';
import { DISCLOSABLE_ARRAYS, arrayEntry, getPath, isDisclosablePath, setPath, shownPosition } from './fields.js';

/**
 * A copy of an anchored credential with the fields at `paths` hidden: each value is removed from the
 * document and its salt from the proof, and its commitment goes into `proof.hidden`. The digest, and so
 * the leaf and the Merkle proof, stay the same; the hidden values appear nowhere in the result. Paths
 * already hidden are ignored. Array entries are named by their original positions (see fields.ts).
 *
 * @example
 * const forEmployer = redact(credential, ['credentialSubject.identifier.0', 'credentialSubject.identifier.2'])
 */
export function redact(credential: AnchoredCredential, paths: readonly string[]): AnchoredCredential {
  validateCredential(credential);
  const before = { salts: credential.proof.salts, hidden: credential.proof.hidden };
  const copy = structuredClone(credential) as AnchoredCredential;
  const salts = { ...copy.proof.salts };
  const hidden = { ...copy.proof.hidden };
  const removals = new Map<string, number[]>(); // array path -> shown positions to remove

  for (const path of new Set(paths)) {
    if (path in hidden) continue;
    const salt = salts[path];
    if (!isDisclosablePath(path) || salt === undefined) {
      throw new InvalidArgumentError(`${path} is not a field this credential shows and may hide.`, {
        details: `it may hide: ${Object.keys(salts).join(', ') || 'nothing'}`,
      });
    }
    const entry = arrayEntry(path);
    const shownAt = entry ? shownPosition(entry.position, entry.array, before.hidden) : -1;
    const value = entry ? (getPath(copy, entry.array) as unknown[])[shownAt] : getPath(copy, path);
    hidden[path] = fieldCommitment(salt, path, value);
    delete salts[path];
    if (entry) removals.set(entry.array, [...(removals.get(entry.array) ?? []), shownAt]);
    else setPath(copy, path, undefined);
  }

  for (const array of DISCLOSABLE_ARRAYS) {
    const doomed = new Set(removals.get(array));
    if (doomed.size === 0) continue;
    const kept = (getPath(copy, array) as unknown[]).filter((_, i) => !doomed.has(i));
    // An emptied array goes altogether: the schema allows no empty arrays, so there is one way to write it.
    setPath(copy, array, kept.length > 0 ? kept : undefined);
  }
  copy.proof.salts = salts;
  copy.proof.hidden = hidden;
  invariant(digestOf(copy, { salts, hidden }) === digestOf(credential, before), 'Hiding fields changed the digest.');
  return copy;
}
