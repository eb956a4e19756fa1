/// <reference path="../../types/vendor.d.ts" />
import { DataIntegrityProof as DataIntegrityProofSuite } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import jsigs from 'jsonld-signatures';
import type { DidResolver } from '../did/types.js';
import { type CreateDocumentLoaderOptions, createDocumentLoader, refusedByLoader } from '../jsonld/documentLoader.js';
import { CRYPTOSUITE, type SignableCredential } from './types.js';

/**
 * The name the same algorithm had in drafts of the EdDSA cryptosuites (1EdTech's signed Open Badges
 * example uses it). Verified with the same canonicalization and hashing; never written.
 */
export const LEGACY_CRYPTOSUITE = 'eddsa-2022';

export interface VerifyCredentialSignatureOptions {
  /** Resolves the issuer's DID (e.g. `(did) => resolveDid(did, options).then((r) => r.document)`). */
  resolveDid: DidResolver;
  /** Controller documents for issuers that are not DIDs (an https URL), supplied by the verifier. */
  controllers?: CreateDocumentLoaderOptions['controllers'];
}

/**
 * Why a signature did not verify:
 * - `absent`: the credential has no eddsa-rdfc-2022 DataIntegrityProof;
 * - `invalid`: it has one, but the signature does not match the credential (altered, or forged);
 * - `wrong-key`: the signature is good, but by a key the issuer does not list in its DID document's
 *   `assertionMethod`, or whose controller is not the credential's issuer;
 * - `unresolved`: the key or the issuer's DID document could not be obtained.
 */
export type SignatureFailure = 'absent' | 'invalid' | 'wrong-key' | 'unresolved';

export type SignatureVerdict =
  | { verified: true; verificationMethod: string; controller: string }
  | { verified: false; reason: SignatureFailure; message: string; verificationMethod?: string | undefined; controller?: string | undefined; error?: unknown };

/**
 * Checks a credential's Data Integrity signature with the reference implementation (jsonld-signatures,
 * @digitalbazaar/data-integrity and eddsa-rdfc-2022-cryptosuite, with @digitalbazaar/vc's
 * `CredentialIssuancePurpose`): the DataIntegrityProof with cryptosuite eddsa-rdfc-2022 in `proof` (an
 * array or one object; other entries, such as the anchor proof, are ignored) must verify over the
 * credential without `proof`, by a verification method listed in its controller's `assertionMethod`,
 * and that controller must be the credential's issuer (`issuer.id`, or `issuer` when it is a string).
 * Never throws for a bad credential: the verdict says what is wrong. Validity dates and status are not
 * this check's business.
 *
 * @example
 * const verdict = await verifyCredentialSignature(credential, { resolveDid: async (did) => (await resolveDid(did)).document })
 */
export async function verifyCredentialSignature(credential: SignableCredential, options: VerifyCredentialSignatureOptions): Promise<SignatureVerdict> {
  const proof = signatureProofOf(credential);
  if (proof === undefined) return ABSENT;
  const verificationMethod = typeof proof.verificationMethod === 'string' ? proof.verificationMethod : undefined;
  const controller = issuerIdOf(credential);
  if (typeof controller !== 'string') return failed('invalid', 'The credential names no issuer id, so nobody can be checked to have signed it.', { verificationMethod });

  const documentLoader = createDocumentLoader({ resolveDid: options.resolveDid, controllers: options.controllers });
  const legacy = proof.cryptosuite === LEGACY_CRYPTOSUITE;
  const suite = new DataIntegrityProofSuite({ cryptosuite: legacy ? { ...cryptosuite, name: LEGACY_CRYPTOSUITE } : cryptosuite, legacyContext: legacy });
  let result: Awaited<ReturnType<typeof jsigs.verify>>;
  try {
    result = await jsigs.verify({ ...credential, proof: [proof] }, { suite, purpose: new IssuerAssertionPurpose(controller), documentLoader });
  } catch (error) {
    return failed('invalid', 'The signature could not be checked.', { verificationMethod, controller }, error);
  }
  if (result.verified) return { verified: true, verificationMethod: verificationMethod!, controller };

  const outcome = result.results?.[0];
  const error = outcome?.error ?? (Array.isArray(result.error) ? result.error[0] : result.error);
  return failureVerdict(error, outcome?.purposeResult !== undefined && !outcome.purposeResult.valid, { verificationMethod, controller });
}

const ABSENT: SignatureVerdict = { verified: false, reason: 'absent', message: 'The credential carries no eddsa-rdfc-2022 Data Integrity signature.' };

/** The proof `verifyCredentialSignature` checks: the first DataIntegrityProof in `proof` with our cryptosuite (or its legacy name). */
export function signatureProofOf(credential: SignableCredential): Record<string, unknown> | undefined {
  const proofs = Array.isArray(credential.proof) ? credential.proof : credential.proof === undefined ? [] : [credential.proof];
  return proofs.find(
    (entry): entry is Record<string, unknown> =>
      typeof entry === 'object' && entry !== null && entry.type === 'DataIntegrityProof' && (entry.cryptosuite === CRYPTOSUITE || entry.cryptosuite === LEGACY_CRYPTOSUITE),
  );
}

/** The party a credential's signature must come from: `issuer.id`, or `issuer` when it is a string. */
export function issuerIdOf(credential: SignableCredential): unknown {
  const issuer = credential.issuer;
  return typeof issuer === 'string' ? issuer : typeof issuer === 'object' && issuer !== null ? (issuer as { id?: unknown }).id : undefined;
}

interface Signing {
  verificationMethod: string | undefined;
  controller?: unknown;
}

function failed(reason: SignatureFailure, message: string, { verificationMethod, controller }: Signing, error?: unknown): SignatureVerdict {
  return { verified: false, reason, message, verificationMethod, controller: typeof controller === 'string' ? controller : undefined, error };
}

/**
 * The verdict on a signature jsonld-signatures did not accept, from its `error` and whether the signature
 * verified but the proof purpose did not (`purposeFailed`): a DID document or key that could not be loaded
 * anywhere in the error's causes is `unresolved`, then a purpose failure is `wrong-key`, anything else
 * `invalid`.
 */
export function failureVerdict(error: unknown, purposeFailed: boolean, signing: Signing): SignatureVerdict {
  const { verificationMethod, controller } = signing;
  if (refusedByLoader(error)) {
    return failed('unresolved', `The signing key ${verificationMethod ?? '(none named)'} or its controller's DID document could not be obtained.`, signing, error);
  }
  if (purposeFailed) {
    return failed('wrong-key', `The signature was made with ${verificationMethod}, which the issuer ${String(controller)} does not list as a key allowed to sign its credentials.`, signing, error);
  }
  return failed('invalid', `The signature does not match the credential: it was altered after signing, or not signed with ${verificationMethod ?? 'the named key'}.`, signing, error);
}

/**
 * jsonld-signatures' assertion purpose (the method must be in its controller's `assertionMethod`) plus
 * the issuer check, as @digitalbazaar/vc's `CredentialIssuancePurpose` does: the controller document's id
 * must be `issuer`. Written here because importing @digitalbazaar/vc into the browser core pulls in a
 * context package that reads files relative to `import.meta.url`.
 * @internal Not part of the package's types: it extends jsonld-signatures' class, which has none of its own.
 */
export class IssuerAssertionPurpose extends jsigs.purposes.AssertionProofPurpose {
  constructor(private readonly issuer: string) {
    super();
  }

  override async validate(proof: object, options: object): Promise<{ valid: boolean; controller?: { id?: unknown }; error?: Error }> {
    const result = await super.validate(proof, options);
    if (!result.valid) return result;
    if (result.controller?.id !== this.issuer) {
      return { valid: false, error: new Error(`The signing key's controller (${String(result.controller?.id)}) is not the credential's issuer (${this.issuer}).`) };
    }
    return result;
  }
}

