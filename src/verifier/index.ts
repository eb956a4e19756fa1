/** Verifier: one structured verdict per credential or passport, from offline checks and chain reads. */
export type { AnchorSighting, Check, CheckName, CheckOutcome, StatusChange, Verdict, VerdictStatus } from './verdict.js';
export { statusChangeMessage } from './statusChange.js';
export {
  type SourcedInput,
  type SourcedVerdict,
  type TrustPolicy,
  type VerifyOptions,
  verifyCredential,
  verifyCredentials,
  verifySourcedCredentials,
} from './verifyCredentials.js';
export { CredentialTextError, type PassportEntry, type SourcedCredential, type SourcedText, credentialsFromText, passportTextError, splitCredentialList, textCredential } from './passport.js';
export { type CredentialLabel, describeCredential } from './describe.js';
export {
  MAX_CREDENTIAL_TEXT_BYTES,
  MAX_PASSPORT_CREDENTIALS,
  PassportLimitError,
  assertCredentialTextSize,
  assertPassportSize,
} from './limits.js';
export { type IdentityOptions, type IssuerIdentity, domainOf } from './issuerIdentity.js';
export { type TrustedIssuers, trustedAccreditors, trustedIssuers } from './trust.js';
export { checkComponents } from './components.js';
export { type PathwayVerdict, verifyPathway } from './verifyPathway.js';
export { type HolderCheck, type PassportVerdict, type VerifyPassportOptions, holderCheck, judgePassport, unsignedHolder, verifyPassport } from './verifyPassport.js';
export { type AchievementLine, type IssuerLine, type PassportSummary, type SameLearner, sameLearner, summarisePassport } from './summary.js';
export type { OfflineInput, OfflineStage, OfflineWorkers } from './offlineStage.js';
export { MIN_POOLED_CREDENTIALS, type FromWorker, type OfflineWorkerChannel, OfflineWorkerError, OfflineWorkerPool, type OfflineWorkerPoolOptions, type ToWorker, serveOfflineChecks, webWorkerChannel } from './workers/index.js';
