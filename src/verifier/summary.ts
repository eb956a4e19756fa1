import type { Verdict } from './verdict.js';

/**
 * What an employer reads off a skills passport: who the learner is, who issued what, the credits and the
 * skills. Only valid credentials count toward credits and skills; every credential is listed with its status.
 */
export interface PassportSummary {
  /** The learner's names as the credentials show them (usually one). */
  learner: { names: string[]; did?: string };
  /** Each issuer once: its verified domain or DID, or an unidentified account. */
  issuers: IssuerLine[];
  /** Each credential, in the passport's order. */
  achievements: AchievementLine[];
  /**
   * Credits of the valid credentials, each credential (by id) once: its `creditsEarned`, else the
   * achievement's `creditsAvailable` (a completed achievement earns what it offers).
   */
  totalCredits: number;
  /** Skills and competencies of the valid credentials (their alignments), grouped by framework. */
  skills: { framework: string; skills: { name: string; url?: string; code?: string }[] }[];
}

export interface IssuerLine {
  /** What to call it: the verified domain (`northfield.edu`), the verified DID, or `account 0x…`. */
  label: string;
  did?: string;
  verified: boolean;
  /** Accreditors (from the verifier's trust policy) that accredit it on chain: verified domain or DID, else account. */
  accreditedBy: string[];
}

export interface AchievementLine {
  id?: string;
  achievement?: string;
  /** Who issued it (see `IssuerLine.label`). */
  issuer: string;
  /** `validFrom`: when it was awarded. */
  date?: string;
  credits?: number;
  status: Verdict['status'];
}

/** The summary of verified credentials (`credentials[i]` judged by `verdicts[i]`). */
export function summarisePassport(credentials: readonly unknown[], verdicts: readonly Verdict[]): PassportSummary {
  const names = new Set<string>();
  const dids = new Set<string>();
  const issuers = new Map<string, IssuerLine>();
  const achievements: AchievementLine[] = [];
  const frameworks = new Map<string, Map<string, { name: string; url?: string; code?: string }>>();
  let totalCredits = 0;
  const counted = new Set<string>();

  credentials.forEach((value, i) => {
    const verdict = verdicts[i]!;
    const vc = object(value);
    const subject = object(vc.credentialSubject);
    const achievement = object(subject.achievement);
    const identity = verdict.issuerIdentity;
    const issuer = identity?.verified ? (identity.domain ?? identity.did) : verdict.issuer ? `account ${verdict.issuer}` : 'unknown issuer';
    if (verdict.ok) {
      const line = issuers.get(issuer) ?? { label: issuer, ...(identity ? { did: identity.did } : {}), verified: identity?.verified ?? false, accreditedBy: [] };
      for (const accreditor of verdict.recognisedBy ?? verdict.accreditedBy ?? []) if (!line.accreditedBy.includes(accreditor)) line.accreditedBy.push(accreditor);
      issuers.set(issuer, line);
      for (const entry of array(subject.identifier)) if (object(entry).identityType === 'name' && typeof object(entry).identityHash === 'string') names.add(object(entry).identityHash as string);
      if (typeof subject.id === 'string') dids.add(subject.id);
    }
    const credits = number(subject.creditsEarned) ?? number(achievement.creditsAvailable);
    // A credential shown twice (a full copy and a redacted one) earns its credits once.
    const first = typeof vc.id !== 'string' || !counted.has(vc.id);
    if (typeof vc.id === 'string') counted.add(vc.id);
    if (verdict.ok && first && credits !== undefined) totalCredits += credits;
    achievements.push({
      ...(typeof vc.id === 'string' ? { id: vc.id } : {}),
      ...(text(achievement.name) ?? text(vc.name) ? { achievement: (text(achievement.name) ?? text(vc.name))! } : {}),
      issuer,
      ...(text(vc.validFrom) ? { date: text(vc.validFrom)! } : {}),
      ...(credits === undefined ? {} : { credits }),
      status: verdict.status,
    });
    if (!verdict.ok) return;
    for (const entry of array(achievement.alignment)) {
      const alignment = object(entry);
      const name = text(alignment.targetName);
      if (!name) continue;
      const framework = text(alignment.targetFramework) ?? '(no framework)';
      const skills = frameworks.get(framework) ?? new Map();
      const url = text(alignment.targetUrl);
      const code = text(alignment.targetCode);
      skills.set(url ?? name, { name, ...(url ? { url } : {}), ...(code ? { code } : {}) });
      frameworks.set(framework, skills);
    }
  });

  return {
    learner: { names: [...names], ...(dids.size === 1 ? { did: [...dids][0]! } : {}) },
    issuers: [...issuers.values()],
    achievements,
    totalCredits,
    skills: [...frameworks].map(([framework, skills]) => ({ framework, skills: [...skills.values()] })),
  };
}

/**
 * Whether a passport's credentials are one learner's, and how strongly that is known:
 * - `did`: every credential names the learner by the same DID (the presentation's holder, when signed);
 * - `identifiers`: some carry no DID, and all are linked to each other by a shared email address or name
 *   (a weaker binding: anyone can share a name);
 * - `different`: they are not one learner's (`groups` says which go together).
 */
export type SameLearner =
  | { binding: 'did'; did: string }
  | { binding: 'identifiers'; did?: string; linkedBy: string[] }
  | { binding: 'different'; reason: string };

export function sameLearner(credentials: readonly unknown[], holder?: string): SameLearner {
  const subjects = credentials.map((value) => object(object(value).credentialSubject));
  const dids = new Set(subjects.flatMap((subject) => (typeof subject.id === 'string' ? [subject.id] : [])));
  if (holder !== undefined) dids.add(holder);
  if (dids.size > 1) return { binding: 'different', reason: `the credentials name different learners: ${[...dids].join(', ')}` };
  const did = dids.size === 1 ? [...dids][0]! : undefined;
  if (did !== undefined && subjects.every((subject) => subject.id === did)) return { binding: 'did', did };

  // Union-find over credentials: two are linked when they share a learner id (DID), an email or a name.
  const parent = credentials.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const firstWith = new Map<string, number>();
  const linkedBy = new Set<string>();
  subjects.forEach((subject, i) => {
    const keys = [
      ...(typeof subject.id === 'string' ? [`id:${subject.id}`] : []),
      ...array(subject.identifier).flatMap((entry) => {
        const identity = object(entry);
        const type = identity.identityType;
        const value = typeof identity.identityHash === 'string' ? identity.identityHash.trim().toLowerCase() : undefined;
        return (type === 'emailAddress' || type === 'name') && value ? [`${type}:${value}`] : [];
      }),
    ];
    for (const key of keys) {
      const other = firstWith.get(key);
      if (other === undefined) firstWith.set(key, i);
      else if (find(other) !== find(i)) {
        parent[find(i)] = find(other);
        linkedBy.add(key.split(':')[0]!);
      }
    }
  });
  const groups = new Set(credentials.map((_, i) => find(i)));
  if (groups.size > 1) {
    return { binding: 'different', reason: 'the credentials name no learner in common (no shared DID, email or name): they may be different people\'s' };
  }
  return { binding: 'identifiers', ...(did === undefined ? {} : { did }), linkedBy: [...linkedBy] };
}

const object = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const array = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value : undefined);
const number = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);
