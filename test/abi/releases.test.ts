import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import { network } from 'hardhat';
import { type Address, type Hex, createPublicClient, createWalletClient, custom, getContractAddress, keccak256 } from 'viem';
import { releasesWithCompiled, renderReleases, RELEASES_FILE } from '../../scripts/abi/releases.js';
import { REGISTRY_SALT, credentialRegistryBytecode, registryReleases } from '../../src/abi/index.js';
import { deployRegistry, installDeterministicDeployer } from '../../src/chain/deploy.js';
import { DETERMINISTIC_DEPLOYER } from '../../src/chain/deterministicDeployer.js';
import CredentialRegistryModule from '../../ignition/modules/CredentialRegistry.js';

describe('released registries', () => {
  it('lists the compiled registry as the newest release (run `npm run abi` after changing the contract)', async () => {
    const committed = await readFile(RELEASES_FILE, 'utf8');
    expect(committed, 'src/abi/releases.ts is stale').to.equal(renderReleases(await releasesWithCompiled(process.cwd())));
    expect(registryReleases.at(-1)!.initCodeHash).to.equal(keccak256(credentialRegistryBytecode));
  });

  it('only ever grows: versions count up from 1, no code hash or address twice', () => {
    registryReleases.forEach((release, i) => expect(release.version).to.equal(i + 1));
    expect(new Set(registryReleases.map((r) => r.runtimeCodeHash)).size).to.equal(registryReleases.length);
    expect(new Set(registryReleases.map((r) => r.address)).size).to.equal(registryReleases.length);
    for (const release of registryReleases) {
      expect(getContractAddress({ opcode: 'CREATE2', from: DETERMINISTIC_DEPLOYER, salt: REGISTRY_SALT, bytecodeHash: release.initCodeHash })).to.equal(release.address);
    }
  });

  it('deploys at the release address with the release code, installing the proxy first, and only once', async () => {
    const { provider } = await network.create();
    const client = createPublicClient({ transport: custom(provider), pollingInterval: 10 });
    const [account] = (await client.request({ method: 'eth_accounts' } as never)) as Address[];
    const wallet = createWalletClient({ account: account!, transport: custom(provider) });
    expect(await client.getCode({ address: DETERMINISTIC_DEPLOYER })).to.equal(undefined);

    const first = await deployRegistry(client as never, wallet);
    expect(first).to.include({ address: registryReleases.at(-1)!.address, deployed: true, installedDeployer: true });
    const code = (await client.getCode({ address: first.address })) as Hex;
    expect(keccak256(code)).to.equal(registryReleases.at(-1)!.runtimeCodeHash);

    const nonce = await client.getTransactionCount({ address: account! });
    const again = await deployRegistry(client as never, wallet);
    expect(again).to.include({ address: first.address, deployed: false, installedDeployer: false });
    expect(await client.getTransactionCount({ address: account! }), 'a second deploy sends nothing').to.equal(nonce);
  });

  it('Ignition deploys the same release at the same address through the proxy', async () => {
    const connection = await network.create();
    const client = createPublicClient({ transport: custom(connection.provider), pollingInterval: 10 });
    const [account] = (await client.request({ method: 'eth_accounts' } as never)) as Address[];
    await installDeterministicDeployer(client as never, createWalletClient({ account: account!, transport: custom(connection.provider) }));
    const { registry } = await connection.ignition.deploy(CredentialRegistryModule);
    const address = await registry.getAddress();
    expect(address).to.equal(registryReleases.at(-1)!.address);
    expect(keccak256((await client.getCode({ address: address as Address }))!)).to.equal(registryReleases.at(-1)!.runtimeCodeHash);
  });
});
