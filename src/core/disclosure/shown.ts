import type { AnchoredCredential } from '../batch/types.js';
import { anchorProofOf } from '../credential/format.js';
import { arrayEntry, getPath, shownPosition } from './fields.js';
import { redact } from './redact.js';

/**
 * What a field is, in words a holder choosing what to hide recognises: the learner's identities by their
 * Open Badges `identityType` (`name`, `emailAddress`, `sourcedId`, …), the rest by what they hold.
 */
export type FieldKind = 'subject' | 'description' | 'narrative' | 'credits' | 'alignment' | (string & {});

const FIELD_KINDS: Record<string, FieldKind> = {
  'credentialSubject.id': 'subject',
  'credentialSubject.achievement.description': 'description',
  'credentialSubject.achievement.criteria.narrative': 'narrative',
  'credentialSubject.achievement.creditsAvailable': 'credits',
};

export interface ShownField {
  /** The path to hand `redact` (an array entry by its original position). */
  path: string;
  kind: FieldKind;
  /** The value as the credential shows it. */
  value: unknown;
}

/**
 * The fields of an anchored credential its holder may still hide (each one shown, with its salt in the
 * proof), in the order of the proof's salts. What Open Badges 3.0 requires shown is left out (the
 * description; the criteria narrative when the criteria have no id); identities are all listed, though
 * `redact` keeps the last one.
 *
 * @example
 * const emails = shownFields(credential).filter((field) => field.kind === 'emailAddress').map((field) => field.path)
 * const forEmployer = redact(credential, emails)
 */
export function shownFields(credential: AnchoredCredential): ShownField[] {
  const proof = anchorProofOf(credential);
  if (!proof) return [];
  const hidden = proof.hidden;
  const criteriaId = credential.credentialSubject.achievement.criteria.id;
  const required = (path: string) => path === 'credentialSubject.achievement.description' || (path === 'credentialSubject.achievement.criteria.narrative' && criteriaId === undefined);
  return Object.keys(proof.salts).filter((path) => !required(path)).map((path) => {
    const entry = arrayEntry(path);
    if (!entry) return { path, kind: FIELD_KINDS[path] ?? path, value: getPath(credential, path) };
    const value = (getPath(credential, entry.array) as unknown[] | undefined)?.[shownPosition(entry.position, entry.array, hidden)];
    const identityType = (value as { identityType?: unknown } | undefined)?.identityType;
    const kind = entry.array === 'credentialSubject.identifier' && typeof identityType === 'string' ? identityType : 'alignment';
    return { path, kind, value };
  });
}

/**
 * A copy of an anchored credential with every shown field of the given kinds hidden: what a holder
 * means by "don't show my email". Kinds the credential doesn't show are ignored. See `redact`.
 *
 * @example
 * const forEmployer = hideFieldKinds(credential, ['emailAddress', 'sourcedId'])
 */
export function hideFieldKinds(credential: AnchoredCredential, kinds: readonly FieldKind[]): AnchoredCredential {
  const wanted = new Set(kinds);
  return redact(credential, shownFields(credential).filter((field) => wanted.has(field.kind)).map((field) => field.path));
}
