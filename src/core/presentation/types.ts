import { VC_CONTEXT } from '../credential/types.js';
import type { DidResolver } from '../did/types.js';

/**
 * A skills passport as a holder signs it: a W3C Verifiable Presentation 2.0
 * (https://www.w3.org/TR/vc-data-model-2.0/#verifiable-presentations) naming its `holder` (a DID) and
 * embedding the credentials as they are (redacted copies included).
 *
 * Format and versioning: the format *is* VC 2.0's presentation, identified by its `@context`
 * (`PRESENTATION_CONTEXT`), and the signature's by the proof's `cryptosuite` (`eddsa-rdfc-2022`). No
 * microcred `format` field is added: it would be a term no official context defines (JSON-LD safe mode
 * would refuse it without a context of ours), and a wallet or verifier that speaks VC 2.0 must be able to
 * read the file as it is. A future change is a new context or cryptosuite, which readers dispatch on;
 * what is written today keeps verifying. The unsigned passport of earlier versions (a JSON array of
 * credential files) is still read, and is still what carries format v1 credentials (see `signPresentation`).
 */
export const PRESENTATION_CONTEXT = VC_CONTEXT;

export interface VerifiablePresentation {
  '@context': [typeof PRESENTATION_CONTEXT, ...unknown[]];
  type: ['VerifiablePresentation', ...string[]];
  /** The holder's DID: the proof must be by a key its DID document lists under `authentication`. */
  holder: string;
  /** The credentials, embedded whole (each with its own `@context` and `proof`). */
  verifiableCredential: Record<string, unknown>[];
  /** The holder's `authentication` proof, once signed. */
  proof?: PresentationProof | unknown[];
  [extra: string]: unknown;
}

/** The holder's Data Integrity proof of a presentation (keys in the order the suite writes them). */
export interface PresentationProof {
  type: 'DataIntegrityProof';
  created: string;
  /** `<holder DID>#<key>`: for a did:key holder, `did:key:z6Mk…#z6Mk…`. */
  verificationMethod: string;
  cryptosuite: 'eddsa-rdfc-2022';
  proofPurpose: 'authentication';
  /** The verifier's nonce, when it gave one: a presentation made for one request is refused for another. */
  challenge?: string;
  /** The verifier the presentation was made for (a domain or other string it names itself by). */
  domain?: string;
  proofValue: string;
}

export interface BuildPresentationParameters {
  /** The holder's DID (a did:key from `generateHolderKey`, or a did:web). */
  holder: string;
  /** Credentials as the holder keeps them (full or redacted copies); at least one. */
  credentials: readonly object[];
}

export interface SignPresentationOptions {
  /** The verifier's nonce for this request (recommended: it stops a presentation from being replayed). */
  challenge?: string | undefined;
  /** Who the presentation is for. */
  domain?: string | undefined;
  /** The proof's `created` (default: now), cut to the second. */
  created?: string | Date | undefined;
}

export interface VerifyPresentationSignatureOptions {
  /** Resolves the holder's DID (e.g. `async (did) => (await resolveDid(did)).document`; did:key needs no network). */
  resolveDid: DidResolver;
  /** The nonce the verifier asked for: the proof's `challenge` must be it. Not checked when not given. */
  challenge?: string | undefined;
  /** The verifier's domain: the proof's `domain` must be it (or a list including it). Not checked when not given. */
  domain?: string | undefined;
}

/**
 * Why a presentation's signature is refused:
 * - `absent`: it carries no eddsa-rdfc-2022 `authentication` proof (an unsigned passport);
 * - `invalid`: the signature does not match the presentation (a credential added, removed or altered
 *   after signing, or a forgery), or it is not a presentation with a holder at all;
 * - `wrong-key`: a good signature, by a key the holder's DID document does not list under `authentication`
 *   (someone presenting another person's credentials as theirs);
 * - `unresolved`: the holder's DID document or the key could not be obtained;
 * - `challenge` / `domain`: made for another request or another verifier (a replay).
 */
export type PresentationSignatureFailure = 'absent' | 'invalid' | 'wrong-key' | 'unresolved' | 'challenge' | 'domain';

export type PresentationSignatureVerdict =
  | { verified: true; holder: string; verificationMethod: string }
  | {
      verified: false;
      reason: PresentationSignatureFailure;
      message: string;
      holder?: string | undefined;
      verificationMethod?: string | undefined;
      error?: unknown;
    };
