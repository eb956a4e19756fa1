import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { getAbiItem, getAddress, http } from 'viem';
import { credentialRegistryAbi } from '../../src/abi/index.js';
import { RegistryRevertedError } from '../../src/chain/errors.js';
import type { RegistryWriter } from '../../src/chain/writes.js';
import {
  type IssueRosterReturnType,
  anchorStoredBatch,
  issueRoster,
  revokeStoredBatch,
  revokeStoredCredentials,
  suspendStoredCredentials,
  unsuspendStoredCredentials,
} from '../../src/node/issuer/index.js';
import { recoverBatchFolders } from '../../src/node/issuer/batchFolder.js';
import type { ChildJob } from './fixtures/issuer-child.js';
import { type HardhatNode, type TestChain, REPO_ROOT, httpChain, startHardhatNode, writerFor } from '../helpers/chain.js';
import { type ChildRun, runChild } from '../helpers/issuerChild.js';
import { type TempStore, tempStore } from '../helpers/store.js';
import { anchorProofOf } from '../../src/core/credential/format.js';

const ROSTER = path.join(REPO_ROOT, 'examples/roster.csv');
const TEMPLATE_PATH = path.join(REPO_ROOT, 'examples/achievement.json');
const TEMPLATE = JSON.parse(readFileSync(TEMPLATE_PATH, 'utf8')) as unknown;

type EventName = Extract<(typeof credentialRegistryAbi)[number], { type: 'event' }>['name'];

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

  // ---- every chain write × every step of the journal ------------------------------------------------

  type Kind = 'anchor' | 'revoke-batch' | 'revoke' | 'suspend' | 'unsuspend';
  const EFFECT_EVENTS: Record<Kind, readonly EventName[]> = {
    anchor: ['BatchAnchored'],
    'revoke-batch': ['BatchRevoked'],
    revoke: ['CredentialRevoked', 'CredentialsRevoked'],
    suspend: ['CredentialSuspended', 'CredentialsSuspended'],
    unsuspend: ['CredentialUnsuspended', 'CredentialsUnsuspended'],
  };
  const TARGET = 7;

  /** A batch ready for `kind`, the child's job for it, and the journal entries of its target. */
  async function prepare(kind: Kind) {
    const issued = await issue();
    const key = { batchId: issued.batchId, chain: chain.registry.chain, registry: chain.registry.address };
    const target = issued.credentials[TARGET]!;
    if (kind !== 'anchor') await anchorStoredBatch({ store: temp.store, batchId: issued.batchId, writer: chain.writer });
    if (kind === 'unsuspend') await suspendStoredCredentials({ store: temp.store, writer: chain.writer, credentials: [target.id] });
    const base = { storeDir: temp.dir, rpcUrl: node.url, registry: chain.registry.address };
    const job: ChildJob =
      kind === 'anchor' || kind === 'revoke-batch'
        ? { command: kind, ...base, batchId: issued.batchId }
        : { command: kind, ...base, credentials: [target.file] };
    const entries = () =>
      kind === 'anchor' || kind === 'revoke-batch'
        ? temp.store.db
            .prepare('SELECT id FROM journal WHERE kind = ? AND batch_id = ? ORDER BY id')
            .all(kind, issued.batchId)
            .map((row) => temp.store.journal.get((row as { id: number }).id)!)
        : temp.store.journal.forCredential(target.id).filter((entry) => entry.kind === kind);
    const effects = async () => {
      const logs = await Promise.all(
        EFFECT_EVENTS[kind].map((name) =>
          chain.client.getLogs({
            address: chain.registry.address,
            event: getAbiItem({ abi: credentialRegistryAbi, name: name as 'BatchAnchored' }),
            args: { issuer: issued.issuer, root: issued.root },
            fromBlock: 0n,
          }),
        ),
      );
      return logs.flat().map((log) => log.transactionHash);
    };
    return { issued, key, job, entries, effects };
  }

  /** The outcome and transaction a child reported, whatever the workflow. */
  function reported(result: Record<string, unknown>): { outcome: string; txHash?: string } {
    const change = (result.changes as { outcome: string; txHash?: string }[] | undefined)?.[0];
    const { outcome, txHash } = (change ?? result) as { outcome: string; txHash?: string };
    return { outcome: outcome === 'changed' ? 'sent' : outcome, ...(txHash ? { txHash } : {}) };
  }

  const STEPS: { failpoint: string; left: { state: string; hash: boolean; effects: number }; rerun: string; entries: string[] }[] = [
    // Killed before sending: the rerun finds nothing on chain, abandons the intent and sends anew.
    { failpoint: 'write-after-intent', left: { state: 'intent', hash: false, effects: 0 }, rerun: 'sent', entries: ['abandoned', 'confirmed'] },
    // Sent, but the hash never reached the store: the registry's events name the transaction.
    { failpoint: 'write-after-send', left: { state: 'intent', hash: false, effects: 1 }, rerun: 'recovered', entries: ['confirmed'] },
    { failpoint: 'write-after-sent-recorded', left: { state: 'sent', hash: true, effects: 1 }, rerun: 'recovered', entries: ['confirmed'] },
    { failpoint: 'write-after-confirm', left: { state: 'confirmed', hash: true, effects: 1 }, rerun: 'unchanged', entries: ['confirmed'] },
  ];

  for (const kind of ['anchor', 'revoke-batch', 'revoke', 'suspend', 'unsuspend'] as const) {
    for (const { failpoint, left, rerun, entries: settled } of STEPS) {
      it(`${kind} killed at ${failpoint}: the rerun ends with exactly one effect on chain and a settled journal`, async () => {
        const { issued, job, entries, effects } = await prepare(kind);
        expectKilled(await runChild(job, failpoint));
        const [killed] = entries();
        expect(entries()).to.have.length(1);
        expect(killed!.state).to.equal(left.state);
        expect(killed!.txHash !== undefined, 'hash recorded').to.equal(left.hash);
        expect(await effects()).to.have.length(left.effects);

        const result = reported(expectSuccess(await runChild(job)));
        expect(result.outcome).to.equal(rerun);
        const onChain = await effects();
        expect(onChain, 'effects on chain').to.have.length(1);
        expect(result.txHash).to.equal(onChain[0]);
        expect(entries().map((entry) => entry.state)).to.deep.equal(settled);
        expect(entries().at(-1)).to.include({ state: 'confirmed', txHash: onChain[0] });
        expect(temp.store.journal.unfinished()).to.deep.equal([]);
        if (kind === 'anchor') await expectExactlyOneAnchor(issued);

        // And once more: nothing left to do, nothing sent.
        const head = await chain.client.getBlockNumber({ cacheTime: 0 });
        expect(reported(expectSuccess(await runChild(job))).outcome).to.equal('unchanged');
        expect(await chain.client.getBlockNumber({ cacheTime: 0 })).to.equal(head);
        expect(leftovers(temp.dir)).to.deep.equal([]);
      });
    }
  }

  for (const kind of ['anchor', 'revoke-batch', 'revoke', 'suspend', 'unsuspend'] as const) {
    it(`${kind} refused by the registry's simulation: its entry is abandoned, nothing is sent, and the rightful signer then succeeds`, async () => {
      const { issued, entries, effects } = await prepare(kind);
      // Account 5 holds no rights for account 0: the simulation reverts with CredentialRegistryUnauthorized.
      const stranger = writerFor(chain, chain.accounts[5]!, http(node.url, { retryCount: 0 }));
      const head = await chain.client.getBlockNumber({ cacheTime: 0 });
      const error = await write(kind, stranger, issued).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(RegistryRevertedError);
      expect((error as Error).message).to.include('CredentialRegistryUnauthorized');
      expect(await chain.client.getBlockNumber({ cacheTime: 0 })).to.equal(head);
      expect(entries().map((entry) => entry.state)).to.deep.equal(['abandoned']);
      expect(temp.store.journal.unfinished()).to.deep.equal([]);
      if (kind === 'anchor') expect(temp.store.batches.get(issued.batchId)!.state).to.equal('built');

      const result = reported((await write(kind, chain.writer, issued)) as unknown as Record<string, unknown>);
      expect(result.outcome).to.equal('sent');
      expect(await effects()).to.deep.equal([result.txHash]);
      expect(entries().map((entry) => entry.state)).to.deep.equal(['abandoned', 'confirmed']);
    });
  }

  function write(kind: Kind, writer: RegistryWriter, issued: IssueRosterReturnType) {
    const store = temp.store;
    if (kind === 'anchor') return anchorStoredBatch({ store, writer, batchId: issued.batchId });
    if (kind === 'revoke-batch') return revokeStoredBatch({ store, writer, batchId: issued.batchId, reason: 2 });
    const change = { revoke: revokeStoredCredentials, suspend: suspendStoredCredentials, unsuspend: unsuspendStoredCredentials }[kind];
    return change({ store, writer, credentials: [issued.credentials[TARGET]!.id], reason: 1 });
  }

  it('anchor killed half-way through the files: the rerun sends nothing and finishes the files', async () => {
    const issued = await issue();
    expectKilled(await runChild(anchorJob(issued.batchId), 'mid-files'));
    expect(anchorRow(issued)!.filesUpdatedAt).to.equal(undefined);
    expect(withAnchor(issued)).to.equal(13);

    const head = await chain.client.getBlockNumber({ cacheTime: 0 });
    expect(expectSuccess(await runChild(anchorJob(issued.batchId)))).to.include({ outcome: 'unchanged', filesUpdated: 12 });
    expect(await chain.client.getBlockNumber({ cacheTime: 0 })).to.equal(head);
    await expectExactlyOneAnchor(issued);
  });

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
});
