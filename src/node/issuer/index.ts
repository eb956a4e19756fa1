export {
  type AnchorStoredBatchParameters,
  type AnchorStoredBatchReturnType,
  anchorStoredBatch,
} from './anchorStoredBatch.js';
export {
  type ChangeStatusParameters,
  type ChangeStatusReturnType,
  type StatusChange,
  revokeStoredCredentials,
  suspendStoredCredentials,
  unsuspendStoredCredentials,
} from './changeStatus.js';
export { type CredentialFileMatch, matchCredentialFile } from './matchCredentialFile.js';
export { resolveCredentials } from './resolveCredentials.js';
export {
  type RevokeStoredBatchParameters,
  type RevokeStoredBatchReturnType,
  revokeStoredBatch,
} from './revokeStoredBatch.js';
export { FAILPOINTS, FAILPOINT_ENV, type Failpoint } from './failpoint.js';
export {
  AlreadyIssuedError,
  AmbiguousCredentialError,
  AnchorConflictError,
  BatchAnchoredError,
  BatchBusyError,
  BatchDiscardedError,
  BatchNotAnchoredError,
  BatchNotFoundError,
  CredentialEvidenceError,
  CredentialFilesError,
  CredentialNotFoundError,
  IssuerError,
  OutputExistsError,
  PendingTransactionsError,
  TransactionGasLimitError,
} from './errors.js';
export { DEFAULT_MAX_GAS_PER_TRANSACTION } from './splitByGas.js';
export { type DiscardBatchParameters, type DiscardBatchReturnType, discardBatch } from './discardBatch.js';
export { type IssueRosterParameters, type IssueRosterReturnType, type IssuedCredential, issueRoster } from './issueRoster.js';
export { type ReconcileStoreParameters, type ReconcileStoreReturnType, reconcileStore } from './reconcileStore.js';
export { type IssueStackedParameters, type StackedLearner, issueStacked, stackedLearnerId } from './stackPathway.js';
