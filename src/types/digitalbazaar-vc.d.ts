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
  /** Verifies a presentation: its `authentication` proof (against `challenge`/`domain`) and each embedded credential. */
  export function verify(options: {
    presentation: object;
    suite: object | object[];
    documentLoader: DocumentLoader;
    challenge?: string;
    domain?: string;
    presentationPurpose?: object;
    unsignedPresentation?: boolean;
    checkStatus?: (options: object) => Promise<{ verified: boolean }>;
    now?: Date | string;
  }): Promise<{ verified: boolean; presentationResult?: VerifyResult; credentialResults?: (VerifyResult & { credentialId?: string })[]; error?: unknown }>;
  export function issue<T extends object>(options: { credential: T; suite: object; documentLoader: DocumentLoader; now?: Date | string }): Promise<T & { proof: unknown }>;
  import { AssertionProofPurpose } from 'jsonld-signatures';
  export class CredentialIssuancePurpose extends AssertionProofPurpose {
    constructor(options?: { controller?: object; date?: Date | string; maxTimestampDelta?: number });
  }
}
