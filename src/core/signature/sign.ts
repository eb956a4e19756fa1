/// <reference path="../../types/vendor.d.ts" />
import { DataIntegrityProof as DataIntegrityProofSuite } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import jsigs from 'jsonld-signatures';
import { InvalidArgumentError } from '../errors.js';
import { createDocumentLoader } from '../jsonld/documentLoader.js';
import type { IssuerSigner } from './keys.js';
import type { DataIntegrityProof, SignCredentialOptions, SignableCredential } from './types.js';

/** Signing needs only the embedded contexts: nothing is resolved. */
export const contextLoader = createDocumentLoader();

/**
 * The W3C Data Integrity proof (`DataIntegrityProof`, cryptosuite `eddsa-rdfc-2022`, purpose
 * `assertionMethod`) of a credential by its issuer's key, over the whole credential except `proof` (which
 * may already hold the anchor proof). Computed by the reference implementation (@digitalbazaar
 * data-integrity, eddsa-rdfc-2022-cryptosuite, jsonld-signatures) with the offline loader and JSON-LD safe
 * mode: a term the contexts do not define fails instead of going unsigned. The caller adds the proof to
 * the credential's `proof` array.
 *
 * @example
 * const signer = await issuerSigner({ did, ...key })
 * credential.proof = [await signCredential(credential, signer), anchorProof]
 */
export async function signCredential(credential: SignableCredential, signer: IssuerSigner, options: SignCredentialOptions = {}): Promise<DataIntegrityProof> {
  const { proof: _proof, ...unsigned } = credential;
  const suite = new DataIntegrityProofSuite({ signer, date: proofDate(options.created), cryptosuite });
  const signed = await jsigs.sign(unsigned, { suite, purpose: new jsigs.purposes.AssertionProofPurpose(), documentLoader: contextLoader });
  return signed.proof as DataIntegrityProof;
}

/** `created` as the suite writes it: UTC, to the second (`2025-06-30T00:00:00Z`). */
export function createdTimestamp(created: SignCredentialOptions['created']): string {
  return `${proofDate(created).toISOString().slice(0, -5)}Z`;
}

function proofDate(created: SignCredentialOptions['created']): Date {
  const date = created === undefined ? new Date() : new Date(created);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError('The proof creation time is not a valid date.', { details: `got ${String(created)}` });
  return date;
}
