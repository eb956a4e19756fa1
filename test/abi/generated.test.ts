import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import { network } from 'hardhat';
import { GENERATED_ABI_FILE, renderAbiModule } from '../../scripts/abi/render.js';
import { CredentialStatus, credentialRegistryAbi, credentialRegistryBytecode } from '../../src/abi/index.js';

describe('generated ABI module', () => {
  it('matches the compiled artifacts (run `npm run abi` if this fails)', async () => {
    const committed = await readFile(GENERATED_ABI_FILE, 'utf8');
    expect(committed).to.equal(await renderAbiModule(process.cwd()));
  });

  it('deploys from the exported bytecode', async () => {
    const { ethers } = await network.create();
    const [deployer] = await ethers.getSigners();
    const factory = new ethers.ContractFactory(credentialRegistryAbi, credentialRegistryBytecode, deployer);
    const registry = await factory.deploy();
    // The exported enum must mean what the deployed contract returns.
    const deployed = new ethers.Contract(await registry.getAddress(), credentialRegistryAbi, deployer);
    const verify = deployed.getFunction('verify');
    const root = ethers.keccak256(ethers.toUtf8Bytes('root'));
    expect(await verify(deployer!.address, root, 0n, root, [])).to.equal(BigInt(CredentialStatus.NotAnchored));
  });
});
