/// <reference path="../../types/vendor.d.ts" />
import { DataIntegrityProof as DataIntegrityProofSuite } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import jsigs from 'jsonld-signatures';
import { createDocumentLoader, refusedByLoader } from '../jsonld/documentLoader.js';
import { CRYPTOSUITE } from '../signature/types.js';
import { isPresentation, presentationHolder } from './build.js';
import type { PresentationSignatureFailure, PresentationSignatureVerdict, VerifyPresentationSignatureOptions } from './types.js';

/**
 * Checks a presentation's holder signature with the reference implementation (jsonld-signatures'
 * `AuthenticationProofPurpose`, @digitalbazaar/data-integrity, eddsa-rdfc-2022-cryptosuite, offline
 * loader): its eddsa-rdfc-2022 `DataIntegrityProof` with `proofPurpose: 'authentication'` must verify over
 * the whole presentation (every embedded credential, as embedded), by a verification method that the
 * holder's DID document lists under `authentication`, and that document must be the holder's (`holder`).
 * When the verifier gives a `challenge` or `domain`, the proof's must be them: a presentation made for
 * another request or verifier is refused as `challenge` or `domain` even though its signature is good.
 * Without them, the proof's own challenge and domain (if any) are not checked: that is the verifier's call.
 *
 * Never throws for a bad presentation: the verdict says what is wrong. Whether the embedded credentials
 * are genuine, and whether they are the holder's, is not this check's business (see the verifier).
 *
 * @example
 * const verdict = await verifyPresentationSignature(passport, { resolveDid: async (did) => (await resolveDid(did)).document, challenge })
 */
export async function verifyPresentationSignature(presentation: unknown, options: VerifyPresentationSignatureOptions): Promise<PresentationSignatureVerdict> {
  if (!isPresentation(presentation)) {
    return { verified: false, reason: 'invalid', message: 'This is not a Verifiable Presentation (VC 2.0 context, type VerifiablePresentation).' };
  }
  const holder = presentationHolder(presentation);
  const proofs = Array.isArray(presentation.proof) ? presentation.proof : presentation.proof === undefined ? [] : [presentation.proof];
  const proof = proofs.find(
    (entry): entry is Record<string, unknown> =>
      typeof entry === 'object' && entry !== null && (entry as { type?: unknown }).type === 'DataIntegrityProof' && (entry as { cryptosuite?: unknown }).cryptosuite === CRYPTOSUITE &&
      (entry as { proofPurpose?: unknown }).proofPurpose === 'authentication',
  );
  const verificationMethod = typeof proof?.verificationMethod === 'string' ? proof.verificationMethod : undefined;
  const failed = (reason: PresentationSignatureFailure, message: string, error?: unknown): PresentationSignatureVerdict => ({
    verified: false,
    reason,
    message,
    holder,
    verificationMethod,
    ...(error === undefined ? {} : { error }),
  });
  if (proof === undefined) return failed('absent', 'The presentation is not signed by its holder (no eddsa-rdfc-2022 authentication proof).');
  if (holder === undefined) return failed('invalid', 'The presentation names no holder, so nobody can be checked to have signed it.');

  // Cheap checks first, each with its own reason; the purpose below checks them again, as signed.
  if (options.challenge !== undefined && proof.challenge !== options.challenge) {
    return failed(
      'challenge',
      proof.challenge === undefined
        ? 'The presentation was not made for this request: it carries no challenge, and one was asked for.'
        : 'The presentation was made for another request (its challenge is not the one asked for): it may be a replay.',
    );
  }
  if (options.domain !== undefined && !(proof.domain === options.domain || (Array.isArray(proof.domain) && proof.domain.includes(options.domain)))) {
    return failed(
      'domain',
      proof.domain === undefined ? `The presentation does not say it is for ${options.domain}.` : `The presentation was made for ${JSON.stringify(proof.domain)}, not for ${options.domain}.`,
    );
  }

  const documentLoader = createDocumentLoader({ resolveDid: options.resolveDid });
  const suite = new DataIntegrityProofSuite({ cryptosuite });
  const purpose =
    options.challenge !== undefined
      ? new jsigs.purposes.AuthenticationProofPurpose({ challenge: options.challenge, ...(options.domain === undefined ? {} : { domain: options.domain }) })
      : new jsigs.purposes.ControllerProofPurpose({ term: 'authentication' });
  let result: Awaited<ReturnType<typeof jsigs.verify>>;
  try {
    result = await jsigs.verify({ ...presentation, proof: [proof] }, { suite, purpose, documentLoader });
  } catch (error) {
    return failed('invalid', 'The presentation signature could not be checked.', error);
  }
  const outcome = result.results?.[0];
  const error = outcome?.error ?? (Array.isArray(result.error) ? result.error[0] : result.error);
  if (!result.verified) {
    if (refusedByLoader(error)) {
      return failed('unresolved', `The holder's key ${verificationMethod ?? '(none named)'} or its DID document could not be obtained.`, error);
    }
    if (outcome?.purposeResult !== undefined && !outcome.purposeResult.valid) {
      return failed('wrong-key', `The presentation was signed with ${verificationMethod}, which its controller does not list as a key to authenticate with.`, error);
    }
    return failed(
      'invalid',
      `The presentation signature does not match: a credential was added, removed or altered after the holder signed, or it was not signed with ${verificationMethod ?? 'the named key'}.`,
      error,
    );
  }
  const controller = outcome?.purposeResult?.controller?.id;
  if (controller !== holder) {
    return failed(
      'wrong-key',
      `The presentation says its holder is ${holder}, but it was signed by ${String(controller)} (key ${verificationMethod}): someone presenting credentials as another person.`,
    );
  }
  return { verified: true, holder, verificationMethod: verificationMethod! };
}
