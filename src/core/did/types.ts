/**
 * A verification method as DID documents list it: an Ed25519 `Multikey` (the issuer's signing key) or an
 * `EcdsaSecp256k1RecoveryMethod2020` naming an Ethereum account by its CAIP-10 `blockchainAccountId`.
 */
export interface VerificationMethod {
  id: string;
  type: string;
  controller: string;
  publicKeyMultibase?: string;
  blockchainAccountId?: string;
  [extra: string]: unknown;
}

/** A DID document (W3C DID Core 1.0), as far as microcred reads it. Unknown properties are kept. */
export interface DidDocument {
  '@context'?: unknown;
  id: string;
  controller?: string | string[];
  verificationMethod?: VerificationMethod[];
  /** Methods allowed to sign credentials for the DID: ids (absolute or `#fragment`) or embedded methods. */
  assertionMethod?: (string | VerificationMethod)[];
  authentication?: (string | VerificationMethod)[];
  [extra: string]: unknown;
}

/** Where a resolved DID document came from: supplied by the caller, fetched over HTTPS, or derived from a did:key. */
export type DidDocumentSource = 'supplied' | 'web' | 'key';

export interface ResolvedDid {
  document: DidDocument;
  source: DidDocumentSource;
}

/** Looks a DID up; `undefined` when it is unknown. What `createDocumentLoader` and `verifyCredentialSignature` take. */
export type DidResolver = (did: string) => Promise<DidDocument | undefined>;
