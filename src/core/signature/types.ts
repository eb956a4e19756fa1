/** The cryptosuite microcred signs with (W3C Data Integrity EdDSA Cryptosuites v1.0). */
export const CRYPTOSUITE = 'eddsa-rdfc-2022';

/** A W3C Data Integrity proof by an issuer's Ed25519 key, as `signCredential` returns it (keys in this order). */
export interface DataIntegrityProof {
  type: 'DataIntegrityProof';
  /** XML Schema dateTimeStamp to the second, UTC: `2025-06-30T00:00:00Z`. */
  created: string;
  /** The signing key: `<issuer did>#key-1`. */
  verificationMethod: string;
  cryptosuite: typeof CRYPTOSUITE;
  proofPurpose: 'assertionMethod';
  /** The Ed25519 signature, multibase base58btc (`z…`). */
  proofValue: string;
}

/** A credential as signing and verifying see it: any JSON-LD object; `proof` is left out of what is signed. */
export type SignableCredential = { '@context': unknown; proof?: unknown; [key: string]: unknown };

export interface SignCredentialOptions {
  /** The proof's `created` (default: now). Cut to the second, as the suite writes it. */
  created?: string | Date | undefined;
}
