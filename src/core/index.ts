/**
 * microcred core: pure and browser-safe (no `node:` imports, no async initialisation).
 */
export { ANCHOR_PROOF_FORMAT, ANCHOR_PROOF_FORMAT_V1, ANCHOR_PROOF_FORMATS, ANCHOR_PROOF_TYPE, type Anchor, type AnchorProof, type AnchorProofFormat } from './anchorProof.js';
export { addAnchor } from './batch/addAnchor.js';
export { BatchBuilder } from './batch/BatchBuilder.js';
export { buildBatch } from './batch/buildBatch.js';
export type { AnchoredCredential, Batch, BatchOptions, SaltedCredential } from './batch/types.js';
export { canonicalJson } from './canonical.js';
export { type BuildCredentialOptions, type LearnerRecord, buildCredential } from './credential/build.js';
export { didPkhAddress, issuerAddress, issuerDid } from './credential/issuer.js';
export type {
  Achievement,
  AchievementSubject,
  Alignment,
  CredentialContextV2,
  CredentialProof,
  Criteria,
  DataIntegrityProof,
  IdentifierType,
  IdentityObject,
  IssuerProfile,
  OpenBadgeCredential,
  RegistryStatusEntry,
} from './credential/types.js';
export { OB_CONTEXT, REGISTRY_STATUS_TYPE, VC_CONTEXT } from './credential/types.js';
export { type AchievementTemplate, validateAchievementTemplate, validateCredential } from './credential/validate.js';
export { SALT_BYTES, fieldCommitment } from './disclosure/commit.js';
export { credentialDigest, saltCredential } from './disclosure/digest.js';
export { DISCLOSABLE_ARRAYS, DISCLOSABLE_FIELDS, isDisclosablePath } from './disclosure/fields.js';
export { type Disclosure, commitmentForm } from './disclosure/form.js';
export { redact } from './disclosure/redact.js';
export { type FieldKind, type ShownField, hideFieldKinds, shownFields } from './disclosure/shown.js';
export {
  MicrocredError,
  type MicrocredErrorParameters,
  CredentialValidationError,
  DisclosureError,
  InvalidArgumentError,
  InvariantError,
  type ValidationIssue,
} from './errors.js';
export { MAX_JSON_DEPTH, type ParseStrictJsonOptions, StrictJsonError, type StrictJsonProblem, parseStrictJson } from './json/index.js';
export { type IntegrityCheck, type IntegrityResult, type IntegrityStep, checkIntegrity } from './integrity.js';
export { MAX_INDEX, type MerkleTree, buildMerkleTree, processProof, standardLeaf, verifyProof } from './merkle/index.js';
export { type CredentialFormat, anchorProofOf, contextV2, contextV2WithComponents, credentialFormat, registryStatusEntry, signatureProofsOf, withAnchorProof } from './credential/format.js';
export { MICROCRED_CONTEXT_V2, MICROCRED_CONTEXT_V2_COMPONENTS } from './jsonld/microcredContext.js';
export { type StatusReasonName, statusReasonCodes, statusReasonInWords } from './statusReason.js';

// ---- DIDs, JSON-LD loading and Data Integrity signatures (eddsa-rdfc-2022) ----
export {
  type BuildIssuerDidDocumentParameters,
  DEFAULT_DID_TIMEOUT_MS,
  type DidDocument,
  type DidDocumentSource,
  DidResolutionError,
  type DidResolutionFailure,
  type DidResolver,
  ETHEREUM_ACCOUNT_CONTEXT,
  ETHEREUM_ACCOUNT_TYPE,
  MAX_DID_DOCUMENT_BYTES,
  type ResolveDidOptions,
  type ResolvedDid,
  SIGNING_KEY_FRAGMENT,
  type VerificationMethod,
  anchoringAccounts,
  assertionKeys,
  buildIssuerDidDocument,
  didDocumentHash,
  didWeb,
  didWebDocumentUrl,
  resolveDid,
} from './did/index.js';
export { OFFLINE_CONTEXTS } from './jsonld/contexts.js';
export { type CreateDocumentLoaderOptions, type DocumentLoader, DocumentLoaderError, createDocumentLoader } from './jsonld/documentLoader.js';
export {
  CRYPTOSUITE,
  type IssuerKey,
  type IssuerSigner,
  type IssuerSignerParameters,
  type SignCredentialOptions,
  type SignCredentialsStats,
  type SignableCredential,
  type SignatureFailure,
  type SignatureVerdict,
  type VerifyCredentialSignatureOptions,
  type VerifyCredentialSignaturesOptions,
  type VerifyCredentialSignaturesStats,
  generateIssuerKey,
  issuerSigner,
  signCredential,
  signCredentials,
  verifyCredentialSignature,
  verifyCredentialSignatures,
} from './signature/index.js';

// ---- Skills passports: holder keys (did:key) and Verifiable Presentations signed by the holder ----
export {
  type BuildPresentationParameters,
  type HolderKey,
  type HolderSigner,
  PRESENTATION_CONTEXT,
  PresentationCredentialError,
  type PresentationProof,
  type PresentationSignatureFailure,
  type PresentationSignatureVerdict,
  type SignPresentationOptions,
  type VerifiablePresentation,
  type VerifyPresentationSignatureOptions,
  buildPresentation,
  generateHolderKey,
  holderSigner,
  isPresentation,
  presentationCredentials,
  presentationHolder,
  signPresentation,
  verifyPresentationSignature,
} from './presentation/index.js';
export {
  type CandidateVerdict,
  COMPONENT_EVIDENCE_TYPE,
  type ComponentEvidence,
  type ComponentOutcome,
  type EvaluatePathwayOptions,
  PATHWAY_TYPE,
  PATHWAY_VERSION,
  type Pathway,
  type PathwayComponent,
  type PathwayEvaluation,
  type PathwayRule,
  PathwayValidationError,
  type RuleOutcome,
  componentEvidence,
  componentEvidenceOf,
  evaluatePathway,
  validatePathway,
  withComponentEvidence,
} from './pathway/index.js';
