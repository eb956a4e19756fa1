/** Minimal types for jsonld-signatures 11 (untyped): signing and verifying with a proof purpose. */
declare module 'jsonld-signatures' {
  import type { DocumentLoader } from 'jsonld';

  export class ProofPurpose {
    term: string;
    /** Checks a proof that verified: `controller` is the controller document (for controller purposes). */
    validate(proof: object, options: object): Promise<{ valid: boolean; controller?: { id?: unknown }; error?: Error }>;
    /** Adds the purpose's fields (`proofPurpose`, …) to a proof being created; returns it. */
    update(proof: Record<string, unknown>, options: object): Promise<Record<string, unknown>>;
  }
  export class ControllerProofPurpose extends ProofPurpose {
    constructor(options?: { term?: string; controller?: object; date?: Date | string; maxTimestampDelta?: number });
  }
  export class AssertionProofPurpose extends ControllerProofPurpose {
    constructor(options?: { controller?: object; date?: Date | string; maxTimestampDelta?: number });
  }
  /** The `authentication` purpose: the proof must carry `challenge` (and `domain`, when given) as expected. */
  export class AuthenticationProofPurpose extends ControllerProofPurpose {
    constructor(options: { challenge: string; domain?: string; controller?: object; date?: Date | string; maxTimestampDelta?: number });
  }
  export interface ProofResult {
    proof: Record<string, unknown>;
    verified: boolean;
    verificationMethod?: Record<string, unknown>;
    purposeResult?: { valid: boolean; controller?: Record<string, unknown>; error?: Error };
    error?: Error;
  }
  export interface VerifyResult {
    verified: boolean;
    results?: ProofResult[];
    error?: Error | Error[];
  }
  interface Jsigs {
    sign<T extends object>(document: T, options: { suite: object; purpose: ProofPurpose; documentLoader: DocumentLoader }): Promise<T & { proof: unknown }>;
    verify(document: object, options: { suite: object | object[]; purpose: ProofPurpose; documentLoader: DocumentLoader }): Promise<VerifyResult>;
    /** `documentLoader` serving jsonld-signatures' own security contexts (v1, v2) first, as `verify` wraps it. */
    extendContextLoader(documentLoader: DocumentLoader): DocumentLoader;
    purposes: {
      AssertionProofPurpose: typeof AssertionProofPurpose;
      AuthenticationProofPurpose: typeof AuthenticationProofPurpose;
      ControllerProofPurpose: typeof ControllerProofPurpose;
      ProofPurpose: typeof ProofPurpose;
    };
  }
  const jsigs: Jsigs;
  export default jsigs;
}
