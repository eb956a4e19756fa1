/** Minimal types for @digitalbazaar/vc 7 (untyped): what the tests call to check our signatures independently. */
declare module '@digitalbazaar/vc' {
  import type { DocumentLoader } from 'jsonld';
  import type { VerifyResult } from 'jsonld-signatures';

  export function verifyCredential(options: {
    credential: object;
    suite: object | object[];
    documentLoader: DocumentLoader;
    checkStatus?: (options: object) => Promise<{ verified: boolean }>;
    now?: Date | string;
  }): Promise<VerifyResult>;
  export function issue<T extends object>(options: { credential: T; suite: object; documentLoader: DocumentLoader; now?: Date | string }): Promise<T & { proof: unknown }>;
  import { AssertionProofPurpose } from 'jsonld-signatures';
  export class CredentialIssuancePurpose extends AssertionProofPurpose {
    constructor(options?: { controller?: object; date?: Date | string; maxTimestampDelta?: number });
  }
}
