import { type ComponentEvidence, type Pathway, type PathwayEvaluation, componentEvidence, evaluatePathway } from '../core/index.js';
import { didPkhAddress } from '../core/credential/issuer.js';
import { isPresentation, presentationCredentials } from '../core/presentation/build.js';
import type { TrustPolicy } from './verifyCredentials.js';
import { type PassportVerdict, type VerifyPassportOptions, verifyPassport } from './verifyPassport.js';

export interface PathwayVerdict {
  /** The passport's verdict (its holder check and each credential's verdict). */
  passport: PassportVerdict;
  /** The rules evaluated, when the passport is one identified learner's; absent when it was refused first. */
  evaluation?: PathwayEvaluation;
  /** The passport is accepted and every rule is met: a stacked credential may be issued. */
  met: boolean;
  /** The learner's DID, their name, and one evidence entry per counted component: what the stacked credential says. */
  learner?: { holder: string; name: string; evidence: ComponentEvidence[] };
  message: string;
}

/**
 * Whether a passport meets a pathway: the passport is verified (`verifyPassport`: each credential, the
 * holder's signature over the verifier's challenge), then the rules are evaluated over its valid
 * credentials about the holder. The verifier's trust policy is `options.trust` plus the issuers the
 * pathway names: naming an issuer for a component is trusting it for that component.
 *
 * @example
 * const verdict = await verifyPathway(pathway, JSON.parse(passportFile), { client, challenge })
 * if (!verdict.met) console.log(verdict.message, verdict.evaluation?.rules.filter((rule) => !rule.met))
 */
export async function verifyPathway(pathway: Pathway, passport: unknown, options: VerifyPassportOptions): Promise<PathwayVerdict> {
  const verdict = await verifyPassport(passport, { ...options, trust: withPathwayIssuers(pathway, options.trust) });
  const { holder } = verdict;
  if (holder.outcome === 'fail') return { passport: verdict, met: false, message: `Passport refused: ${holder.message}` };
  if (holder.holder === undefined) {
    return { passport: verdict, met: false, message: 'The passport names no learner DID: a stacked credential is issued to a DID (the learner signs the passport, or the credentials name their DID).' };
  }
  const credentials = isPresentation(passport) ? presentationCredentials(passport) : (passport as unknown[]);
  const evaluation = evaluatePathway(pathway, credentials, verdict.verdicts, { holder: holder.holder, now: options.now ?? new Date() });
  if (!evaluation.met) return { passport: verdict, evaluation, met: false, message: evaluation.message };
  const name = verdict.summary.learner.names[0];
  if (name === undefined) return { passport: verdict, evaluation, met: false, message: `${evaluation.message} But no valid credential shows the learner's name, which the stacked credential needs.` };
  const labels = verdict.verdicts.map((v) => (v.issuerIdentity?.verified ? (v.issuerIdentity.domain ?? v.issuerIdentity.did) : undefined));
  const evidence = evaluation.components.map((position) => componentEvidence(credentials[position], labels[position]));
  return { passport: verdict, evaluation, met: true, learner: { holder: holder.holder, name, evidence }, message: evaluation.message };
}

/** The trust policy with every issuer the pathway names added: its DID or domain (a did:pkh issuer: its account). */
function withPathwayIssuers(pathway: Pathway, trust: TrustPolicy | undefined): TrustPolicy {
  const names = pathway.rules.flatMap((rule) => (rule.components ?? []).map((component) => component.issuer));
  const accounts = names.flatMap((name) => {
    const account = didPkhAddress(name);
    return account === undefined ? [] : [account];
  });
  return {
    ...trust,
    issuers: [...new Set([...(trust?.issuers ?? []), ...accounts])],
    dids: [...new Set([...(trust?.dids ?? []), ...names.filter((name) => name.startsWith('did:') && !name.startsWith('did:pkh:'))])],
    domains: [...new Set([...(trust?.domains ?? []), ...names.filter((name) => !name.startsWith('did:'))])],
  };
}
