import type { Hex } from 'viem';
import { validateCredential } from '../credential/validate.js';
import { anchorProofOf, credentialFormat } from '../credential/format.js';
import type { OpenBadgeCredential } from '../credential/types.js';
import { InvalidArgumentError } from '../errors.js';
import { randomSalts } from './commit.js';
import { type Disclosure, commitmentForm } from './form.js';
import { formDigest } from './commit.js';
import { DISCLOSABLE_ARRAYS, DISCLOSABLE_FIELDS, getPath } from './fields.js';

/**
 * The credential's digest, the bytes32 its batch leaf commits to:
 * `keccak256("microcred/credential/<v1|v2>" 0x00 ‖ canonicalJson(commitmentForm(credential)))`. It covers every
 * field but `proof` (and v2's `credentialStatus`); disclosable fields enter through their salted commitments, so hiding a field keeps
 * the digest. The salts come from `credential.proof` unless given (a credential salted but not yet
 * anchored has no proof). Validates the credential first.
 *
 * @example
 * credentialDigest(anchored) === credentialDigest(redact(anchored, ['credentialSubject.identifier.2'])) // true
 */
export function credentialDigest(credential: OpenBadgeCredential, disclosure?: Disclosure): Hex {
  validateCredential(credential);
  return digestOf(credential, disclosure ?? disclosureOf(credential));
}

/** `credentialDigest` without the validation, for callers that just validated. */
export function digestOf(credential: OpenBadgeCredential, disclosure: Disclosure): Hex {
  return formDigest(commitmentForm(credential, disclosure), credentialFormat(credential));
}

/** Fresh salts (128 bits each) for every disclosable field a credential has; nothing hidden yet. */
export function saltCredential(credential: OpenBadgeCredential): Disclosure {
  const paths = shownDisclosablePaths(credential);
  const salts = randomSalts(paths.length);
  return { salts: Object.fromEntries(paths.map((path, i) => [path, salts[i]!])), hidden: {} };
}

/** Paths of the disclosable fields present in a credential nothing has been hidden from. */
export function shownDisclosablePaths(credential: OpenBadgeCredential): string[] {
  const paths: string[] = DISCLOSABLE_FIELDS.filter((path) => getPath(credential, path) !== undefined);
  for (const array of DISCLOSABLE_ARRAYS) {
    const entries = getPath(credential, array);
    if (Array.isArray(entries)) entries.forEach((_, i) => paths.push(`${array}.${i}`));
  }
  return paths;
}

function disclosureOf(credential: OpenBadgeCredential): Disclosure {
  const proof = anchorProofOf(credential);
  if (!proof) {
    throw new InvalidArgumentError('Credential has no proof, so no salts to digest it with.', {
      details: 'pass the Disclosure from saltCredential, or digest the anchored credential',
    });
  }
  return { salts: proof.salts, hidden: proof.hidden };
}
