import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { getAbiItem, getAddress } from 'viem';
import { credentialRegistryAbi, credentialRegistryBytecode } from '../../src/abi/index.js';
import { connectRegistry } from '../../src/chain/connect.js';
import { anchorBatch, sendWrite } from '../../src/chain/writes.js';
import { checkIntegrity } from '../../src/core/index.js';
import {
  AnchorConflictError,
  BatchNotFoundError,
  CredentialFilesError,
  type IssueRosterReturnType,
  anchorStoredBatch,
  issueRoster,
  reconcileStore,
} from '../../src/node/issuer/index.js';
import { type TestChain, REPO_ROOT, inProcessChain } from '../helpers/chain.js';
import { type TempStore, tempStore } from '../helpers/store.js';
import { anchorProofOf } from '../../src/core/credential/format.js';

const TEMPLATE = JSON.parse(readFileSync(path.join(REPO_ROOT, 'examples/achievement.json'), 'utf8')) as unknown;

describe('issuer: anchorStoredBatch', function () {
  this.timeout(60_000);
  let chain: TestChain;
  let temp: TempStore;
  let issued: IssueRosterReturnType;

  beforeEach(async () => {
    chain = await inProcessChain();
    temp = tempStore();
    issued = await issueRoster({
      store: temp.store,
      rosterPath: path.join(REPO_ROOT, 'examples/roster.csv'),
      template: TEMPLATE,
      issuer: { address: chain.accounts[0]!, name: 'Example University' },
      outDir: path.join(temp.dir, 'credentials'),
    });
  });
  afterEach(() => temp.cleanup());

  const anchorEvents = () =>
    chain.client.getLogs({
      address: chain.registry.address,
      event: getAbiItem({ abi: credentialRegistryAbi, name: 'BatchAnchored' }),
      args: { issuer: issued.issuer, root: issued.root },
      fromBlock: 0n,
    });
  const head = async () => Number(await chain.client.getBlockNumber({ cacheTime: 0 }));
  const anchorsIn = (file: string) => anchorProofOf(JSON.parse(readFileSync(file, 'utf8')))!.anchors as unknown[];
  const key = () => ({ batchId: issued.batchId, chain: chain.registry.chain, registry: chain.registry.address });
  const anchor = (extra: object = {}) => anchorStoredBatch({ store: temp.store, batchId: issued.batchId, writer: chain.writer, ...extra });

  function expectFullyAnchored(txHash: string) {
    const target = { chain: 'eip155:31337', registry: getAddress(chain.registry.address) };
    expect(temp.store.batches.get(issued.batchId)!.state).to.equal('anchored');
    expect(temp.store.anchors.get(key())).to.include({ state: 'confirmed', txHash });
    expect(temp.store.anchors.get(key())!.filesUpdatedAt).to.be.a('string');
    for (const { file } of issued.credentials) {
      expect(anchorsIn(file)).to.deep.equal([target]);
      expect(checkIntegrity(JSON.parse(readFileSync(file, 'utf8'))).ok).to.equal(true);
    }
  }

  it('anchors once, records the transaction and block, and adds the anchor to every file', async () => {
    const progress: [number, number][] = [];
    const result = await anchor({ onProgress: (done: number, total: number) => progress.push([done, total]) });
    expect(result).to.include({ batchId: issued.batchId, chain: 'eip155:31337', outcome: 'sent', filesUpdated: 25, root: issued.root });
    expect(result.gasUsed! > 0n).to.equal(true);
    expect(result.anchoredAt).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const events = await anchorEvents();
    expect(events.map((e) => [e.transactionHash, Number(e.blockNumber), e.args.size])).to.deep.equal([[result.txHash, result.blockNumber, 25]]);
    expect(progress.at(-1)).to.deep.equal([25, 25]);
    expectFullyAnchored(result.txHash!);
    expect(temp.store.batches.counts(issued.batchId).anchors).to.equal(1);
  });

  it('does nothing on a rerun: no transaction, no file rewritten', async () => {
    const first = await anchor();
    const before = await head();
    const again = await anchor();
    expect(again).to.include({ outcome: 'unchanged', txHash: first.txHash, blockNumber: first.blockNumber, filesUpdated: 0 });
    expect(again.gasUsed).to.equal(undefined);
    expect(await head()).to.equal(before);
  });

  it('anchors again when the chain lost a confirmed anchor (a reset or reorganised chain), once', async () => {
    const snapshot = await chain.client.request({ method: 'evm_snapshot' } as never);
    const first = await anchor();
    // The chain forgets the anchoring block, as a restarted local chain or a reorg would.
    expect(await chain.client.request({ method: 'evm_revert', params: [snapshot] } as never)).to.equal(true);
    expect(await anchorEvents()).to.deep.equal([]);

    const again = await anchor();
    expect(again.outcome).to.equal('sent');
    expect(again.txHash).to.not.equal(undefined);
    expect((await anchorEvents()).map((e) => e.transactionHash)).to.deep.equal([again.txHash]);
    expectFullyAnchored(again.txHash!);
    expect(first.txHash).to.not.equal(undefined);
    // And only once: a further rerun finds it on chain and sends nothing.
    expect((await anchor()).outcome).to.equal('unchanged');
    expect(await anchorEvents()).to.have.length(1);
  });

  it('anchors the same batch on a second registry, and the files list both', async () => {
    const first = await anchor();
    // A second genuine registry on the same chain: the same code, deployed without CREATE2 (another address).
    const hash = await chain.wallet.deployContract({ abi: credentialRegistryAbi, bytecode: credentialRegistryBytecode, chain: null });
    const address = getAddress((await chain.client.waitForTransactionReceipt({ hash })).contractAddress!);
    const second = await connectRegistry({ client: chain.client, address });
    const result = await anchorStoredBatch({ store: temp.store, batchId: issued.batchId, writer: { registry: second, wallet: chain.wallet } });
    expect(result.outcome).to.equal('sent');
    expect(result.txHash).to.not.equal(first.txHash);
    expect(anchorsIn(issued.credentials[0]!.file)).to.deep.equal([
      { chain: 'eip155:31337', registry: chain.registry.address },
      { chain: 'eip155:31337', registry: address },
    ]);
    expect(temp.store.batches.counts(issued.batchId).anchors).to.equal(2);
  });

  it('refuses an unknown batch', async () => {
    const error = await anchorStoredBatch({ store: temp.store, batchId: 'nope', writer: chain.writer }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(BatchNotFoundError);
  });

  describe('after a crash', () => {
    it('after the intent only: sends', async () => {
      temp.store.journal.recordIntents([{ kind: 'anchor', ...key(), fromBlock: await head() }]);
      const result = await anchor();
      expect(result.outcome).to.equal('sent');
      expect(await anchorEvents()).to.have.length(1);
      expectFullyAnchored(result.txHash!);
    });

    it('between sending and recording the hash: finds the anchoring transaction and sends nothing', async () => {
      temp.store.journal.recordIntents([{ kind: 'anchor', ...key(), fromBlock: await head() }]);
      const hash = await sendWrite(chain.writer, 'anchor', [issued.issuer, issued.root, issued.size]);
      await chain.client.waitForTransactionReceipt({ hash });
      const before = await head();
      const result = await anchor();
      expect(result).to.include({ outcome: 'recovered', txHash: hash, filesUpdated: 25 });
      expect(await head()).to.equal(before);
      expectFullyAnchored(hash);
    });

    it('half-way through the files: finishes the rest only', async () => {
      await anchor();
      const { txHash } = temp.store.anchors.get(key())!;
      // Undo the "files done" mark and the anchor in the second half of the files.
      temp.store.db.prepare("UPDATE journal SET files_updated_at = NULL WHERE kind = 'anchor'").run();
      for (const { file } of issued.credentials.slice(12)) {
        const json = JSON.parse(readFileSync(file, 'utf8'));
        anchorProofOf(json)!.anchors = [];
        writeFileSync(file, JSON.stringify(json, null, 2));
      }
      const before = await head();
      const result = await anchor();
      expect(result).to.include({ outcome: 'unchanged', filesUpdated: 13 });
      expect(await head()).to.equal(before);
      expectFullyAnchored(txHash!);
    });

    it('lists missing or swapped files, updates the others, and finishes once they are back', async () => {
      const [a, b] = issued.credentials;
      const saved = readFileSync(a!.file, 'utf8');
      rmSync(a!.file);
      writeFileSync(b!.file, readFileSync(issued.credentials[2]!.file));
      const error = await anchor().catch((e: unknown) => e);
      expect(error).to.be.instanceOf(CredentialFilesError);
      expect((error as CredentialFilesError).problems.map((p) => p.file)).to.deep.equal([a!.file, b!.file]);
      expect((error as CredentialFilesError).problems[0]!.message).to.equal('the file is missing');
      expect(temp.store.anchors.get(key())!.filesUpdatedAt).to.equal(undefined);
      expect(anchorsIn(issued.credentials[3]!.file)).to.have.length(1);

      writeFileSync(a!.file, saved);
      writeFileSync(b!.file, JSON.stringify({ id: b!.id }));
      const again = (await anchor().catch((e: unknown) => e)) as CredentialFilesError;
      expect(again.problems.map((p) => p.file)).to.deep.equal([b!.file]);
      expect(again.problems[0]!.message).to.match(/^not a credential with a proof entry/);
    });
  });

  it('refuses to record an anchor whose size on chain differs from the store', async () => {
    await anchorBatch(chain.writer, issued.issuer, issued.root, 3);
    const error = await anchor().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(AnchorConflictError);
    expect((error as Error).message).to.match(/size 3, but the store says 25/);
  });

  it('reconcileStore finishes interrupted anchors and settles interrupted status actions', async () => {
    temp.store.journal.recordIntents([{ kind: 'anchor', ...key(), fromBlock: await head() }]);
    const report = await reconcileStore({ store: temp.store, writer: chain.writer });
    expect(report.anchors.map((a) => [a.batchId, a.outcome])).to.deep.equal([[issued.batchId, 'sent']]);
    expectFullyAnchored(report.anchors[0]!.txHash!);

    const id = issued.credentials[4]!.id;
    const [intent] = temp.store.journal.recordIntents([
      { kind: 'revoke', ...key(), credentialId: id, reason: 1, fromBlock: await head() },
    ]);
    const again = await reconcileStore({ store: temp.store, writer: chain.writer });
    expect(again.anchors).to.deep.equal([]);
    expect(again.actions.abandoned.map((a) => a.id)).to.deep.equal([intent!.id]);
    expect(temp.store.actions.unfinished()).to.deep.equal([]);
  });
});
