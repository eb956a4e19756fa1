import type { Address, Hex } from 'viem';
import type { AnchorProof } from '../anchorProof.js';
import type { DataIntegrityProof } from '../signature/types.js';
import type { MICROCRED_CONTEXT_V2, MICROCRED_CONTEXT_V2_COMPONENTS } from '../jsonld/microcredContext.js';

/**
 * The credential: a W3C Verifiable Credential 2.0 shaped as an Open Badges 3.0 `OpenBadgeCredential`.
 * Fields marked "disclosable" may be absent because the holder hid them; `proof.hidden` then holds their
 * commitments (see `redact`). Unknown extra properties are allowed, as JSON-LD documents carry them,
 * and are covered by the digest like every other field.
 */
export interface OpenBadgeCredential {
  /** Format v2: the VC 2.0 and OB 3.0 contexts, then microcred's own context, embedded. v1: the first two. */
  '@context': [typeof VC_CONTEXT, typeof OB_CONTEXT, ...(string | Record<string, unknown>)[]] | CredentialContextV2;
  /** A URI naming this credential, `urn:uuid:…` by default. */
  id: string;
  type: ['VerifiableCredential', 'OpenBadgeCredential', ...string[]];
  /** Display name (the achievement's name). */
  name: string;
  issuer: IssuerProfile;
  /** RFC 3339 date-time with a zone. */
  validFrom: string;
  validUntil?: string;
  credentialSubject: AchievementSubject;
  /** Format v2: where the credential's revocation and suspension bits live (absent before the batch's root exists). */
  credentialStatus?: RegistryStatusEntry;
  /**
   * Format v2: a list holding the anchor proof and, in a full copy, the issuer's Data Integrity signature.
   * Format v1: the anchor proof alone. Absent until the batch is built. Read it with `anchorProofOf`.
   */
  proof?: AnchorProof | CredentialProof[];
  [extra: string]: unknown;
}

export type CredentialContextV2 =
  | [typeof VC_CONTEXT, typeof OB_CONTEXT, typeof MICROCRED_CONTEXT_V2]
  /** A credential with component evidence (a stacked credential): see `MICROCRED_CONTEXT_V2_COMPONENTS`. */
  | [typeof VC_CONTEXT, typeof OB_CONTEXT, typeof MICROCRED_CONTEXT_V2_COMPONENTS];

/** An entry of a v2 credential's `proof` list. */
export type CredentialProof = AnchorProof | DataIntegrityProof;

/** The issuer's W3C Data Integrity signature (`eddsa-rdfc-2022`) over everything but `proof`. */
export type { DataIntegrityProof } from '../signature/types.js';

/**
 * `credentialStatus` of a v2 credential: its status is bit `index` of batch (`issuer`, `root`) in the
 * microcred registry at `registry` (one address on every chain; the chains are the anchor proof's
 * `anchors`). Outside the digest, which it depends on through `root`; the verifier requires it to agree
 * with the anchor proof, and the issuer's signature covers it.
 */
export interface RegistryStatusEntry {
  /** `urn:microcred:status:<registry>:<issuer>:<root>:<index>`. */
  id: string;
  type: typeof REGISTRY_STATUS_TYPE;
  registry: Address;
  issuer: Address;
  root: Hex;
  index: number;
}

export const REGISTRY_STATUS_TYPE = 'MicrocredRegistryStatus';

export interface IssuerProfile {
  /**
   * The issuer's DID. `did:web:<domain>` (format v2) names an issuer people recognise: its DID document
   * lists the signing key and the Ethereum accounts that anchor for it. `did:pkh:eip155:<chainId>:<address>`
   * (v1, and v2 issuers without a domain) is the anchoring account itself; verifiers match it by address
   * only, on every chain a batch is anchored on.
   */
  id: string;
  type: ['Profile', ...string[]];
  name: string;
  [extra: string]: unknown;
}

export interface AchievementSubject {
  type: ['AchievementSubject', ...string[]];
  /** Disclosable. The learner's URI (a DID, `mailto:`), if the issuer knows one. */
  id?: string;
  /** Disclosable, each entry on its own. The learner's identities: issuer's id, name, email. */
  identifier?: IdentityObject[];
  /** What the learner achieved (a grade, "Pass"): Open Badges `Result` entries. */
  result?: { type: ['Result', ...string[]]; value?: string; [extra: string]: unknown }[];
  /** Credits earned (Open Badges `creditsEarned`), beside the achievement's `creditsAvailable`. */
  creditsEarned?: number;
  achievement: Achievement;
  [extra: string]: unknown;
}

/** Open Badges 3.0 IdentityObject. `hashed` is false: privacy comes from salted commitments instead. */
export interface IdentityObject {
  type: 'IdentityObject';
  identityType: IdentifierType;
  hashed: boolean;
  /** The identity itself (OB names it identityHash even when it is not hashed). */
  identityHash: string;
  salt?: string;
}

/** Open Badges 3.0 IdentifierTypeEnum values this library writes; `ext:` names are accepted too. */
export type IdentifierType = 'sourcedId' | 'name' | 'emailAddress' | (string & {});

export interface Achievement {
  id: string;
  type: ['Achievement', ...string[]];
  name: string;
  /** Disclosable. */
  description?: string;
  criteria: Criteria;
  achievementType?: string;
  fieldOfStudy?: string;
  /** Disclosable. */
  creditsAvailable?: number;
  /** Disclosable, each entry on its own: skills and competencies the achievement aligns to. */
  alignment?: Alignment[];
  [extra: string]: unknown;
}

export interface Criteria {
  id?: string;
  /** Disclosable. */
  narrative?: string;
}

export interface Alignment {
  type: ['Alignment', ...string[]];
  targetName: string;
  targetUrl: string;
  targetDescription?: string;
  targetFramework?: string;
  targetCode?: string;
  targetType?: string;
}

export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
