import { expect } from 'chai';
import { network } from 'hardhat';
import { type Address, createPublicClient, createWalletClient, custom, keccak256, toHex } from 'viem';
import { CredentialStatus, credentialRegistryAbi } from '../../src/abi/index.js';
import { connectRegistry } from '../../src/chain/connect.js';
import { anchorBatch } from '../../src/chain/writes.js';
import { deployRegistry } from '../../src/chain/deploy.js';
import { buildMerkleTree } from '../../src/core/index.js';

// Our tree is tested against @openzeppelin/merkle-tree; this closes the loop with the registry's
// MerkleProof.verifyCalldata: every proof we make verifies on chain, and a proof for a neighbour does not.
describe('our Merkle proofs on chain', () => {
  it('verify with the registry for batch sizes 1, 2, 3, 7 and 33', async () => {
    const { provider } = await network.create();
    const transport = custom(provider, { retryCount: 0 });
    const client = createPublicClient({ transport, pollingInterval: 10 });
    const [issuer] = (await client.request({ method: 'eth_accounts' } as never)) as Address[];
    const wallet = createWalletClient({ account: issuer!, transport });
    const { address } = await deployRegistry(client, wallet);
    const writer = { registry: await connectRegistry({ client, address }), wallet };

    for (const size of [1, 2, 3, 7, 33]) {
      const digests = Array.from({ length: size }, (_, i) => keccak256(toHex(`credential ${size}/${i}`)));
      const tree = buildMerkleTree(digests);
      await anchorBatch(writer, issuer!, tree.root, size);
      for (let index = 0; index < size; index++) {
        const verify = (i: number, proof: readonly `0x${string}`[]) =>
          client.readContract({ address, abi: credentialRegistryAbi, functionName: 'verify', args: [issuer!, tree.root, BigInt(i), digests[i]!, proof] });
        expect(await verify(index, tree.proof(index))).to.equal(CredentialStatus.Valid);
        if (size > 1) {
          const other = (index + 1) % size;
          expect(await verify(other, tree.proof(index))).to.equal(CredentialStatus.InvalidProof);
        }
      }
    }
  });
});
