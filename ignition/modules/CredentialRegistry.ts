import { buildModule } from '@nomicfoundation/hardhat-ignition/modules';
import { concat } from 'viem';
import { credentialRegistryBytecode } from '../../src/abi/generated.js';
import { REGISTRY_SALT, registryReleases } from '../../src/abi/releases.js';
import { DETERMINISTIC_DEPLOYER } from '../../src/chain/deterministicDeployer.js';

/**
 * Deploys the newest registry release where `microcred deploy` does: through the deterministic deployment
 * proxy with `REGISTRY_SALT`, so it lands at the release's one address (`registryReleases`), the same on
 * every chain. The registry is permissionless (every issuer, operator and accreditor acts for itself), so
 * it takes no constructor arguments and has no owner.
 *
 * The proxy must be on the chain (public chains have it; `microcred deploy` installs it on a local node).
 * Where the release is already deployed the proxy's CREATE2 fails and the deployment stops having changed
 * nothing: `microcred deploy` says "already deployed" instead.
 *
 * @example
 * npx hardhat ignition deploy ignition/modules/CredentialRegistry.ts --network localhost
 */
export default buildModule('CredentialRegistryModule', (m) => {
  const release = registryReleases.at(-1)!;
  const deployment = m.send('DeployThroughDeterministicProxy', DETERMINISTIC_DEPLOYER, 0n, concat([REGISTRY_SALT, credentialRegistryBytecode]));
  const registry = m.contractAt('CredentialRegistry', release.address, { after: [deployment] });
  return { registry };
});
