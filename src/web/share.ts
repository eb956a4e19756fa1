import { type AnchoredCredential, type FieldKind, hideFieldKinds, shownFields, validateCredential } from '../core/index.js';
import type { SourcedCredential } from '../verifier/index.js';

/** How the page names each kind of field a holder may hide. */
const KIND_LABELS: Record<string, string> = {
  name: 'Name',
  emailAddress: 'Email address',
  sourcedId: 'Student id',
  subject: 'Learner URI',
  description: 'Achievement description',
  narrative: 'Criteria narrative',
  credits: 'Credits',
  alignment: 'Skills and alignments',
};

export const kindLabel = (kind: FieldKind): string => KIND_LABELS[kind] ?? kind;

/** The kinds of field the loaded credentials still show, each with how many credentials show it. */
export function hideableKinds(items: readonly SourcedCredential[]): Map<FieldKind, number> {
  const counts = new Map<FieldKind, number>();
  for (const { credential } of items) {
    if (!isAnchored(credential)) continue;
    for (const kind of new Set(shownFields(credential).map((field) => field.kind))) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return counts;
}

/**
 * The file a holder hands a verifier: each credential with the chosen kinds hidden; one credential stays
 * a credential, several become a passport (a JSON array), as `microcred share` writes them.
 *
 * @throws Error naming the source of a credential that can't be shared (not a valid anchored credential)
 */
export function sharedFile(items: readonly SourcedCredential[], kinds: readonly FieldKind[]): { name: string; text: string } {
  const shared = items.map(({ source, credential }) => {
    if (!isAnchored(credential)) throw new Error(`${source}: not a valid anchored credential, so it can't be shared`);
    return hideFieldKinds(credential, kinds);
  });
  const value = shared.length === 1 ? shared[0] : shared;
  return { name: shared.length === 1 ? 'credential.json' : 'passport.json', text: `${JSON.stringify(value, null, 2)}\n` };
}

function isAnchored(credential: unknown): credential is AnchoredCredential {
  try {
    validateCredential(credential);
  } catch {
    return false;
  }
  return typeof (credential as { proof?: unknown }).proof === 'object';
}
