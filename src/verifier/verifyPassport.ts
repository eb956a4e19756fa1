import { resolveDid } from '../core/did/resolve.js';
import { InvalidArgumentError } from '../core/errors.js';
import { isPresentation, presentationCredentials, presentationHolder } from '../core/presentation/build.js';
import type { VerifiablePresentation } from '../core/presentation/types.js';
import { verifyPresentationSignature } from '../core/presentation/verify.js';
import { checkComponents } from './components.js';
import { type PassportSummary, sameLearner, summarisePassport } from './summary.js';
import type { Verdict } from './verdict.js';
import { type VerifyOptions, verifyCredentials } from './verifyCredentials.js';

/**
 * Whether the passport is one learner's, presented by that learner:
 * - `pass`, `signed`: a presentation signed by its holder's key (over the verifier's challenge and domain
 *   when it gave them), every credential naming the holder's DID;
 * - `pass`, `did` / `identifiers`: an unsigned passport (a list of credentials) whose credentials name one
 *   learner, by one DID, or (weaker: anyone can share a name) by a shared email address or name;
 * - `fail`: different learners' credentials, a broken or replayed holder signature.
 */
export interface HolderCheck {
  outcome: 'pass' | 'fail';
  binding: 'signed' | 'did' | 'identifiers' | 'none';
  /** The holder's DID, when the passport names one. */
  holder?: string;
  message: string;
}

export interface PassportVerdict {
  /** The holder check passed and every credential is valid. */
  ok: boolean;
  holder: HolderCheck;
  /** One verdict per credential, in the passport's order. */
  verdicts: Verdict[];
  /** What an employer reads (counting only valid credentials). */
  summary: PassportSummary;
  /** One sentence: the passport as a whole. */
  message: string;
}

export interface VerifyPassportOptions extends VerifyOptions {
  /** The challenge the verifier gave the holder: a signed passport must be signed over it (no replay). */
  challenge?: string;
  /** The verifier's domain, likewise. */
  domain?: string;
}

/**
 * Verifies a skills passport: each credential (see `verifyCredentials`), that they are one learner's, and
 * a summary of the valid ones. A passport is a Verifiable Presentation signed by its holder (see
 * `signPresentation`: the holder check then needs the signature, over the verifier's challenge and domain
 * when given, and every credential about the holder), or a plain list of credentials (unsigned: the
 * binding comes from the credentials themselves, and says so).
 *
 * @throws InvalidArgumentError for a value that is neither
 * @example
 * const { holder, summary } = await verifyPassport(JSON.parse(file), { client, challenge })
 */
export async function verifyPassport(passport: unknown, options: VerifyPassportOptions): Promise<PassportVerdict> {
  const presentation = isPresentation(passport) ? passport : undefined;
  if (!presentation && !Array.isArray(passport)) throw new InvalidArgumentError('A passport is a Verifiable Presentation or a list of credentials.');
  const credentials = presentation ? presentationCredentials(presentation) : (passport as unknown[]);
  const [verdicts, holder] = await Promise.all([verifyCredentials(credentials, options), holderCheck(credentials, presentation, options)]);
  // A stacked credential's components, when the passport holds them too, are re-checked.
  return judgePassport(credentials, checkComponents(credentials, verdicts), holder);
}

/** The holder check of a passport: signed (a presentation) or not (a list). */
export async function holderCheck(credentials: readonly unknown[], presentation: VerifiablePresentation | undefined, options: VerifyPassportOptions): Promise<HolderCheck> {
  if (!presentation) return unsignedHolder(credentials);
  const holder = presentationHolder(presentation);
  const signature = await verifyPresentationSignature(presentation, {
    resolveDid: async (did) => (await resolveDid(did, { fetch: options.fetch, timeoutMs: options.didTimeoutMs, documents: options.didDocuments })).document,
    challenge: options.challenge,
    domain: options.domain,
  });
  if (!signature.verified) {
    const what = signature.reason === 'challenge' || signature.reason === 'domain' ? 'replayed or not made for you' : 'its holder signature does not hold';
    return { outcome: 'fail', binding: 'none', ...(holder ? { holder } : {}), message: `Passport refused (${what}): ${signature.message}` };
  }
  const learner = sameLearner(credentials, signature.holder);
  if (learner.binding === 'different') {
    return { outcome: 'fail', binding: 'none', holder: signature.holder, message: `Signed by ${signature.holder}, but ${learner.reason}.` };
  }
  const unbound = credentials.filter((c) => typeof (c as { credentialSubject?: { id?: unknown } })?.credentialSubject?.id !== 'string').length;
  const challenge = options.challenge ? ' over your challenge' : ' (no challenge given: it could be a replay)';
  return {
    outcome: 'pass',
    binding: 'signed',
    holder: signature.holder,
    message:
      unbound === 0
        ? `Presented by ${signature.holder}, who signed it${challenge}; every credential is about that learner.`
        : `Presented by ${signature.holder}, who signed it${challenge}; ${unbound} credential(s) name the learner only by ${learner.binding === 'identifiers' ? learner.linkedBy.join(' and ') || 'their identifiers' : 'their identifiers'} (a weaker binding than a DID).`,
  };
}

/** The holder check of a passport nobody signed: what the credentials themselves say about their learner. */
export function unsignedHolder(credentials: readonly unknown[]): HolderCheck {
  const learner = sameLearner(credentials);
  switch (learner.binding) {
    case 'different':
      return { outcome: 'fail', binding: 'none', message: `Not one learner's passport: ${learner.reason}.` };
    case 'did':
      return { outcome: 'pass', binding: 'did', holder: learner.did, message: `Every credential names the learner ${learner.did}; the passport is not signed, so whoever shows it may not be that learner.` };
    default:
      return {
        outcome: 'pass',
        binding: 'identifiers',
        ...(learner.did === undefined ? {} : { holder: learner.did }),
        message:
          credentials.length === 1
            ? 'One credential; the passport is not signed, so whoever shows it may not be its learner.'
            : `The credentials name the same learner only by ${learner.linkedBy.join(' and ') || 'their identifiers'} (a weaker binding than a DID: names are shared), and the passport is not signed.`,
      };
  }
}

/** The passport's verdict from its credentials' verdicts and its holder check. */
export function judgePassport(credentials: readonly unknown[], verdicts: Verdict[], holder: HolderCheck): PassportVerdict {
  const summary = summarisePassport(credentials, verdicts);
  const valid = verdicts.filter((verdict) => verdict.ok).length;
  const ok = holder.outcome === 'pass' && valid === verdicts.length;
  const credits = summary.totalCredits > 0 ? `, ${summary.totalCredits} credits` : '';
  const message =
    holder.outcome === 'fail'
      ? holder.message
      : `${valid} of ${verdicts.length} credentials valid${credits}, from ${summary.issuers.map((issuer) => issuer.label).join(', ') || 'no valid issuer'}.`;
  return { ok, holder, verdicts, summary, message };
}
