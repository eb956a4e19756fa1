import type { z } from 'zod';
import { ANCHOR_PROOF_FORMAT, ANCHOR_PROOF_FORMAT_V1, ANCHOR_PROOF_TYPE, type AnchorProof } from '../anchorProof.js';
import { CredentialValidationError, type ValidationIssue } from '../errors.js';
import { jsonShapeProblem } from '../json/shape.js';
import { getPath } from '../disclosure/fields.js';
import { MICROCRED_CONTEXTS_V2 } from '../jsonld/microcredContext.js';
import { credentialFormat } from './format.js';
import { ISSUER_DID, achievementTemplateSchema, anchorProofSchema, credentialSchema, dataIntegrityProofSchema } from './schema.js';
import type { OpenBadgeCredential } from './types.js';

/** An achievement as the issuer writes it once for a whole batch (see examples/achievement.json). */
export type AchievementTemplate = z.infer<typeof achievementTemplateSchema>;

// Required by Open Badges, yet disclosable in format v1: absent only if the proof lists them as hidden.
// Format v2 requires them shown (redaction refuses to hide them).
const REQUIRED_UNLESS_HIDDEN = ['credentialSubject.achievement.description'] as const;

/** Whether a JSON value equals another (plain objects, arrays, primitives), key order aside. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && jsonEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/**
 * Checks that `value` is an OpenBadgeCredential this library can digest and returns it, typed. Throws a
 * `CredentialValidationError` whose `issues` name the path of each bad field (the first 20, and `count`
 * of them all), in time linear in the value. A redacted credential is valid: its hidden fields are listed
 * in `proof.hidden`. A value nested too deeply for the recursive steps after this one (zod, the canonical
 * form) is refused first, before any of them runs.
 *
 * @example
 * const credential = validateCredential(JSON.parse(file))
 */
export function validateCredential(value: unknown): OpenBadgeCredential {
  refuseUnwalkable('Credential', value);
  const result = credentialSchema.safeParse(value, { reportInput: true });
  const issues = result.success ? [] : toIssues(result.error.issues);
  if (result.success) {
    const credential = result.data as unknown as OpenBadgeCredential;
    const format = credentialFormat(credential);
    const anchor = checkProof(credential.proof, format, issues);
    const hidden = anchor?.hidden ?? {};
    if (format === 'v1') checkV1(credential, hidden, issues);
    else checkV2(credential, anchor, hidden, issues);
    if (credential.validUntil !== undefined && Date.parse(credential.validUntil) <= Date.parse(credential.validFrom)) {
      issues.push({ path: 'validUntil', message: `must be after validFrom (${credential.validFrom})` });
    }
  }
  if (issues.length > 0) throw new CredentialValidationError('Credential', issues);
  // The caller's object, not zod's copy: the digest must cover exactly what was given.
  return value as OpenBadgeCredential;
}

/**
 * The anchor proof, checked: v2's `proof` is a list of exactly one anchor proof and any number of Data
 * Integrity proofs; v1's is the anchor proof itself. Undefined (with issues added) when malformed or absent.
 */
function checkProof(proof: unknown, format: 'v1' | 'v2', issues: ValidationIssue[]): AnchorProof | undefined {
  if (proof === undefined) return undefined;
  const parse = (schema: z.ZodType, entry: unknown, at: string): boolean => {
    const result = schema.safeParse(entry, { reportInput: true });
    if (!result.success) for (const issue of toIssues(result.error.issues)) issues.push({ path: issue.path ? `${at}.${issue.path}` : at, message: issue.message });
    return result.success;
  };
  if (!Array.isArray(proof)) {
    if (!parse(anchorProofSchema, proof, 'proof')) return undefined;
    const anchor = proof as AnchorProof;
    if (anchor.format !== ANCHOR_PROOF_FORMAT_V1) issues.push({ path: 'proof', message: `must be a list: a single proof object is format ${ANCHOR_PROOF_FORMAT_V1}, not ${anchor.format}` });
    return anchor;
  }
  let anchor: AnchorProof | undefined;
  let anchors = 0;
  proof.forEach((entry: unknown, i) => {
    const type = (entry as { type?: unknown } | null)?.type;
    if (type === ANCHOR_PROOF_TYPE) {
      anchors++;
      if (parse(anchorProofSchema, entry, `proof.${i}`)) anchor = entry as AnchorProof;
    } else if (type === 'DataIntegrityProof') parse(dataIntegrityProofSchema, entry, `proof.${i}`);
    else issues.push({ path: `proof.${i}.type`, message: `must be "${ANCHOR_PROOF_TYPE}" or "DataIntegrityProof"` });
  });
  if (anchors !== 1) issues.push({ path: 'proof', message: `must hold exactly one ${ANCHOR_PROOF_TYPE} (it holds ${anchors})` });
  if (anchor && anchor.format !== ANCHOR_PROOF_FORMAT) issues.push({ path: 'proof', message: `a list of proofs is format ${ANCHOR_PROOF_FORMAT}; ${anchor.format} has one proof object` });
  return anchors === 1 ? anchor : undefined;
}

/** Format v1: a did:pkh issuer, and the required fields shown or hidden. */
function checkV1(credential: OpenBadgeCredential, hidden: Record<string, unknown>, issues: ValidationIssue[]): void {
  credential['@context'].slice(2).forEach((entry, i) => {
    if (typeof entry !== 'string') issues.push({ path: `@context.${i + 2}`, message: 'must be a context URL (format v1)' });
  });
  if (!ISSUER_DID.test(credential.issuer.id)) issues.push({ path: 'issuer.id', message: 'must be did:pkh:eip155:<chain id>:<issuer address> (format v1)' });
  for (const path of REQUIRED_UNLESS_HIDDEN) {
    if (getPath(credential, path) === undefined && !(path in hidden)) issues.push({ path, message: 'is required' });
  }
  const criteria = credential.credentialSubject.achievement.criteria;
  if (criteria.id === undefined && criteria.narrative === undefined && !('credentialSubject.achievement.criteria.narrative' in hidden)) {
    issues.push({ path: 'credentialSubject.achievement.criteria', message: 'needs a narrative or an id' });
  }
}

/**
 * Format v2: microcred's context, what Open Badges requires shown (never hidden), and once anchored a
 * status entry.
 */
function checkV2(credential: OpenBadgeCredential, anchor: AnchorProof | undefined, hidden: Record<string, unknown>, issues: ValidationIssue[]): void {
  const context = credential['@context'];
  // A structural comparison, not canonical JSON of both: this runs for every credential of a passport.
  // The plain v2 context, or its additive extension for component evidence (stacked credentials).
  if (context.length !== 3 || !MICROCRED_CONTEXTS_V2.some((known) => jsonEqual(context[2], known))) {
    issues.push({ path: '@context', message: 'must be the VC 2.0 and Open Badges 3.0 contexts followed by microcred\'s v2 context, unchanged' });
  }
  const achievement = credential.credentialSubject.achievement;
  if (achievement.description === undefined) {
    issues.push({ path: 'credentialSubject.achievement.description', message: 'is required (Open Badges 3.0) and may not be hidden' });
  }
  if (achievement.criteria.id === undefined && achievement.criteria.narrative === undefined) {
    issues.push({ path: 'credentialSubject.achievement.criteria', message: 'needs a narrative or an id (Open Badges 3.0), shown' });
  }
  const subject = credential.credentialSubject;
  if (subject.id === undefined && (subject.identifier?.length ?? 0) === 0) {
    issues.push({ path: 'credentialSubject', message: 'must show the learner\'s id or at least one identifier (Open Badges 3.0)' });
  }
  for (const path of Object.keys(hidden)) {
    if (path === 'credentialSubject.achievement.description') issues.push({ path, message: 'may not be hidden (Open Badges 3.0 requires it)' });
  }
  // Whether the entry agrees with the anchor proof is an integrity step (`checkIntegrity`), not a matter of shape.
  if (anchor && !credential.credentialStatus) issues.push({ path: 'credentialStatus', message: 'is required once the credential is anchored (format v2)' });
}

/** Checks an achievement template (strictly: unknown properties are errors). */
export function validateAchievementTemplate(value: unknown): AchievementTemplate {
  refuseUnwalkable('Achievement template', value);
  const result = achievementTemplateSchema.safeParse(value, { reportInput: true });
  if (!result.success) throw new CredentialValidationError('Achievement template', toIssues(result.error.issues));
  return value as AchievementTemplate;
}

/** One issue per bad field (its first problem: later checks on a malformed value only repeat it): zod's issues as this library reports them. */
export function toIssues(issues: readonly z.core.$ZodIssue[]): ValidationIssue[] {
  // A set of the paths seen, not a search of the list so far: 30,000 bad entries took 145 s that way.
  const seen = new Set<string>();
  const unique: ValidationIssue[] = [];
  const add = (path: string, message: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    unique.push({ path, message });
  };
  for (const issue of issues) {
    const path = issue.path.map(String).join('.');
    // Unknown keys are reported on their parent; name each one instead.
    if (issue.code === 'unrecognized_keys') for (const key of issue.keys) add(path ? `${path}.${key}` : key, 'is not a known property');
    else if (issue.code === 'invalid_type' && issue.input === undefined) add(path, 'is required');
    else add(path, issue.message);
  }
  return unique;
}

/** Refuses, as its only problem, a value whose nesting or size would overflow the recursive checks. */
function refuseUnwalkable(what: string, value: unknown): void {
  const problem = jsonShapeProblem(value);
  if (problem) throw new CredentialValidationError(what, [{ path: '', message: problem }]);
}
