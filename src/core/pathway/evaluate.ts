import { didPkhAddress } from '../credential/issuer.js';
import type { Pathway, PathwayComponent, PathwayRule } from './types.js';
import { componentKey } from './validate.js';

/**
 * What evaluation needs of a credential's verdict (a `Verdict` of `verifyCredentials` fits): whether it is
 * valid (genuine, anchored, not revoked, suspended or expired, from an issuer the verifier's policy
 * trusts), its status to say why not, and who the issuer verifiably is.
 */
export interface CandidateVerdict {
  ok: boolean;
  status: string;
  issuerIdentity?: { did: string; domain?: string; verified: boolean } | undefined;
}

export interface EvaluatePathwayOptions {
  /** The learner's DID (the passport's holder): only credentials about this DID count. */
  holder: string;
  /** When the evaluation happens: `maxAgeDays` counts back from it. */
  now: Date;
}

/** One component of a rule, and the credential that meets it (by its position in the passport), or why none does. */
export interface ComponentOutcome {
  component: PathwayComponent;
  met?: { position: number; id?: string };
  /** Why no credential meets it: absent from the passport, revoked, another learner's, too old... */
  reason?: string;
}

export interface RuleOutcome {
  id: string;
  type: PathwayRule['type'];
  met: boolean;
  /** `allOf` / `nOf`: each component; `minCredits`: each component credits are counted from. */
  components: ComponentOutcome[];
  /** `minCredits`: credits earned from the counted credentials, and the credits required. */
  credits?: { earned: number; required: number };
  /** Positions of the credentials this rule counts (the ones meeting its components, or earning its credits). */
  counted: number[];
  /** One sentence: met, or what is missing. */
  message: string;
}

export interface PathwayEvaluation {
  /** Every rule is met. */
  met: boolean;
  rules: RuleOutcome[];
  /** Positions (in passport order) of the credentials the rules counted: the stacked credential's evidence. Empty unless met. */
  components: number[];
  message: string;
}

/**
 * Evaluates a pathway's rules over a passport's credentials and their verdicts (`verdicts[i]` judges
 * `credentials[i]`). Pure and deterministic: the same input always gives the same outcome. A credential counts only if its verdict is valid, it is about `holder` (`credentialSubject.id`),
 * its issuer is verifiably the one the component names (a verified DID or domain; a did:pkh issuer is its
 * own account, which the anchor checks established, on whatever chain id its DID names), and, with `maxAgeDays`, it was awarded recently
 * enough. When several credentials meet a component, the most recent one is chosen. A credential may
 * count for several rules; within a `minCredits` rule each credential (by id) counts once.
 *
 * @example
 * const evaluation = evaluatePathway(pathway, credentials, verdicts, { holder: passport.holder, now: new Date() })
 * for (const rule of evaluation.rules) console.log(rule.met ? 'met' : 'NOT met', rule.message)
 */
export function evaluatePathway(pathway: Pathway, credentials: readonly unknown[], verdicts: readonly CandidateVerdict[], options: EvaluatePathwayOptions): PathwayEvaluation {
  // By achievement id: each component looks only at the credentials of its achievement.
  const facts = new Map<string, CredentialFacts[]>();
  credentials.forEach((credential, position) => {
    const f = factsOf(credential, verdicts[position], position, pathway, options);
    if (f.achievement === undefined) return;
    const list = facts.get(f.achievement);
    if (list) list.push(f);
    else facts.set(f.achievement, [f]);
  });
  const rules = pathway.rules.map((rule) => evaluateRule(rule, pathway, facts));
  const met = rules.every((rule) => rule.met);
  const components = met ? [...new Set(rules.flatMap((rule) => rule.counted))].sort((a, b) => a - b) : [];
  const missing = rules.filter((rule) => !rule.met).map((rule) => rule.id);
  const message = met
    ? `Pathway ${pathway.id} is met: ${rules.length === 1 ? 'its rule holds' : `all ${rules.length} rules hold`}, from ${components.length} credential(s).`
    : `Pathway ${pathway.id} is not met: ${missing.length === 1 ? 'rule' : 'rules'} ${missing.join(', ')} ${missing.length === 1 ? 'does' : 'do'} not hold.`;
  return { met, rules, components, message };
}

/** What one credential offers a pathway, read defensively (a malformed credential just counts for nothing). */
interface CredentialFacts {
  position: number;
  id?: string;
  achievement?: string;
  issuer?: { did: string; domain?: string; verified: boolean };
  validFrom?: number;
  credits?: number;
  /** Why it can't count for any component, or undefined when it can (if its issuer and achievement fit). */
  unusable?: string;
}

function factsOf(credential: unknown, verdict: CandidateVerdict | undefined, position: number, pathway: Pathway, { holder, now }: EvaluatePathwayOptions): CredentialFacts {
  const vc = object(credential);
  const subject = object(vc.credentialSubject);
  const achievement = object(subject.achievement);
  const validFrom = typeof vc.validFrom === 'string' ? Date.parse(vc.validFrom) : Number.NaN;
  const facts: CredentialFacts = {
    position,
    ...(typeof vc.id === 'string' ? { id: vc.id } : {}),
    ...(typeof achievement.id === 'string' ? { achievement: achievement.id } : {}),
    ...(verdict?.issuerIdentity ? { issuer: verdict.issuerIdentity } : {}),
    ...(Number.isNaN(validFrom) ? {} : { validFrom }),
  };
  const credits = credit(subject.creditsEarned) ?? credit(achievement.creditsAvailable);
  if (credits !== undefined) facts.credits = credits;
  if (!verdict?.ok) facts.unusable = `${verdict?.status ?? 'not verified'}`;
  else if (typeof subject.id !== 'string') facts.unusable = 'it names no learner DID, so it is not bound to the holder';
  else if (subject.id !== holder) facts.unusable = `it is about ${subject.id}, not the holder`;
  else if (facts.validFrom === undefined) facts.unusable = 'it has no award date';
  else if (pathway.maxAgeDays !== undefined && facts.validFrom < now.getTime() - pathway.maxAgeDays * DAY_MS) {
    facts.unusable = `awarded ${new Date(facts.validFrom).toISOString().slice(0, 10)}, more than ${pathway.maxAgeDays} days ago`;
  }
  return facts;
}

const DAY_MS = 86_400_000;

/** Whether the credential's verified issuer is the one the component names. */
function issuerIs(facts: CredentialFacts, name: string): boolean {
  const issuer = facts.issuer;
  if (issuer === undefined) return false;
  // A did:pkh issuer is its account, whatever chain id the DID was written with (as verifiers compare it).
  const account = didPkhAddress(name);
  if (account !== undefined) return didPkhAddress(issuer.did) === account;
  if (!issuer.verified) return false;
  return name.startsWith('did:') ? issuer.did === name : issuer.domain === name;
}

/** The credential meeting a component (the most recent, then the first in the passport), or why none does. */
function meet(component: PathwayComponent, facts: ReadonlyMap<string, CredentialFacts[]>): ComponentOutcome {
  const same = facts.get(component.achievement) ?? [];
  const fromIssuer = same.filter((f) => issuerIs(f, component.issuer));
  const usable = fromIssuer.filter((f) => f.unusable === undefined).sort((a, b) => b.validFrom! - a.validFrom! || a.position - b.position);
  const best = usable[0];
  if (best) return { component, met: { position: best.position, ...(best.id === undefined ? {} : { id: best.id }) } };
  let reason: string;
  if (same.length === 0) reason = 'not in the passport';
  else if (fromIssuer.length === 0) reason = `held, but not from ${component.issuer} as verified`;
  else reason = `held, but ${fromIssuer.map((f) => f.unusable).join('; ')}`;
  return { component, reason };
}

function evaluateRule(rule: PathwayRule, pathway: Pathway, facts: ReadonlyMap<string, CredentialFacts[]>): RuleOutcome {
  if (rule.type === 'minCredits') return evaluateCredits(rule, pathway, facts);
  const components = rule.components.map((component) => meet(component, facts));
  const held = components.filter((outcome) => outcome.met);
  const needed = rule.type === 'allOf' ? rule.components.length : rule.n;
  const met = held.length >= needed;
  const missing = components.filter((outcome) => !outcome.met).map((outcome) => `${outcome.component.achievement} from ${outcome.component.issuer} (${outcome.reason})`);
  const of = rule.type === 'nOf' ? `${needed} of ${rule.components.length} components` : needed === 1 ? '1 component' : `all ${needed} components`;
  const message = met
    ? `${rule.id}: ${of} required, ${held.length} held.`
    : `${rule.id}: ${of} required, ${held.length} held; missing ${missing.join(', ')}.`;
  return { id: rule.id, type: rule.type, met, components, counted: held.map((outcome) => outcome.met!.position), message };
}

function evaluateCredits(rule: Extract<PathwayRule, { type: 'minCredits' }>, pathway: Pathway, facts: ReadonlyMap<string, CredentialFacts[]>): RuleOutcome {
  const named = rule.components ?? uniqueComponents(pathway.rules.filter((other) => other.type !== 'minCredits').flatMap((other) => other.components ?? []));
  const counted = new Map<string, CredentialFacts>();
  const components: ComponentOutcome[] = named.map((component) => {
    const outcome = meet(component, facts);
    for (const f of facts.get(component.achievement) ?? []) {
      if (f.unusable !== undefined || f.credits === undefined || !issuerIs(f, component.issuer)) continue;
      // A credential shown twice (a full copy and a redacted one) earns its credits once.
      const key = f.id ?? `#${f.position}`;
      if (!counted.has(key)) counted.set(key, f);
    }
    return outcome;
  });
  // In hundredths, as credits are written (`7.5`): sums of decimals stay exact.
  const earned = [...counted.values()].reduce((sum, f) => sum + Math.round(f.credits! * 100), 0) / 100;
  const met = earned >= rule.credits;
  const message = met ? `${rule.id}: ${rule.credits} credits required, ${earned} earned.` : `${rule.id}: ${rule.credits} credits required, only ${earned} earned.`;
  const positions = [...counted.values()].map((f) => f.position).sort((a, b) => a - b);
  return { id: rule.id, type: 'minCredits', met, components, credits: { earned, required: rule.credits }, counted: positions, message };
}

function uniqueComponents(list: readonly PathwayComponent[]): PathwayComponent[] {
  const seen = new Set<string>();
  return list.filter((component) => !seen.has(componentKey(component)) && Boolean(seen.add(componentKey(component))));
}

const object = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const credit = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);
