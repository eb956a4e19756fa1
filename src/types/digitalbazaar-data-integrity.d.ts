/** Minimal types for @digitalbazaar/data-integrity 2 (untyped): the `DataIntegrityProof` suite. */
declare module '@digitalbazaar/data-integrity' {
  import type { DocumentLoader } from 'jsonld';

  export interface Signer {
    id: string;
    algorithm: string;
    sign(options: { data: Uint8Array }): Promise<Uint8Array>;
  }
  export interface Verifier {
    id?: string;
    algorithm: string;
    verify(options: { data: Uint8Array; signature: Uint8Array }): Promise<boolean>;
  }
  export interface Cryptosuite {
    name: string;
    requiredAlgorithm: string | string[];
    canonize(input: unknown, options: { documentLoader: DocumentLoader; [option: string]: unknown }): Promise<string>;
    createVerifier(options: { verificationMethod: object }): Promise<Verifier>;
  }
  export class DataIntegrityProof {
    constructor(options: { signer?: Signer; date?: string | Date | number | null; cryptosuite: Cryptosuite; legacyContext?: boolean });
    readonly type: 'DataIntegrityProof';
    readonly cryptosuite: string;
    verificationMethod: string | undefined;
    canonizeProof(proof: object, options: { document: object; documentLoader: DocumentLoader }): Promise<string>;
    createVerifyData(options: { document: object; proof: object; documentLoader: DocumentLoader }): Promise<Uint8Array>;
    /**
     * Whether `proof.proofValue` (multibase base58btc or base64url) is the signature of `verifyData` by
     * the key `verificationMethod` (through the cryptosuite's `createVerifier`); throws when it cannot be
     * read or the key is not of the cryptosuite's algorithm.
     */
    verifySignature(options: { verifyData: Uint8Array; verificationMethod: object; proof: object }): Promise<boolean>;
    /** Sets `proof.proofValue` to the multibase (base58btc) signature of `verifyData` by the signer. */
    sign(options: { verifyData: Uint8Array; proof: { proofValue?: string } }): Promise<object>;
  }
}
