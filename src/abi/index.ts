/**
 * Typed ABIs for dapp developers: `import { credentialRegistryAbi } from 'microcred/abi'`.
 * Generated from the compiled contracts (`as const`, so viem infers every argument and return type).
 */
export {
  credentialRegistryAbi,
  credentialRegistryBytecode,
  iCredentialRegistryAbi,
} from './generated.js';
export { REGISTRY_SALT, type RegistryRelease, registryReleases } from './releases.js';

/** Operator permission bits of `setOperatorPermissions`, as documented in `ICredentialRegistry`. */
export const Permission = { Anchor: 1, Revoke: 2 } as const;

/** `ICredentialRegistry.CredentialStatus`, in the enum's on-chain order. */
export const CredentialStatus = {
  NotAnchored: 0,
  Valid: 1,
  InvalidProof: 2,
  Revoked: 3,
  Suspended: 4,
} as const;
export type CredentialStatus = (typeof CredentialStatus)[keyof typeof CredentialStatus];
