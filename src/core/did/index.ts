export { ED25519_DID_KEY, didKeyDocument } from './key.js';
export {
  type BuildIssuerDidDocumentParameters,
  ETHEREUM_ACCOUNT_CONTEXT,
  ETHEREUM_ACCOUNT_TYPE,
  SIGNING_KEY_FRAGMENT,
  anchoringAccounts,
  assertionKeys,
  buildIssuerDidDocument,
  didDocumentHash,
} from './document.js';
export { DidResolutionError, type DidResolutionFailure } from './errors.js';
export { DEFAULT_DID_TIMEOUT_MS, MAX_DID_DOCUMENT_BYTES, type ResolveDidOptions, resolveDid } from './resolve.js';
export type { DidDocument, DidDocumentSource, DidResolver, ResolvedDid, VerificationMethod } from './types.js';
export { didWeb, didWebDocumentUrl, didWebOfDomain, isDidWebDomain, parseDidWeb } from './web.js';
