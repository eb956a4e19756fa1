/** What a person recognises a credential by, as far as the credential shows it. */
export interface CredentialLabel {
  achievement?: string;
  /** The learner's name, unless the holder hid it. */
  learner?: string;
  /** The learner's id at the issuer (their `sourcedId`, a student number), unless hidden. */
  learnerId?: string;
  issuer?: string;
  /** When the credential says it was issued (`validFrom`, else `issuanceDate` of older credentials), as written. */
  issued?: string;
}

/**
 * The achievement, learner and issuer names of a credential, for listing verdicts. Read defensively,
 * without validating: a malformed or tampered credential still gets a label (which is not vouched for:
 * only the verdict says whether the credential is what it claims).
 */
export function describeCredential(credential: unknown): CredentialLabel {
  const object = (value: unknown) => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value : undefined);
  const vc = object(credential);
  const subject = object(vc.credentialSubject);
  const identifiers = Array.isArray(subject.identifier) ? subject.identifier.map(object) : [];
  const label: CredentialLabel = {};
  const achievement = text(object(subject.achievement).name) ?? text(vc.name);
  const learner = text(identifiers.find((identity) => identity.identityType === 'name')?.identityHash);
  const learnerId = text(identifiers.find((identity) => identity.identityType === 'sourcedId')?.identityHash);
  const issuer = text(object(vc.issuer).name);
  const issued = text(vc.validFrom) ?? text(vc.issuanceDate);
  if (achievement) label.achievement = achievement;
  if (learner) label.learner = learner;
  if (learnerId) label.learnerId = learnerId;
  if (issuer) label.issuer = issuer;
  if (issued) label.issued = issued;
  return label;
}
