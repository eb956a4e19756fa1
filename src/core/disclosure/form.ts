import type { Hex } from 'viem';
import { DisclosureError } from '../errors.js';
import { type CredentialFormat, credentialFormat } from '../credential/format.js';
import type { OpenBadgeCredential } from '../credential/types.js';
import { fieldCommitment } from './commit.js';
import { DISCLOSABLE_ARRAYS, DISCLOSABLE_FIELDS, arrayEntry, getPath, setPath } from './fields.js';

/** Salts of the fields a credential shows and commitments of those it hides, by field path. */
export interface Disclosure {
  salts: Record<string, Hex>;
  hidden: Record<string, Hex>;
}

type Json = Record<string, unknown>;

/**
 * What the digest is computed over: the credential without `proof` (and in format v2 without
 * `credentialStatus`, which names the batch's root and so can't be inside it), each disclosable field (shown or
 * hidden) replaced by its commitment. Showing or hiding a field therefore leaves it unchanged, while any
 * other change to a covered value changes it. Throws `DisclosureError` when the fields shown, `salts`
 * and `hidden` do not fit together.
 */
export function commitmentForm(credential: OpenBadgeCredential, { salts, hidden }: Disclosure): Json {
  const form = copyDisclosableParents(credential, credentialFormat(credential));
  const used = new Set<string>();
  const take = (path: string, value: unknown): Hex => {
    const [salt, commitment] = [salts[path], hidden[path]];
    used.add(path);
    if (value !== undefined && commitment !== undefined) fail(`${path} is both shown and hidden.`);
    if (value !== undefined) return salt === undefined ? fail(`${path} is shown without its salt.`) : fieldCommitment(salt, path, value);
    if (salt !== undefined) fail(`${path} has a salt but is not there.`);
    return commitment ?? fail(`${path} is neither shown nor hidden.`);
  };

  for (const path of DISCLOSABLE_FIELDS) {
    const value = getPath(credential, path);
    if (value !== undefined || hidden[path] !== undefined) setPath(form, path, take(path, value));
  }
  for (const array of DISCLOSABLE_ARRAYS) {
    const shown = (getPath(credential, array) as unknown[] | undefined) ?? [];
    const hiddenPositions = Object.keys(hidden).flatMap((path) => (arrayEntry(path)?.array === array ? [arrayEntry(path)!.position] : []));
    const length = shown.length + hiddenPositions.length;
    const entries: Hex[] = [];
    // Hidden entries keep their positions; shown entries fill the others in order.
    for (let position = 0, next = 0; position < length; position++) {
      const path = `${array}.${position}`;
      entries.push(take(path, hidden[path] !== undefined ? undefined : shown[next++]));
    }
    if (length > 0) setPath(form, array, entries);
  }

  for (const path of [...Object.keys(salts), ...Object.keys(hidden)]) {
    if (!used.has(path)) fail(`${path} has a ${path in salts ? 'salt' : 'hidden commitment'} but no such field.`);
  }
  return form;
}

/**
 * A copy of the credential without `proof` (and v2's `credentialStatus`), sharing all but the objects
 * that hold disclosable fields (copied, so replacing those fields leaves the caller's credential untouched).
 */
function copyDisclosableParents(credential: OpenBadgeCredential, format: CredentialFormat): Json {
  const { proof: _proof, ...rest } = credential;
  if (format === 'v2') delete rest.credentialStatus;
  const subject = credential.credentialSubject;
  const achievement = subject.achievement;
  return {
    ...rest,
    credentialSubject: { ...subject, achievement: { ...achievement, criteria: { ...achievement.criteria } } },
  };
}

function fail(message: string): never {
  throw new DisclosureError(`Credential was altered: ${message}`);
}
