/// <reference path="../../types/vendor.d.ts" />
import { DataIntegrityProof as DataIntegrityProofSuite, type Verifier } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import jsigs from 'jsonld-signatures';
import type { DidDocument } from '../did/types.js';
import { createDocumentLoader } from '../jsonld/documentLoader.js';
import { contextLoader } from './sign.js';
import { CRYPTOSUITE, type SignableCredential } from './types.js';
import { IssuerAssertionPurpose, type SignatureVerdict, type VerifyCredentialSignatureOptions, failureVerdict, issuerIdOf, signatureProofOf, verifyCredentialSignature } from './verify.js';
import { isPlainJson, verifyDataCache } from './verifyData.js';

export interface VerifyCredentialSignaturesStats {
  /** Credentials judged by the batch path. */
  fast: number;
  /** Credentials handed to `verifyCredentialSignature` (no signature, or one the batch path does not take). */
  reference: number;
}

export interface VerifyCredentialSignaturesOptions extends VerifyCredentialSignatureOptions {
  /** Counts which path judged each credential. */
  stats?: VerifyCredentialSignaturesStats | undefined;
}

/** The proof keys the batch path takes, in any order: anything else (`expires`, `previousProof`, `@context`, …) goes to the reference. */
const PROOF_KEYS = new Set(['type', 'created', 'verificationMethod', 'cryptosuite', 'proofPurpose', 'proofValue']);

/**
 * @digitalbazaar/data-integrity's check of `created` (lib/util.js `XMLDateTimeRegExp`, copied as written
 * there, unanchored, `\.` in a string being `.`), which the reference applies after the signature
 * verifies: a proof failing it goes to the reference.
 */
const XML_DATE_TIME = new RegExp(
  '-?([1-9][0-9]{3,}|0[0-9]{3})' +
    '-(0[1-9]|1[0-2])' +
    '-(0[1-9]|[12][0-9]|3[01])' +
    'T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|(24:00:00(\.0+)?))' +
    '(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?',
);

type Loaded<T> = { ok: true; value: T } | { ok: false; error: unknown };
const settle = <T>(promise: Promise<T>): Promise<Loaded<T>> => promise.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));

/**
 * `verifyCredentialSignature` of each credential, in order, with the same verdicts (reason and message),
 * in a fraction of its time for a batch. What the reference (jsonld-signatures) does per credential is
 * done once where its inputs repeat:
 * - each DID is resolved once (`resolveDid` must answer the same for the same DID, as a cache would);
 * - each verification method is loaded once, by the same document loader, and its key imported once by
 *   the cryptosuite's own `createVerifier`;
 * - the proof purpose (the method is in its controller's `assertionMethod`, and that controller is the
 *   issuer) is checked once per (issuer, method) by the same `IssuerAssertionPurpose` object the reference
 *   uses: it reads nothing of the credential but those two;
 * - the proof-options hash once per (`@context`, options), the credential hash through the RDF template
 *   signing uses (verifyData.ts); then the reference suite's own `verifySignature`.
 * The checks come in the reference's order (load the method, verify the signature, then the purpose), so
 * the first failure decides the verdict as there. A credential the batch path does not take provably
 * (no signature, the legacy `eddsa-2022` name, proof fields other than the six of `signCredential`, a
 * shape or value the template refuses, a method that fails to load for another reason than an unknown
 * DID, anything not plain JSON) is checked by `verifyCredentialSignature` itself.
 * test/core/signatureBatchVerify.test.ts compares the two on random credentials.
 *
 * @example
 * const verdicts = await verifyCredentialSignatures(credentials, { resolveDid: async (did) => (await resolveDid(did)).document })
 */
export async function verifyCredentialSignatures(credentials: readonly SignableCredential[], options: VerifyCredentialSignaturesOptions): Promise<SignatureVerdict[]> {
  const dids = new Map<string, Promise<DidDocument | undefined>>();
  const resolveDid = (did: string) => {
    let document = dids.get(did);
    if (document === undefined) {
      document = Promise.resolve().then(() => options.resolveDid(did));
      dids.set(did, document);
    }
    return document;
  };
  const reference = { resolveDid, controllers: options.controllers };
  // As jsonld-signatures' `verify` wraps the loader it is given.
  const documentLoader = jsigs.extendContextLoader(createDocumentLoader(reference));
  const suite = new DataIntegrityProofSuite({ cryptosuite: { ...cryptosuite, createVerifier: (options) => verifierOf(options.verificationMethod) } });
  const verifyDataOf = verifyDataCache(contextLoader).of;
  const methods = new Map<string, Promise<Loaded<Record<string, unknown>>>>();
  const verifiers = new Map<object, Promise<Verifier>>();
  const purposes = new Map<string, Promise<Awaited<ReturnType<IssuerAssertionPurpose['validate']>>>>();
  const stats = options.stats ?? { fast: 0, reference: 0 };

  function verifierOf(method: object): Promise<Verifier> {
    let verifier = verifiers.get(method);
    if (verifier === undefined) {
      verifier = cryptosuite.createVerifier({ verificationMethod: method });
      verifiers.set(method, verifier);
    }
    return verifier;
  }

  const fast = async (credential: SignableCredential): Promise<SignatureVerdict | undefined> => {
    const proof = signatureProofOf(credential);
    const issuer = issuerIdOf(credential);
    if (proof === undefined || typeof issuer !== 'string' || !isPlainJson(credential) || credential['@context'] === undefined) return undefined;
    const { verificationMethod, created, proofPurpose, cryptosuite: name } = proof;
    // An empty method is refused by the suite before any loading ('No "verificationMethod" found').
    if (name !== CRYPTOSUITE || proofPurpose !== 'assertionMethod' || typeof verificationMethod !== 'string' || verificationMethod === '') return undefined;
    if (typeof created !== 'string' || !XML_DATE_TIME.test(created)) return undefined;
    if (!Object.keys(proof).every((key) => PROOF_KEYS.has(key))) return undefined;
    const signing = { verificationMethod, controller: issuer };

    // 1. The verification method, as the suite's getVerificationMethod loads it.
    let method = methods.get(verificationMethod);
    if (method === undefined) {
      method = settle(documentLoader(verificationMethod).then((result) => result.document as Record<string, unknown>));
      methods.set(verificationMethod, method);
    }
    const loaded = await method;
    if (!loaded.ok) {
      const verdict = failureVerdict(loaded.error, false, signing);
      return verdict.verified === false && verdict.reason === 'unresolved' ? verdict : undefined;
    }

    // 2. The signature over the verify data, by the suite's own verifySignature.
    const { proof: _proof, ...unsigned } = credential;
    const { proofValue: _proofValue, ...proofOptions } = proof;
    const verifyData = await verifyDataOf(unsigned, proofOptions);
    if (verifyData === undefined) return undefined;
    const signature = await settle(suite.verifySignature({ verifyData, verificationMethod: loaded.value, proof }));
    if (!signature.ok || !signature.value) return failureVerdict(signature.ok ? new Error('Invalid signature.') : signature.error, false, signing);

    // 3. The proof purpose, once per (issuer, method).
    const key = JSON.stringify([issuer, verificationMethod]);
    let purpose = purposes.get(key);
    if (purpose === undefined) {
      purpose = new IssuerAssertionPurpose(issuer)
        .validate(proof, { verificationMethod: loaded.value, documentLoader })
        .catch((error: unknown) => ({ valid: false, error: error as Error }));
      purposes.set(key, purpose);
    }
    const purposeResult = await purpose;
    if (!purposeResult.valid) return failureVerdict(purposeResult.error, true, signing);
    return { verified: true, verificationMethod, controller: issuer };
  };

  const verdicts: SignatureVerdict[] = [];
  for (const credential of credentials) {
    const verdict = await fast(credential);
    if (verdict !== undefined) {
      verdicts.push(verdict);
      stats.fast++;
    } else {
      verdicts.push(await verifyCredentialSignature(credential, reference));
      stats.reference++;
    }
  }
  return verdicts;
}
