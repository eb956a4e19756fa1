export { buildPresentation, isPresentation, presentationCredentials, presentationHolder } from './build.js';
export { type HolderKey, type HolderSigner, generateHolderKey, holderSigner } from './holderKey.js';
export { PresentationCredentialError, signPresentation } from './sign.js';
export {
  type BuildPresentationParameters,
  PRESENTATION_CONTEXT,
  type PresentationProof,
  type PresentationSignatureFailure,
  type PresentationSignatureVerdict,
  type SignPresentationOptions,
  type VerifiablePresentation,
  type VerifyPresentationSignatureOptions,
} from './types.js';
export { verifyPresentationSignature } from './verify.js';
