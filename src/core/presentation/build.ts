import { DID } from '../credential/schema.js';
import { InvalidArgumentError } from '../errors.js';
import { type BuildPresentationParameters, PRESENTATION_CONTEXT, type VerifiablePresentation } from './types.js';

/**
 * The (unsigned) Verifiable Presentation 2.0 of a holder's credentials: `holder` is the holder's DID, and
 * the credentials are embedded as they are, in order. Sign it with `signPresentation`.
 * Throws `InvalidArgumentError` when the holder is not a DID or there is no credential (object) to present.
 *
 * @example
 * const presentation = buildPresentation({ holder: key.did, credentials: [degree, redactedBadge] })
 */
export function buildPresentation({ holder, credentials }: BuildPresentationParameters): VerifiablePresentation {
  if (typeof holder !== 'string' || !DID.test(holder)) {
    throw new InvalidArgumentError('The holder must be a DID (did:key:z6Mk… or did:web:…), without fragment.', { details: `got ${JSON.stringify(holder)}` });
  }
  if (!Array.isArray(credentials) || credentials.length === 0) throw new InvalidArgumentError('A presentation needs at least one credential.');
  credentials.forEach((credential, i) => {
    if (credential === null || typeof credential !== 'object' || Array.isArray(credential)) {
      throw new InvalidArgumentError(`Credential ${i} of the presentation is not a JSON object.`);
    }
  });
  return {
    '@context': [PRESENTATION_CONTEXT],
    type: ['VerifiablePresentation'],
    holder,
    verifiableCredential: credentials.map((credential) => structuredClone(credential) as Record<string, unknown>),
  };
}

/**
 * Whether `value` is shaped as a Verifiable Presentation 2.0 (not whether it is signed or genuine):
 * an object whose `@context` starts with the VC 2.0 context, whose `type` includes
 * `VerifiablePresentation`, and whose `verifiableCredential` (when there) is an object or a list of them.
 * A passport of format v1 (a plain JSON array of credentials) is not a presentation.
 */
export function isPresentation(value: unknown): value is VerifiablePresentation {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const candidate = value as Record<string, unknown>;
  const context = candidate['@context'];
  const firstContext = Array.isArray(context) ? context[0] : context;
  if (firstContext !== PRESENTATION_CONTEXT) return false;
  const type = candidate.type;
  if (!(type === 'VerifiablePresentation' || (Array.isArray(type) && type.includes('VerifiablePresentation')))) return false;
  const credentials = candidate.verifiableCredential;
  if (credentials === undefined) return true;
  const list = Array.isArray(credentials) ? credentials : [credentials];
  return list.every((credential) => credential !== null && typeof credential === 'object' && !Array.isArray(credential));
}

/** The holder's DID of a presentation: `holder`, or `holder.id` (VC 2.0 allows an object). */
export function presentationHolder(presentation: { holder?: unknown }): string | undefined {
  const { holder } = presentation;
  if (typeof holder === 'string') return holder;
  if (holder !== null && typeof holder === 'object' && typeof (holder as { id?: unknown }).id === 'string') return (holder as { id: string }).id;
  return undefined;
}

/** The embedded credentials of a presentation, as a list. */
export function presentationCredentials(presentation: { verifiableCredential?: unknown }): unknown[] {
  const { verifiableCredential } = presentation;
  if (verifiableCredential === undefined) return [];
  return Array.isArray(verifiableCredential) ? verifiableCredential : [verifiableCredential];
}
