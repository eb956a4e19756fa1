/** Minimal types for @digitalbazaar/ed25519-multikey 1 (untyped): key generation, import, signer and verifier. */
declare module '@digitalbazaar/ed25519-multikey' {
  import type { Signer, Verifier } from '@digitalbazaar/data-integrity';

  export interface Ed25519KeyPair {
    id?: string;
    controller?: string;
    type?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    publicKey: Uint8Array;
    secretKey?: Uint8Array;
    signer(): Signer;
    verifier(): Verifier;
    export(options?: { publicKey?: boolean; secretKey?: boolean; includeContext?: boolean; raw?: boolean }): Promise<Record<string, unknown>>;
  }
  export function generate(options?: { id?: string; controller?: string; seed?: Uint8Array }): Promise<Ed25519KeyPair>;
  /** Imports a Multikey (`publicKeyMultibase`, optionally `secretKeyMultibase`), or a legacy key type it can translate. */
  export function from(key: { publicKeyMultibase?: string; secretKeyMultibase?: string; id?: string; controller?: string; type?: string; [extra: string]: unknown }): Promise<Ed25519KeyPair>;
}
