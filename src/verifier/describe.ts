/** What a person recognises a credential by, as far as the credential shows it. */
export interface CredentialLabel {
  achievement?: string;
  /** The learner's name, unless the holder hid it. */
  learner?: string;
  /** The learner's id at the issuer (their `sourcedId`, a student number), unless hidden. */
  learnerId?: string;
  /** The issuer's name as the credential claims it (only the verdict's `issuerIdentity` is verified). */
  issuer?: string;
  /** `validFrom` (else `issuanceDate`): when the credential was issued, as it says (RFC 3339). */
  issued?: string;
  /** `validUntil`, when it expires. */
  validUntil?: string;
  /** The issuer profile's `image` (a URI, or the `id` of an Image object), unchecked: whoever shows it decides what to load. */
  issuerImage?: string;
}

/**
 * The achievement, learner and issuer names of a credential, and its dates, for listing verdicts. Read
 * defensively, without validating: a malformed or tampered credential still gets a label (which is not
 * vouched for: only the verdict says whether the credential is what it claims).
 */
export function describeCredential(credential: unknown): CredentialLabel {
  const object = (value: unknown) => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value : undefined);
  const vc = object(credential);
  const subject = object(vc.credentialSubject);
  const issuer = object(vc.issuer);
  const identifiers = Array.isArray(subject.identifier) ? subject.identifier.map(object) : [];
  const found: Record<keyof CredentialLabel, string | undefined> = {
    achievement: text(object(subject.achievement).name) ?? text(vc.name),
    learner: text(identifiers.find((identity) => identity.identityType === 'name')?.identityHash),
    learnerId: text(identifiers.find((identity) => identity.identityType === 'sourcedId')?.identityHash),
    issuer: text(issuer.name),
    // Format v1 and older credentials may say `issuanceDate` (VC 1.1) instead.
    issued: text(vc.validFrom) ?? text(vc.issuanceDate),
    validUntil: text(vc.validUntil),
    issuerImage: text(issuer.image) ?? text(object(issuer.image).id),
  };
  const label: CredentialLabel = {};
  for (const [key, value] of Object.entries(found) as [keyof CredentialLabel, string | undefined][]) if (value !== undefined) label[key] = value;
  return label;
}
