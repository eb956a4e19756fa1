import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { getAbiItem, getAddress } from 'viem';
import { credentialRegistryAbi } from '../../src/abi/index.js';
import { type IssueRosterReturnType, issueRoster } from '../../src/node/issuer/index.js';
import { recoverBatchFolders } from '../../src/node/issuer/batchFolder.js';
import type { ChildJob } from './fixtures/issuer-child.js';
import { type HardhatNode, type TestChain, REPO_ROOT, httpChain, startHardhatNode } from './helpers/chain.js';
import { type ChildRun, runChild } from './helpers/child.js';
import { type TempStore, tempStore } from './helpers/store.js';
import { anchorProofOf } from '../../src/core/credential/format.js';

const ROSTER = path.join(REPO_ROOT, 'examples/roster.csv');
const TEMPLATE_PATH = path.join(REPO_ROOT, 'examples/achievement.json');
const TEMPLATE = JSON.parse(readFileSync(TEMPLATE_PATH, 'utf8')) as unknown;

function expectKilled(run: ChildRun) {
  expect(run.signal, `the child should have died at its failpoint; stderr:\n${run.stderr}`).to.equal('SIGKILL');
}
function expectSuccess(run: ChildRun): Record<string, unknown> {
  expect(run.code, `the rerun failed; stderr:\n${run.stderr}`).to.equal(0);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}
/** Files left behind by interrupted writers, and lock files. */
function leftovers(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String).filter((name) => name.endsWith('.microcred-tmp') || name.endsWith('.lock'));
}

// Each process is really killed (SIGKILL, no cleanup) at the named step, against a `hardhat node` in
// another process, and then run again to completion.
describe('crash safety: SIGKILL at every step, then a rerun', function () {
  this.timeout(180_000);
  let node: HardhatNode;
  let chain: TestChain;
  let temp: TempStore;

  before(async () => {
    node = await startHardhatNode();
    chain = await httpChain(node.url);
  });
  after(async () => {
    await node?.stop();
  });
  beforeEach(() => {
    temp = tempStore('microcred-crash-');
  });
  afterEach(() => temp.cleanup());

  const issue = () =>
    issueRoster({
      store: temp.store,
      rosterPath: ROSTER,
      template: TEMPLATE,
      issuer: { address: chain.accounts[0]!, name: 'Crash Test University' },
      outDir: path.join(temp.dir, 'credentials'),
    });
  const anchorJob = (batchId: string): ChildJob => ({
    command: 'anchor',
    storeDir: temp.dir,
    rpcUrl: node.url,
    registry: chain.registry.address,
    batchId,
  });
  const anchorEvents = (issued: IssueRosterReturnType) =>
    chain.client.getLogs({
      address: chain.registry.address,
      event: getAbiItem({ abi: credentialRegistryAbi, name: 'BatchAnchored' }),
      args: { issuer: issued.issuer, root: issued.root },
      fromBlock: 0n,
    });
  const withAnchor = (issued: IssueRosterReturnType) =>
    issued.credentials.filter(({ file }) => anchorProofOf(JSON.parse(readFileSync(file, 'utf8')))!.anchors.length > 0).length;
  const anchorRow = (issued: IssueRosterReturnType) =>
    temp.store.anchors.get({ batchId: issued.batchId, chain: chain.registry.chain, registry: chain.registry.address });

  async function expectExactlyOneAnchor(issued: IssueRosterReturnType) {
    const events = await anchorEvents(issued);
    expect(events, 'BatchAnchored events for (issuer, root)').to.have.length(1);
    expect(temp.store.batches.get(issued.batchId)!.state).to.equal('anchored');
    expect(anchorRow(issued)).to.include({ state: 'confirmed', txHash: events[0]!.transactionHash, blockNumber: Number(events[0]!.blockNumber) });
    expect(anchorRow(issued)!.filesUpdatedAt).to.be.a('string');
    expect(temp.store.credentials.byBatch(issued.batchId)).to.have.length(25);
    for (const { file } of issued.credentials) {
      expect(anchorProofOf(JSON.parse(readFileSync(file, 'utf8')))!.anchors).to.deep.equal([{ chain: 'eip155:31337', registry: getAddress(chain.registry.address) }]);
    }
    expect(leftovers(temp.dir)).to.deep.equal([]);
  }

  const cases: { failpoint: string; inspect: (issued: IssueRosterReturnType) => Promise<void>; outcome: string }[] = [
    {
      failpoint: 'after-intent',
      outcome: 'sent',
      inspect: async (issued) => {
        expect(anchorRow(issued)!.state).to.equal('intent');
        expect(await anchorEvents(issued)).to.have.length(0);
      },
    },
    {
      failpoint: 'after-send',
      outcome: 'recovered',
      inspect: async (issued) => {
        // Sent, but the hash never reached the store.
        expect(anchorRow(issued)).to.include({ state: 'intent' }).and.not.have.property('txHash');
        expect(await anchorEvents(issued)).to.have.length(1);
      },
    },
    {
      failpoint: 'after-sent-recorded',
      outcome: 'recovered',
      inspect: async (issued) => {
        expect(anchorRow(issued)!.state).to.equal('sent');
        expect(await anchorEvents(issued)).to.have.length(1);
      },
    },
    {
      failpoint: 'after-confirm',
      outcome: 'unchanged',
      inspect: async (issued) => {
        expect(anchorRow(issued)!.state).to.equal('confirmed');
        expect(withAnchor(issued)).to.equal(0);
      },
    },
    {
      failpoint: 'mid-files',
      outcome: 'unchanged',
      inspect: async (issued) => {
        expect(anchorRow(issued)!.filesUpdatedAt).to.equal(undefined);
        expect(withAnchor(issued)).to.equal(13);
      },
    },
  ];

  for (const { failpoint, inspect, outcome } of cases) {
    it(`anchor killed ${failpoint}: the rerun completes with exactly one anchor`, async () => {
      const issued = await issue();
      expectKilled(await runChild(anchorJob(issued.batchId), failpoint));
      await inspect(issued);

      const result = expectSuccess(await runChild(anchorJob(issued.batchId)));
      expect(result.outcome).to.equal(outcome);
      await expectExactlyOneAnchor(issued);

      // And once more: nothing left to do, nothing sent.
      const head = await chain.client.getBlockNumber({ cacheTime: 0 });
      expect(expectSuccess(await runChild(anchorJob(issued.batchId)))).to.include({ outcome: 'unchanged', filesUpdated: 0 });
      expect(await chain.client.getBlockNumber({ cacheTime: 0 })).to.equal(head);
    });
  }

  it('issue killed mid-files: no rows, and the temp folder is cleared by the next run', async () => {
    const outDir = path.join(temp.dir, 'credentials');
    const job: ChildJob = { command: 'issue', storeDir: temp.dir, rosterPath: ROSTER, templatePath: TEMPLATE_PATH, issuer: chain.accounts[0]!, outDir };
    expectKilled(await runChild(job, 'issue-mid-files'));
    expect(temp.store.batches.list()).to.deep.equal([]);
    const [left] = readdirSync(outDir);
    expect(left).to.match(/\.microcred-tmp$/);
    expect(recoverBatchFolders(temp.store, outDir).removed).to.deep.equal([left]);
    expect(readdirSync(outDir)).to.deep.equal([]);
  });

  it('issue killed after its commit: the anchor run moves the folder into place and anchors every file', async () => {
    const outDir = path.join(temp.dir, 'credentials');
    const job: ChildJob = { command: 'issue', storeDir: temp.dir, rosterPath: ROSTER, templatePath: TEMPLATE_PATH, issuer: chain.accounts[0]!, outDir };
    expectKilled(await runChild(job, 'issue-after-commit'));
    const [batch] = temp.store.batches.list();
    expect(existsSync(batch!.dir)).to.equal(false);
    const credentials = temp.store.credentials.byBatch(batch!.id);
    const issued: IssueRosterReturnType = { ...batch!, batchId: batch!.id, credentials: credentials.map(({ id, index, learnerId, file }) => ({ id, index, learnerId, file })), reissued: 0 };

    expect(expectSuccess(await runChild(anchorJob(batch!.id))).outcome).to.equal('sent');
    await expectExactlyOneAnchor(issued);
  });

  for (const failpoint of ['action-after-intent', 'action-after-send']) {
    it(`revoke killed ${failpoint}: the rerun revokes with exactly one transaction`, async () => {
      const issued = await issue();
      expectSuccess(await runChild(anchorJob(issued.batchId)));
      const target = issued.credentials[7]!;
      const job: ChildJob = { command: 'revoke', storeDir: temp.dir, rpcUrl: node.url, registry: chain.registry.address, credentials: [target.file] };
      expectKilled(await runChild(job, failpoint));

      const result = expectSuccess(await runChild(job)) as { changes: { outcome: string; txHash: string }[] };
      expect(result.changes[0]!.outcome).to.equal(failpoint === 'action-after-send' ? 'recovered' : 'changed');
      const query = { address: chain.registry.address, args: { issuer: issued.issuer, root: issued.root }, fromBlock: 0n } as const;
      const [ones, runs] = await Promise.all([
        chain.client.getLogs({ ...query, event: getAbiItem({ abi: credentialRegistryAbi, name: 'CredentialRevoked' }) }),
        chain.client.getLogs({ ...query, event: getAbiItem({ abi: credentialRegistryAbi, name: 'CredentialsRevoked' }) }),
      ]);
      // One revocation of one credential: one `CredentialRevoked` naming it.
      expect(ones.map((e) => [e.transactionHash, e.args.index])).to.deep.equal([[result.changes[0]!.txHash, 7n]]);
      expect(runs).to.deep.equal([]);
      expect(temp.store.actions.forCredential(target.id).map((a) => a.state)).to.deep.equal(
        failpoint === 'action-after-send' ? ['confirmed'] : ['abandoned', 'confirmed'],
      );
      expect(leftovers(temp.dir)).to.deep.equal([]);
    });
  }

  for (const failpoint of ['batch-revoke-after-intent', 'batch-revoke-after-send', 'batch-revoke-after-sent-recorded']) {
    it(`revoke-batch killed ${failpoint}: the rerun revokes the batch with exactly one transaction`, async () => {
      const issued = await issue();
      expectSuccess(await runChild(anchorJob(issued.batchId)));
      const job: ChildJob = { command: 'revoke-batch', storeDir: temp.dir, rpcUrl: node.url, registry: chain.registry.address, batchId: issued.batchId };
      expectKilled(await runChild(job, failpoint));
      const key = { batchId: issued.batchId, chain: chain.registry.chain, registry: chain.registry.address };
      expect(temp.store.batchRevocations.get(key)).to.include({ state: failpoint.endsWith('sent-recorded') ? 'sent' : 'intent', reason: 2 });

      const result = expectSuccess(await runChild(job));
      expect(result).to.include({ outcome: failpoint === 'batch-revoke-after-intent' ? 'sent' : 'recovered', credentials: 25, reason: 2 });
      const events = await chain.client.getLogs({
        address: chain.registry.address,
        event: getAbiItem({ abi: credentialRegistryAbi, name: 'BatchRevoked' }),
        args: { issuer: issued.issuer, root: issued.root },
        fromBlock: 0n,
      });
      expect(events.map((e) => [e.transactionHash, e.args.reason])).to.deep.equal([[result.txHash, 2]]);
      expect(temp.store.batchRevocations.get(key)).to.include({ state: 'confirmed', txHash: result.txHash });
      expect(temp.store.batches.counts(issued.batchId)).to.include({ revoked: 25, batchRevoked: true });

      // And once more: nothing left to do, nothing sent.
      const head = await chain.client.getBlockNumber({ cacheTime: 0 });
      expect(expectSuccess(await runChild(job))).to.include({ outcome: 'unchanged' });
      expect(await chain.client.getBlockNumber({ cacheTime: 0 })).to.equal(head);
      expect(leftovers(temp.dir)).to.deep.equal([]);
    });
  }
});
