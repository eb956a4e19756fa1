import { expect } from 'chai';
import { network } from 'hardhat';
import { type Address, createPublicClient, createWalletClient, custom, getAddress, http, keccak256, toHex } from 'viem';
import { connectRegistry } from '../../src/chain/connect.js';
import { deployRegistry } from '../../src/chain/deploy.js';
import { ChainMismatchError, ChainUnreachableError, RegistryNotFoundError, RegistryRevertedError } from '../../src/chain/errors.js';
import { readBatch, readCredentialStates } from '../../src/chain/reads.js';
import {
  type RegistryWriter,
  anchorBatch,
  revokeBatch,
  revokeCredentials,
  suspendCredentials,
  unsuspendCredentials,
} from '../../src/chain/writes.js';

const root = (label: string) => keccak256(toHex(label));

describe('chain client', () => {
  let writer: RegistryWriter;
  let issuer: Address;
  let stranger: Address;
  let requests = 0;

  before(async () => {
    const { provider } = await network.create();
    // Count JSON-RPC round trips so batching is checked, not assumed.
    const counted = { request: (args: { method: string; params?: unknown }) => (requests++, provider.request(args as never)) };
    const transport = custom(counted, { retryCount: 0 });
    const client = createPublicClient({ transport, pollingInterval: 10 });
    [issuer, stranger] = (await client.request({ method: 'eth_accounts' } as never)) as [Address, Address];
    const wallet = createWalletClient({ account: issuer, transport });
    const { address } = await deployRegistry(client, wallet);
    writer = { registry: await connectRegistry({ client, address, expectedChainId: 31337 }), wallet };
  });

  it('anchors a batch and reads its record back', async () => {
    const receipt = await anchorBatch(writer, issuer, root('a'), 600);
    expect(receipt.gasUsed > 0n).to.equal(true);
    const batch = await readBatch(writer.registry, issuer, root('a'));
    expect(batch?.size).to.equal(600);
    expect(batch?.revoked).to.equal(false);
    expect(await readBatch(writer.registry, stranger, root('a'))).to.equal(undefined);
  });

  it('names the custom error of a rejected write before sending it', async () => {
    const error = await anchorBatch(writer, issuer, root('a'), 5).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(RegistryRevertedError);
    expect((error as RegistryRevertedError).errorName).to.equal('CredentialRegistryBatchAlreadyAnchored');
    expect((error as RegistryRevertedError).args).to.deep.equal([issuer, root('a')]);
    // A sentence first, then the error and its values for whoever digs further.
    expect((error as Error).message).to.equal(
      `The registry rejected the transaction: batch ${root('a')} of ${getAddress(issuer)} is already anchored here (CredentialRegistryBatchAlreadyAnchored(${getAddress(issuer)}, ${root('a')})).`,
    );
  });

  it('reads the state of 600 credentials of one batch in one round trip', async () => {
    await revokeCredentials(writer, issuer, root('a'), [599, 3, 256], 1);
    await suspendCredentials(writer, issuer, root('a'), [4, 300], 2);
    await unsuspendCredentials(writer, issuer, root('a'), [300]);
    const refs = Array.from({ length: 600 }, (_, index) => ({ issuer, root: root('a'), index }));
    const before = requests;
    const states = await readCredentialStates(writer.registry, refs);
    expect(requests - before).to.equal(1);
    const revoked = states.flatMap((s, i) => (s.revoked ? [i] : []));
    const suspended = states.flatMap((s, i) => (s.suspended ? [i] : []));
    expect(revoked).to.deep.equal([3, 256, 599]);
    expect(suspended).to.deep.equal([4]);
    expect(states.every((s) => s.batch?.size === 600)).to.equal(true);
  });

  it('splits reads across round trips when a request would grow too large', async () => {
    await anchorBatch(writer, issuer, root('b'), 10);
    const refs = ['a', 'b', 'missing'].flatMap((label) => [0, 1].map((index) => ({ issuer, root: root(label), index })));
    const before = requests;
    const states = await readCredentialStates(writer.registry, refs, { maxCallsPerRequest: 2 });
    expect(requests - before).to.equal(5); // 3 batches + 3 words × 2 bitmaps = 9 calls, 2 per request
    expect(states.map((s) => s.batch?.size)).to.deep.equal([600, 600, 10, 10, undefined, undefined]);
  });

  it('reports a whole-batch revocation in the batch record', async () => {
    await revokeBatch(writer, issuer, root('b'), 7);
    const batch = await readBatch(writer.registry, issuer, root('b'));
    expect(batch?.revoked).to.equal(true);
    expect(batch?.revokeReason).to.equal(7);
    expect(batch!.revokedAt >= batch!.anchoredAt).to.equal(true);
  });

  it('tells a wrong chain, a missing registry and an unreachable endpoint apart', async () => {
    const { client, address } = writer.registry;
    const mismatch = await connectRegistry({ client, address, expectedChainId: 1 }).catch((e: unknown) => e);
    expect(mismatch).to.be.instanceOf(ChainMismatchError);
    const missing = await connectRegistry({ client, address: stranger }).catch((e: unknown) => e);
    expect(missing).to.be.instanceOf(RegistryNotFoundError);
    const closed = createPublicClient({ transport: http('http://127.0.0.1:9', { retryCount: 0, timeout: 2_000 }) });
    const unreachable = await connectRegistry({ client: closed, address, expectedChainId: 31337 }).catch((e: unknown) => e);
    expect(unreachable).to.be.instanceOf(ChainUnreachableError);
    expect((unreachable as ChainUnreachableError).shortMessage).to.equal('Could not reach chain eip155:31337.');
  });
});
