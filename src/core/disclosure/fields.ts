/**
 * Which fields a holder may hide (format microcred-anchor-v1). Each is committed with its own salt, so
 * hiding one reveals nothing about it; everything else is committed in clear.
 *
 * Disclosable: what identifies the learner and what details the achievement, at least:
 * - `credentialSubject.id`: the learner's URI;
 * - `credentialSubject.identifier.<i>`: each of the learner's identities (issuer's id, name, email) on its own;
 * - `credentialSubject.achievement.description`, `….criteria.narrative`, `….creditsAvailable`;
 * - `credentialSubject.achievement.alignment.<i>`: each skill or competency on its own.
 *
 * Always shown: `@context`, `id`, `type`, `name`, `issuer`, `validFrom`, `validUntil`, the subject's `type`,
 * and the achievement's `id`, `type`, `name` and classification. A verifier needs those to know what is
 * claimed, by whom, and when; a credential with its achievement's name hidden would say nothing it could
 * act on. Any other property is shown too.
 *
 * Array entries keep the paths of their original positions: after `identifier.0` is hidden, the entry
 * shown first is still `identifier.1`. `proof.hidden` says which positions are hidden, so the original
 * array is rebuilt position by position (see `commitmentForm`).
 */
export const DISCLOSABLE_FIELDS = [
  'credentialSubject.id',
  'credentialSubject.achievement.description',
  'credentialSubject.achievement.criteria.narrative',
  'credentialSubject.achievement.creditsAvailable',
] as const;

export const DISCLOSABLE_ARRAYS = ['credentialSubject.identifier', 'credentialSubject.achievement.alignment'] as const;

/** Whether `path` names a disclosable field or array entry (`credentialSubject.identifier.2`). */
export function isDisclosablePath(path: string): boolean {
  if ((DISCLOSABLE_FIELDS as readonly string[]).includes(path)) return true;
  const entry = /^(.*)\.(0|[1-9]\d{0,5})$/.exec(path);
  return entry !== null && (DISCLOSABLE_ARRAYS as readonly string[]).includes(entry[1]!);
}

/** The array a disclosable entry path belongs to and its original position, or undefined for a field. */
export function arrayEntry(path: string): { array: string; position: number } | undefined {
  const entry = /^(.*)\.(0|[1-9]\d{0,5})$/.exec(path);
  if (!entry || !(DISCLOSABLE_ARRAYS as readonly string[]).includes(entry[1]!)) return undefined;
  return { array: entry[1]!, position: Number(entry[2]) };
}

/**
 * Where the entry at an original position of `array` sits among the entries still shown: each hidden
 * entry before it (named in `hidden` by its original position) is gone from the array.
 */
export function shownPosition(position: number, array: string, hidden: Record<string, unknown>): number {
  let before = 0;
  for (const path of Object.keys(hidden)) {
    const entry = arrayEntry(path);
    if (entry?.array === array && entry.position < position) before++;
  }
  return position - before;
}

type Json = Record<string, unknown>;

const splitPaths = new Map<string, string[]>();

/** The value at a dotted path of plain objects, or undefined. */
export function getPath(root: unknown, path: string): unknown {
  // Paths are a handful of constants, split once: this runs a dozen times per credential of a batch.
  let keys = splitPaths.get(path);
  if (!keys) {
    keys = path.split('.');
    if (splitPaths.size < 1024) splitPaths.set(path, keys);
  }
  let node: unknown = root;
  for (const key of keys) {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, key)) return undefined;
    node = (node as Json)[key];
  }
  return node;
}

/** Sets (or with `undefined`, deletes) the value at a dotted path whose parents exist. */
export function setPath(root: Json, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop()!;
  const parent = keys.length === 0 ? root : getPath(root, keys.join('.'));
  if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) return;
  if (value === undefined) delete (parent as Json)[last];
  else (parent as Json)[last] = value;
}
