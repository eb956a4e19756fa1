import { base58btc } from './base58btc.js';
import type { IssuerSigner } from './keys.js';
import { contextLoader, createdTimestamp, signCredential } from './sign.js';
import { CRYPTOSUITE, type DataIntegrityProof, type SignCredentialOptions, type SignableCredential } from './types.js';
import { type ProofOptions, type VerifyDataCache, verifyDataCache } from './verifyData.js';

export interface SignCredentialsStats {
  /** Credentials signed through the reused-RDF path. */
  fast: number;
  /** Credentials signed by the reference path (shape or values the fast path does not take). */
  reference: number;
}

/**
 * The Data Integrity proofs of a batch of credentials, one `created` for all, byte for byte what
 * `signCredential` gives for each (Ed25519 is deterministic), in a fraction of its time:
 * - the proof-configuration hash depends only on `created`, the key and the `@context`, so it is computed
 *   once per batch and context (by the reference suite's own `canonizeProof`);
 * - the credential's RDF comes from a `QuadTemplate` (see template.ts) built by one jsonld.toRDF run per
 *   credential shape, instead of a JSON-LD expansion per credential; then its RDFC-1.0 (compiled, or by
 *   rdf-canonize) and SHA-256 (both in verifyData.ts, shared with `verifyCredentialSignatures`), the
 *   Ed25519 signature, and its base58btc as the reference suite writes it (base58btc.ts). A credential the
 *   template cannot take provably is signed by `signCredential` itself.
 * Proofs are returned in the credentials' order; `stats`, when given, counts which path signed each.
 *
 * @example
 * const proofs = await signCredentials(credentials, signer, { created: new Date() })
 */
export async function signCredentials(
  credentials: readonly SignableCredential[],
  signer: IssuerSigner,
  options: SignCredentialOptions & { stats?: SignCredentialsStats } = {},
): Promise<DataIntegrityProof[]> {
  return credentialsSigner(signer, options)(credentials);
}

/**
 * `signCredentials` for a batch that arrives in parts: the returned function signs each part as
 * `signCredentials` would, keeping the proof-configuration hashes and credential templates from one part
 * to the next (a part of a few hundred credentials would otherwise pay for a jsonld.toRDF run each).
 *
 * @example
 * const sign = credentialsSigner(signer, { created })
 * for (const part of parts) write(part, await sign(part))
 */
export function credentialsSigner(
  signer: IssuerSigner,
  options: SignCredentialOptions & { stats?: SignCredentialsStats } = {},
): (credentials: readonly SignableCredential[]) => Promise<DataIntegrityProof[]> {
  const sign = proofSigner(signer, options);
  return async (credentials) => {
    const proofs: DataIntegrityProof[] = [];
    for (const credential of credentials) {
      const { proof: _proof, ...unsigned } = credential;
      proofs.push(await sign((cache, proof) => cache.of(unsigned, proof), () => credential));
    }
    return proofs;
  };
}

/** A credential as a signing thread has it: its file's text before anchoring, and the status entry anchoring gives it. */
export interface CredentialText {
  /** `JSON.stringify(credential, null, 2)`, without `credentialStatus` or `proof`. */
  text: string;
  credentialStatus: object;
}

/**
 * `credentialsSigner` for credentials as texts: signs the credential JSON.parse makes of each text with
 * its status entry added, last, as the signature covers it. After the first of a shape, it reads the
 * texts without parsing them (`VerifyDataCache.ofText`); the proofs are those `credentialsSigner` gives.
 *
 * @example
 * const sign = credentialTextsSigner(signer, { created })
 * const proofs = await sign(part.map((text, i) => ({ text, credentialStatus: statuses[i] })))
 */
export function credentialTextsSigner(
  signer: IssuerSigner,
  options: SignCredentialOptions & { stats?: SignCredentialsStats } = {},
): (credentials: readonly CredentialText[]) => Promise<DataIntegrityProof[]> {
  const sign = proofSigner(signer, options);
  const parsed = ({ text, credentialStatus }: CredentialText): SignableCredential => {
    const credential = JSON.parse(text) as Record<string, unknown>;
    credential.credentialStatus = credentialStatus;
    return credential as unknown as SignableCredential;
  };
  return async (credentials) => {
    const proofs: DataIntegrityProof[] = [];
    for (const credential of credentials) {
      proofs.push(await sign((cache, proof) => cache.ofText(credential.text, 'credentialStatus', credential.credentialStatus, proof), () => parsed(credential)));
    }
    return proofs;
  };
}

/**
 * What both signers do for one credential: its proof, from the verify data `verifyData` finds in the
 * shared cache, or, when that has none, from `signCredential` of the credential `credential` makes.
 */
function proofSigner(
  signer: IssuerSigner,
  options: SignCredentialOptions & { stats?: SignCredentialsStats },
): (verifyData: (cache: VerifyDataCache, proof: ProofOptions) => Promise<Uint8Array | undefined>, credential: () => SignableCredential) => Promise<DataIntegrityProof> {
  const created = createdTimestamp(options.created);
  const cache = verifyDataCache(contextLoader);
  const stats = options.stats ?? { fast: 0, reference: 0 };
  const proof: Omit<DataIntegrityProof, 'proofValue'> = {
    type: 'DataIntegrityProof',
    created,
    verificationMethod: signer.id,
    cryptosuite: CRYPTOSUITE,
    proofPurpose: 'assertionMethod',
  };
  return async (verifyDataOf, credential) => {
    const verifyData = await verifyDataOf(cache, proof);
    if (verifyData === undefined) {
      stats.reference++;
      return signCredential(credential(), signer, { created });
    }
    stats.fast++;
    // What the reference suite's `sign` does (multibase base58btc of the signature), by a faster encoder.
    return { ...proof, proofValue: `z${base58btc(await signer.sign({ data: verifyData }))}` };
  };
}
