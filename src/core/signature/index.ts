export { type SignCredentialsStats, signCredentials } from './batch.js';
export { type VerifyCredentialSignaturesOptions, type VerifyCredentialSignaturesStats, verifyCredentialSignatures } from './batchVerify.js';
export { type IssuerKey, type IssuerSigner, type IssuerSignerParameters, generateIssuerKey, issuerSigner } from './keys.js';
export { signCredential } from './sign.js';
export { CRYPTOSUITE, type DataIntegrityProof, type SignCredentialOptions, type SignableCredential } from './types.js';
export { LEGACY_CRYPTOSUITE, type SignatureFailure, type SignatureVerdict, type VerifyCredentialSignatureOptions, verifyCredentialSignature } from './verify.js';
