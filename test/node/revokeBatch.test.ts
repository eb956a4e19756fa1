import { expect } from 'chai';
import { custom } from 'viem';
import { readBatch } from '../../src/chain/reads.js';
import { RegistryRevertedError } from '../../src/chain/errors.js';
import { revokeBatch } from '../../src/chain/writes.js';
import {
  BatchNotAnchoredError,
  BatchNotFoundError,
  IssuerError,
  reconcileStore,
  revokeStoredBatch,
  revokeStoredCredentials,
} from '../../src/node/issuer/index.js';
import { type TestChain, writerFor } from '../helpers/chain.js';
import { type TempStore, anchoredSeedBatch, seedBatch } from '../helpers/store.js';

describe('issuer: revoke a whole batch', function () {
  this.timeout(60_000);
  let chain: TestChain;
  let temp: TempStore;
  let seeded: ReturnType<typeof seedBatch>;

  beforeEach(async () => {
    ({ chain, temp, seeded } = await anchoredSeedBatch(40));
  });
  afterEach(() => temp.cleanup());

  const head = async () => Number(await chain.client.getBlockNumber({ cacheTime: 0 }));
  const onChain = () => readBatch(chain.registry, seeded.batch.issuer, seeded.batch.root);
  const key = () => ({ batchId: 'b1', chain: chain.registry.chain, registry: chain.registry.address });
  const revoke = (extra: { reason?: number; note?: string } = {}) => revokeStoredBatch({ store: temp.store, writer: chain.writer, batchId: 'b1', ...extra });

  it('revokes every credential in one transaction, records it, and is a no-op when rerun', async () => {
    const result = await revoke({ reason: 2, note: 'course withdrawn' });
    expect(result).to.include({ batchId: 'b1', outcome: 'sent', credentials: 40, reason: 2, issuer: seeded.batch.issuer, root: seeded.batch.root });
    expect(result.txHash).to.match(/^0x[0-9a-f]{64}$/);
    expect(result.gasUsed! > 0n).to.equal(true);
    expect(await onChain()).to.include({ revoked: true, revokeReason: 2 });
    expect(temp.store.batchRevocations.get(key())).to.include({ state: 'confirmed', reason: 2, note: 'course withdrawn', txHash: result.txHash });
    expect(temp.store.batches.counts('b1')).to.include({ revoked: 40, batchRevoked: true });

    const before = await head();
    const again = await revoke({ reason: 3 });
    const { gasUsed: _sent, ...recorded } = result;
    expect(again).to.deep.equal({ ...recorded, outcome: 'unchanged' });
    expect(await head()).to.equal(before);
    // A credential of a revoked batch is already revoked: nothing to send for it either.
    const one = await revokeStoredCredentials({ store: temp.store, writer: chain.writer, credentials: [seeded.credentials[3]!.id] });
    expect(one.changes[0]!.outcome).to.equal('unchanged');
    expect(await head()).to.equal(before);
  });

  it('records a revocation done elsewhere (before any intent of ours) with its transaction and the reason on chain', async () => {
    const { hash } = await revokeBatch(chain.writer, seeded.batch.issuer, seeded.batch.root, 4);
    const before = await head();
    const result = await revoke({ reason: 1 });
    expect(result).to.include({ outcome: 'recovered', reason: 4, txHash: hash });
    expect(result).not.to.have.property('gasUsed');
    expect(await head()).to.equal(before);
    expect(temp.store.batchRevocations.get(key())!.state).to.equal('confirmed');
  });

  it('refuses an unknown batch, a batch not anchored on this registry, and a bad reason code, recording nothing', async () => {
    seedBatch(temp.store, temp.dir, { id: 'b2', issuer: chain.accounts[0]!, size: 2 });
    const before = await head();
    expect(await revokeStoredBatch({ store: temp.store, writer: chain.writer, batchId: 'nope' }).catch((e: unknown) => e)).to.be.instanceOf(BatchNotFoundError);
    expect(await revokeStoredBatch({ store: temp.store, writer: chain.writer, batchId: 'b2' }).catch((e: unknown) => e)).to.be.instanceOf(BatchNotAnchoredError);
    const bad = await revoke({ reason: 256 }).catch((e: unknown) => e);
    expect(bad).to.be.instanceOf(IssuerError);
    expect((bad as Error).message).to.match(/0 to 255, not 256/);
    expect(await head()).to.equal(before);
    expect(temp.store.batchRevocations.forBatch('b1')).to.deep.equal([]);
    expect(temp.store.batchRevocations.forBatch('b2')).to.deep.equal([]);
  });

  it('a signer without the right to revoke is refused by the registry before sending, and no intent is left', async () => {
    // Account 5 holds no rights for account 0 (the in-process chain signs for any of its accounts).
    const stranger = writerFor(chain, chain.accounts[5]!, custom({ request: (args) => chain.client.request(args as never) }));
    const error = await revokeStoredBatch({ store: temp.store, writer: stranger, batchId: 'b1' }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(RegistryRevertedError);
    expect((error as RegistryRevertedError).message).to.include('CredentialRegistryUnauthorized');
    expect(temp.store.batchRevocations.forBatch('b1')).to.deep.equal([]);
    expect((await onChain())!.revoked).to.equal(false);
  });

  it('reconcileStore sends a revocation whose intent was recorded but never sent', async () => {
    temp.store.journal.recordIntents([{ kind: 'revoke-batch', ...key(), reason: 5, fromBlock: await head() }]);
    const report = await reconcileStore({ store: temp.store, writer: chain.writer, pendingTimeoutMs: 5_000 });
    expect(report.batchRevocations.map((r) => [r.batchId, r.outcome, r.reason])).to.deep.equal([['b1', 'sent', 5]]);
    expect(await onChain()).to.include({ revoked: true, revokeReason: 5 });
    expect(temp.store.batchRevocations.unfinished()).to.deep.equal([]);
    expect((await reconcileStore({ store: temp.store, writer: chain.writer })).batchRevocations).to.deep.equal([]);
  });
});
