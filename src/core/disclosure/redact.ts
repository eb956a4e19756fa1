import type { AnchoredCredential } from '../batch/types.js';
import { anchorProofOf, withAnchorProof } from '../credential/format.js';
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
 * What Open Badges 3.0 requires stays shown: hiding the achievement's description, its criteria narrative
 * when the criteria have no `id`, or the learner's last identity (`credentialSubject.id` or an identifier)
 * is refused. A v2 copy with anything hidden drops the issuer's signature, which covers the hidden values:
 * it verifies by its anchor alone (see `checkIntegrity`).
 *
 * @example
 * const forEmployer = redact(credential, ['credentialSubject.identifier.0', 'credentialSubject.identifier.2'])
 */
export function redact(credential: AnchoredCredential, paths: readonly string[]): AnchoredCredential {
  validateCredential(credential);
  const proof = anchorProofOf(credential);
  if (!proof) throw new InvalidArgumentError('Credential has no anchor proof: only an anchored credential can hide fields.');
  const before = { salts: proof.salts, hidden: proof.hidden };
  const copy = structuredClone(credential) as AnchoredCredential;
  const salts = { ...proof.salts };
  const hidden = { ...proof.hidden };
  refuseRequired(credential, new Set(paths.filter((path) => !(path in hidden))));
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
  const hiding = Object.keys(hidden).length > Object.keys(before.hidden).length;
  const result = withAnchorProof(copy, { ...proof, salts, hidden }, { keepSignatures: !hiding }) as AnchoredCredential;
  invariant(digestOf(result, { salts, hidden }) === digestOf(credential, before), 'Hiding fields changed the digest.');
  return result;
}

const DESCRIPTION = 'credentialSubject.achievement.description';
const NARRATIVE = 'credentialSubject.achievement.criteria.narrative';

/** Refuses to hide what Open Badges 3.0 requires a credential to show. */
function refuseRequired(credential: AnchoredCredential, hiding: Set<string>): void {
  if (hiding.has(DESCRIPTION)) throw new InvalidArgumentError('The achievement\'s description can\'t be hidden: Open Badges 3.0 requires it.');
  if (hiding.has(NARRATIVE) && credential.credentialSubject.achievement.criteria.id === undefined) {
    throw new InvalidArgumentError('The criteria narrative can\'t be hidden: the criteria have no id, and Open Badges 3.0 requires one of the two.');
  }
  const subject = credential.credentialSubject;
  const identities = (subject.id === undefined ? 0 : 1) + (subject.identifier?.length ?? 0);
  const identityPaths = [...hiding].filter((path) => path === 'credentialSubject.id' || path.startsWith('credentialSubject.identifier.'));
  if (identities > 0 && identityPaths.length >= identities) {
    throw new InvalidArgumentError('The learner\'s last identity can\'t be hidden: Open Badges 3.0 requires the learner\'s id or at least one identifier.', {
      details: 'keep one of their identifiers (for example their name) shown',
    });
  }
}
