import { buildModule } from '@nomicfoundation/hardhat-ignition/modules';

/**
 * Deploys the credential registry. The registry is permissionless (every issuer, operator and accreditor
 * acts for itself through its own address), so it takes no constructor arguments and has no owner.
 *
 * @example
 * npx hardhat ignition deploy ignition/modules/CredentialRegistry.ts --network localhost
 */
export default buildModule('CredentialRegistryModule', (m) => {
  const registry = m.contract('CredentialRegistry');
  return { registry };
});
