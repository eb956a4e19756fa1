import type { z } from 'zod';
import { CredentialValidationError, type ValidationIssue } from '../errors.js';
import { jsonShapeProblem } from '../json/shape.js';
import { getPath } from '../disclosure/fields.js';
import { achievementTemplateSchema, credentialSchema } from './schema.js';
import type { OpenBadgeCredential } from './types.js';

/** An achievement as the issuer writes it once for a whole batch (see examples/achievement.json). */
export type AchievementTemplate = z.infer<typeof achievementTemplateSchema>;

// Required by Open Badges, yet disclosable: absent only if the proof lists them as hidden.
const REQUIRED_UNLESS_HIDDEN = ['credentialSubject.achievement.description'] as const;

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
    const credential = result.data;
    const hidden = credential.proof?.hidden ?? {};
    for (const path of REQUIRED_UNLESS_HIDDEN) {
      if (getPath(credential, path) === undefined && !(path in hidden)) issues.push({ path, message: 'is required' });
    }
    const criteria = credential.credentialSubject.achievement.criteria;
    const narrative = 'credentialSubject.achievement.criteria.narrative';
    if (criteria.id === undefined && criteria.narrative === undefined && !(narrative in hidden)) {
      issues.push({ path: 'credentialSubject.achievement.criteria', message: 'needs a narrative or an id' });
    }
    if (credential.validUntil !== undefined && Date.parse(credential.validUntil) <= Date.parse(credential.validFrom)) {
      issues.push({ path: 'validUntil', message: `must be after validFrom (${credential.validFrom})` });
    }
  }
  if (issues.length > 0) throw new CredentialValidationError('Credential', issues);
  // The caller's object, not zod's copy: the digest must cover exactly what was given.
  return value as OpenBadgeCredential;
}

/** Checks an achievement template (strictly: unknown properties are errors). */
export function validateAchievementTemplate(value: unknown): AchievementTemplate {
  refuseUnwalkable('Achievement template', value);
  const result = achievementTemplateSchema.safeParse(value, { reportInput: true });
  if (!result.success) throw new CredentialValidationError('Achievement template', toIssues(result.error.issues));
  return value as AchievementTemplate;
}

/** One issue per bad field (its first problem: later checks on a malformed value only repeat it). */
function toIssues(issues: readonly z.core.$ZodIssue[]): ValidationIssue[] {
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
