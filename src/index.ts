/**
 * microcred SDK: build, batch and check credentials (core), talk to the registry (chain), and verify
 * (verifier). Browser-safe: the Node-only issuer store and CLI are not part of this entry point.
 */
export * from './core/index.js';
export * from './chain/index.js';
export * from './verifier/index.js';
export { CredentialStatus, Permission, REGISTRY_SALT, type RegistryRelease, credentialRegistryAbi, iCredentialRegistryAbi, registryReleases } from './abi/index.js';
