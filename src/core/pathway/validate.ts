import * as z from 'zod';
import { DID, achievementTemplateSchema } from '../credential/schema.js';
import { toIssues } from '../credential/validate.js';
import { isDidWebDomain } from '../did/web.js';
import { CredentialValidationError, type ValidationIssue } from '../errors.js';
import { jsonShapeProblem } from '../json/shape.js';
import { PATHWAY_TYPE, PATHWAY_VERSION, type Pathway, type PathwayComponent } from './types.js';

/**
 * A value that is not a valid pathway document: every problem, each with the path of its field
 * (`rules.1.n: must be at most 3, the number of components`).
 */
export class PathwayValidationError extends CredentialValidationError {
  override name = 'PathwayValidationError';
}

const uri = z.string({ error: 'must be a URI' }).regex(/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/, 'must be a URI such as https://… or urn:…');
const issuerName = z
  .string({ error: 'must be a DID or a domain' })
  .refine((value) => DID.test(value) || isDidWebDomain(value), 'must be a DID (did:web:…) or a lowercase domain (credentials.example.edu)');
const component = z.strictObject({ achievement: uri, issuer: issuerName });
const components = z.array(component, { error: 'must be a list of components' }).min(1, 'must list at least one component');
const ruleId = z.string({ error: 'must be a string' }).regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1-64 letters, digits, . _ - (a short name for the rule)');
const positiveInteger = z.number({ error: 'must be a number' }).int('must be a whole number').positive('must be at least 1');

const rule = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ id: ruleId, type: z.literal('allOf'), components }),
    z.strictObject({ id: ruleId, type: z.literal('nOf'), n: positiveInteger, components }),
    z.strictObject({ id: ruleId, type: z.literal('minCredits'), credits: z.number({ error: 'must be a number' }).positive('must be more than 0').max(1e9, 'is too large'), components: components.optional() }),
  ],
  { error: 'must have a type: "allOf", "nOf" or "minCredits"' },
);

const pathwaySchema = z.strictObject({
  type: z.literal(PATHWAY_TYPE, { error: `must be "${PATHWAY_TYPE}"` }),
  version: z.literal(PATHWAY_VERSION, { error: `must be ${PATHWAY_VERSION} (the pathway format this version of microcred reads)` }),
  id: uri,
  issuer: z.string({ error: 'must be a DID' }).regex(DID, 'must be the DID of the issuer awarding the achievement (did:web:…)'),
  achievement: achievementTemplateSchema,
  rules: z.array(rule, { error: 'must be a list of rules' }).min(1, 'must list at least one rule').max(100, 'may list at most 100 rules'),
  maxAgeDays: positiveInteger.max(36_500, 'must be at most 36500 (100 years)').optional(),
});

// Enough for any real programme, few enough that evaluating hostile input stays instant.
const MAX_COMPONENTS = 1000;

/**
 * Checks a pathway document (strictly: an unknown property is an error, a misspelt `maxAgeDay` must not be
 * ignored) and returns it typed. Besides each field's shape: rule ids are unique, a rule names each
 * component once, `n` is at most the number of components, and a `minCredits` rule without components
 * has some to count from in the other rules.
 *
 * @throws PathwayValidationError listing every problem with its path
 * @example
 * const pathway = validatePathway(JSON.parse(readFileSync('examples/pathway.json', 'utf8')))
 */
export function validatePathway(value: unknown): Pathway {
  const shape = jsonShapeProblem(value);
  if (shape) throw new PathwayValidationError('Pathway', [{ path: '', message: shape }]);
  const result = pathwaySchema.safeParse(value, { reportInput: true });
  if (!result.success) throw new PathwayValidationError('Pathway', toIssues(result.error.issues));
  const pathway = result.data as Pathway;
  const issues = ruleIssues(pathway);
  if (issues.length > 0) throw new PathwayValidationError('Pathway', issues);
  return pathway;
}

/** What each rule's shape allows but the pathway as a whole doesn't. */
function ruleIssues(pathway: Pathway): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const ids = new Set<string>();
  let named = 0;
  pathway.rules.forEach((rule, i) => {
    if (ids.has(rule.id)) issues.push({ path: `rules.${i}.id`, message: `"${rule.id}" names another rule already` });
    ids.add(rule.id);
    const list = rule.components ?? [];
    if (rule.type !== 'minCredits') named += list.length;
    const seen = new Set<string>();
    list.forEach((entry, j) => {
      const key = componentKey(entry);
      if (seen.has(key)) issues.push({ path: `rules.${i}.components.${j}`, message: `names ${entry.achievement} from ${entry.issuer} a second time in this rule` });
      seen.add(key);
    });
    if (rule.type === 'nOf' && rule.n > list.length) issues.push({ path: `rules.${i}.n`, message: `must be at most ${list.length}, the number of components` });
  });
  pathway.rules.forEach((rule, i) => {
    if (rule.type === 'minCredits' && rule.components === undefined && named === 0) {
      issues.push({ path: `rules.${i}.components`, message: 'is required: no other rule names components to count credits from' });
    }
  });
  const total = pathway.rules.reduce((sum, rule) => sum + (rule.components?.length ?? 0), 0);
  if (total > MAX_COMPONENTS) issues.push({ path: 'rules', message: `name ${total} components in all; at most ${MAX_COMPONENTS} are allowed` });
  return issues;
}

/** One string per component. */
export function componentKey(component: PathwayComponent): string {
  return `${component.achievement}\u0000${component.issuer}`;
}
