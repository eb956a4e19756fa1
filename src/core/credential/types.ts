import type { AnchorProof } from '../anchorProof.js';

/**
 * The credential: a W3C Verifiable Credential 2.0 shaped as an Open Badges 3.0 `OpenBadgeCredential`.
 * Fields marked "disclosable" may be absent because the holder hid them; `proof.hidden` then holds their
 * commitments (see `redact`). Unknown extra properties are allowed, as JSON-LD documents carry them,
 * and are covered by the digest like every other field.
 */
export interface OpenBadgeCredential {
  '@context': [typeof VC_CONTEXT, typeof OB_CONTEXT, ...string[]];
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
  proof?: AnchorProof;
  [extra: string]: unknown;
}

export interface IssuerProfile {
  /**
   * `did:pkh:eip155:<chainId>:<address>`: the issuing Ethereum address as a CAIP-10 account DID. The chain
   * id is the issuer's home chain; verifiers match the issuer by address only, on every chain a batch is
   * anchored on (see `issuerAddress`).
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
