import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import {
  revokeStoredCredentials,
  suspendStoredCredentials,
  unsuspendStoredCredentials,
} from '../../src/node/issuer/changeStatus.js';
import {
  AmbiguousCredentialError,
  BatchNotAnchoredError,
  CredentialEvidenceError,
  CredentialNotFoundError,
  IssuerError,
} from '../../src/node/issuer/errors.js';
import { readCredentialStates } from '../../src/chain/reads.js';
import { anchorBatch, sendWrite } from '../../src/chain/writes.js';
import type { TestChain } from '../helpers/chain.js';
import { type TempStore, anchoredSeedBatch, seedBatch } from '../helpers/store.js';

describe('issuer: revoke, suspend, unsuspend', function () {
  this.timeout(60_000);
  let chain: TestChain;
  let temp: TempStore;
  let seeded: ReturnType<typeof seedBatch>;

  beforeEach(async () => {
    ({ chain, temp, seeded } = await anchoredSeedBatch(300));
  });
  afterEach(() => temp.cleanup());

  const idOf = (index: number) => seeded.credentials[index]!.id;
  const chainState = async (index: number) => {
    const [state] = await readCredentialStates(chain.registry, [{ issuer: seeded.batch.issuer, root: seeded.batch.root, index }]);
    return state!;
  };
  const head = async () => Number(await chain.client.getBlockNumber({ cacheTime: 0 }));

  it('revokes by id in one transaction per batch, records it, and is a no-op when rerun', async () => {
    const progress: [number, number][] = [];
    const result = await revokeStoredCredentials({
      store: temp.store,
      writer: chain.writer,
      credentials: [idOf(299), idOf(3)],
      reason: 2,
      note: 'issued in error',
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(result.kind).to.equal('revoke');
    expect(result.changes.map((c) => [c.index, c.outcome])).to.deep.equal([
      [299, 'changed'],
      [3, 'changed'],
    ]);
    expect(result.changes[0]!.txHash).to.equal(result.changes[1]!.txHash);
    expect(result.gasUsed > 0n).to.equal(true);
    expect(progress).to.deep.equal([[2, 2]]);
    expect((await chainState(3)).revoked).to.equal(true);
    expect((await chainState(299)).revoked).to.equal(true);
    expect((await chainState(4)).revoked).to.equal(false);
    const [action] = temp.store.actions.forCredential(idOf(3));
    expect(action).to.include({ kind: 'revoke', reason: 2, note: 'issued in error', state: 'confirmed', txHash: result.changes[1]!.txHash });
    expect(temp.store.batches.counts('b1').revoked).to.equal(2);

    const before = await head();
    const again = await revokeStoredCredentials({ store: temp.store, writer: chain.writer, credentials: [idOf(3)] });
    expect(again.changes).to.deep.equal([{ ...result.changes[1], outcome: 'unchanged' }]);
    expect(again.gasUsed).to.equal(0n);
    expect(await head()).to.equal(before);
    expect(temp.store.actions.forCredential(idOf(3))).to.have.length(1);
  });

  it('does not take a file\'s word for which credential it is: a file holding only an id is refused', async () => {
    // These seeded files hold nothing but an id, so nothing in them is evidence (evidence.test.ts has
    // real credential files): neither the path the store wrote it to nor a copy elsewhere is acted on.
    const copy = path.join(temp.dir, 'copy-from-learner.json');
    copyFileSync(seeded.credentials[7]!.file, copy);
    const error = await suspendStoredCredentials({
      store: temp.store,
      writer: chain.writer,
      credentials: [seeded.credentials[5]!.file, copy, idOf(5)],
    }).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(CredentialEvidenceError);
    expect((error as CredentialEvidenceError).reasons).to.have.length(2);
    expect((error as CredentialEvidenceError).reasons[1]).to.match(/copy-from-learner\.json is not a credential this store can check/);
    expect((await chainState(5)).suspended).to.equal(false);
    expect((await chainState(7)).suspended).to.equal(false);
  });

  it("finds a credential by its learner's roster id, when the learner has only that one", async () => {
    const result = await revokeStoredCredentials({ store: temp.store, writer: chain.writer, credentials: ['s12', 'S13'] });
    expect(result.changes.map((c) => [c.credentialId, c.outcome])).to.deep.equal([
      [idOf(12), 'changed'],
      [idOf(13), 'changed'],
    ]);
    expect((await chainState(12)).revoked).to.equal(true);
  });

  it('a learner id naming credentials in two batches is an error listing both, and nothing is sent', async () => {
    const second = seedBatch(temp.store, temp.dir, { id: 'b2', issuer: chain.accounts[0]!, size: 20 });
    await anchorBatch(chain.writer, second.batch.issuer, second.batch.root, second.batch.size);
    const before = await head();
    const error = await revokeStoredCredentials({ store: temp.store, writer: chain.writer, credentials: ['s14', idOf(1)] }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(AmbiguousCredentialError);
    expect((error as Error).message).to.include(idOf(14)).and.include(second.credentials[14]!.id).and.include('"s14"');
    expect(await head()).to.equal(before);
    expect((await chainState(1)).revoked).to.equal(false);
  });

  it('reports every unknown reference at once and sends nothing', async () => {
    const before = await head();
    const error = await revokeStoredCredentials({
      store: temp.store,
      writer: chain.writer,
      credentials: [idOf(1), 'urn:uuid:nope', path.join(temp.dir, 'missing.json')],
    }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(CredentialNotFoundError);
    expect((error as CredentialNotFoundError).refs).to.deep.equal(['urn:uuid:nope', path.join(temp.dir, 'missing.json')]);
    expect(await head()).to.equal(before);
  });

  it('suspends, lifts and suspends again, keeping the whole history and the counts right', async () => {
    const params = { store: temp.store, writer: chain.writer, credentials: [idOf(10)] };
    await suspendStoredCredentials({ ...params, reason: 4 });
    expect(temp.store.batches.counts('b1').suspended).to.equal(1);
    expect((await suspendStoredCredentials(params)).changes[0]!.outcome).to.equal('unchanged');
    await unsuspendStoredCredentials(params);
    expect((await chainState(10)).suspended).to.equal(false);
    expect(temp.store.batches.counts('b1').suspended).to.equal(0);
    expect((await unsuspendStoredCredentials({ ...params, credentials: [idOf(11)] })).changes[0]!.outcome).to.equal('unchanged');
    await suspendStoredCredentials(params);
    expect(temp.store.actions.forCredential(idOf(10)).map((a) => [a.kind, a.state])).to.deep.equal([
      ['suspend', 'confirmed'],
      ['unsuspend', 'confirmed'],
      ['suspend', 'confirmed'],
    ]);
    expect(temp.store.batches.counts('b1').suspended).to.equal(1);
  });

  it('refuses a batch that is not anchored on this registry, and a bad reason code', async () => {
    const other = seedBatch(temp.store, temp.dir, { id: 'b2', issuer: chain.accounts[0]!, size: 2 });
    const error = await revokeStoredCredentials({ store: temp.store, writer: chain.writer, credentials: [other.credentials[0]!.id] }).catch(
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(BatchNotAnchoredError);
    expect(temp.store.actions.forCredential(other.credentials[0]!.id)).to.deep.equal([]);
    for (const reason of [-1, 256, 1.5]) {
      const bad = await revokeStoredCredentials({ store: temp.store, writer: chain.writer, credentials: [idOf(0)], reason }).catch((e: unknown) => e);
      expect(bad).to.be.instanceOf(IssuerError);
    }
  });

  it('marks intents abandoned when the registry rejects the write, so nothing stays in flight', async () => {
    // Signed by an account that is neither the issuer nor its operator: the simulation reverts.
    const { createWalletClient, custom } = await import('viem');
    const intruder = createWalletClient({ account: chain.accounts[1]!, transport: custom({ request: (args) => chain.client.request(args as never) }) });
    const error = await revokeStoredCredentials({
      store: temp.store,
      writer: { registry: chain.registry, wallet: intruder },
      credentials: [idOf(0)],
    }).catch((e: unknown) => e);
    expect((error as Error).name).to.equal('RegistryRevertedError');
    expect(temp.store.actions.forCredential(idOf(0)).map((a) => a.state)).to.deep.equal(['abandoned']);
    expect(temp.store.actions.unfinished()).to.deep.equal([]);
  });

  describe('after a crash', () => {
    const registryOf = () => ({ chain: chain.registry.chain, registry: chain.registry.address });

    it('between sending and recording the hash: finds the transaction by its event and sends nothing', async () => {
      const [intent] = temp.store.journal.recordIntents([{ batchId: 'b1', credentialId: idOf(20), kind: 'revoke', reason: 1, fromBlock: await head(), ...registryOf() }]);
      const hash = await sendWrite(chain.writer, 'revoke', [seeded.batch.issuer, seeded.batch.root, [20n], 1]);
      await chain.client.waitForTransactionReceipt({ hash });
      const before = await head();

      const result = await revokeStoredCredentials({ store: temp.store, writer: chain.writer, credentials: [idOf(20)] });
      expect(result.changes[0]).to.include({ outcome: 'recovered', txHash: hash });
      expect(await head()).to.equal(before);
      expect(temp.store.actions.get(intent!.id)).to.include({ state: 'confirmed', txHash: hash });
    });

    it('after recording the hash: confirms from the receipt', async () => {
      const [intent] = temp.store.journal.recordIntents([{ batchId: 'b1', credentialId: idOf(21), kind: 'suspend', reason: 0, fromBlock: await head(), ...registryOf() }]);
      const hash = await sendWrite(chain.writer, 'suspend', [seeded.batch.issuer, seeded.batch.root, [21n], 0]);
      temp.store.journal.recordSent([intent!.id], hash);
      const result = await suspendStoredCredentials({ store: temp.store, writer: chain.writer, credentials: [idOf(21)] });
      expect(result.changes[0]).to.include({ outcome: 'recovered', txHash: hash });
      expect(temp.store.actions.get(intent!.id)!.state).to.equal('confirmed');
    });

    it('before sending: abandons the old intent and sends now', async () => {
      const [intent] = temp.store.journal.recordIntents([{ batchId: 'b1', credentialId: idOf(22), kind: 'revoke', reason: 1, fromBlock: await head(), ...registryOf() }]);
      // Something else happened on chain in between: it must not be taken for this intent.
      await sendWrite(chain.writer, 'revoke', [seeded.batch.issuer, seeded.batch.root, [23n], 1]);
      const result = await revokeStoredCredentials({ store: temp.store, writer: chain.writer, credentials: [idOf(22)] });
      expect(result.changes[0]!.outcome).to.equal('changed');
      expect(temp.store.actions.get(intent!.id)!.state).to.equal('abandoned');
      expect(temp.store.actions.forCredential(idOf(22)).map((a) => a.state)).to.deep.equal(['abandoned', 'confirmed']);
    });
  });
});
