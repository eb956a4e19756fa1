// Issue 12, "Issuing safely": re-issuing the same learners the same achievement needs --again, a batch
// never anchored can be discarded (files and records, crash-safe), and `anchor` with no argument won't
// anchor several pending batches unless told to. The real CLI against a real `hardhat node`.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { http, type Address, createPublicClient, createWalletClient, getAddress } from 'viem';
import { deployRegistry } from '../../src/index.js';
import { FAILPOINT_ENV, openStore } from '../../src/node/index.js';
import { ACHIEVEMENT, type CliRun, describeRun, json, killAll, type LocalNode, ROSTER, runCli, startNode, tempDir } from '../helpers/cli.js';

const LEARNERS = 25; // rows of examples/roster.csv

function expectExit(run: CliRun, code: number): void {
  expect(run.code, describeRun(run)).to.equal(code);
}

type ErrorJson = { error: { code: string; message: string; details: string[] } };

/** The batches the folder's store holds, read directly (the CLI's `status` is not what is under test). */
function storedBatches(dir: string): { id: string; state: string; credentials: number }[] {
  const store = openStore(dir);
  try {
    return store.batches.list().map((b) => ({ id: b.id, state: b.state, credentials: store.credentials.byBatch(b.id).length }));
  } finally {
    store.close();
  }
}

describe('e2e: issuing safely (issue 12)', function () {
  this.timeout(180_000);
  let node: LocalNode;
  let chainArgs: string[];
  const cleanups: (() => void)[] = [];
  const workDir = () => {
    const temp = tempDir('microcred-safely-');
    cleanups.push(temp.cleanup);
    return temp.dir;
  };
  const issue = (dir: string, ...extra: string[]) => runCli(['issue', ROSTER, '--achievement', ACHIEVEMENT, ...chainArgs.slice(0, 2), '--json', ...extra], dir);

  before(async function () {
    this.timeout(90_000);
    node = await startNode();
    const transport = http(node.url, { retryCount: 0 });
    const client = createPublicClient({ transport, pollingInterval: 50 });
    const [account] = (await client.request({ method: 'eth_accounts' } as never)) as Address[];
    const wallet = createWalletClient({ account: getAddress(account!), transport });
    const registry = (await deployRegistry(client as never, wallet)).address;
    chainArgs = ['--rpc-url', node.url, '--registry', registry];
  });

  after(async () => {
    await node?.stop();
    await killAll();
    for (const cleanup of cleanups) cleanup();
  });

  it('issuing the same roster for the same achievement again is refused (already-issued), nothing written; --again issues and says so', async () => {
    const dir = workDir();
    const first = await issue(dir);
    expectExit(first, 0);
    const { batchId } = json<{ batchId: string; reissued: number }>(first);

    const again = await issue(dir);
    expectExit(again, 1);
    const { error } = json<ErrorJson>(again);
    expect(error.code, describeRun(again)).to.equal('already-issued');
    expect(error.message).to.include(`${LEARNERS} learner(s)`).and.include('https://credentials.example.edu/achievements/data-analysis-python');
    expect(error.message).to.include('S2025-0001').and.include('and 20 more');
    expect(error.details.join('\n')).to.include(batchId).and.include('--again');
    expect(storedBatches(dir).map((b) => b.id)).to.deep.equal([batchId]);
    expect(readdirSync(path.join(dir, 'credentials'))).to.deep.equal([batchId]);

    const text = await runCli(['issue', ROSTER, '--achievement', ACHIEVEMENT, ...chainArgs.slice(0, 2)], dir);
    expectExit(text, 1);
    expect(text.stderr).to.match(/^error: 25 learner\(s\) of the roster already have a credential/);

    const forced = await issue(dir, '--again');
    expectExit(forced, 0);
    expect(json<{ reissued: number }>(forced).reissued).to.equal(LEARNERS);
    expect(storedBatches(dir)).to.have.length(2);
    const said = await runCli(['issue', ROSTER, '--achievement', ACHIEVEMENT, ...chainArgs.slice(0, 2), '--again'], dir);
    expectExit(said, 0);
    expect(said.stdout).to.include(`re-issued: ${LEARNERS} of them already had a credential`);
  });

  it('anchor with no batch named and several pending refuses without --yes, listing them; anchors nothing; --yes anchors them all', async () => {
    const dir = workDir();
    expectExit(await issue(dir), 0);
    expectExit(await issue(dir, '--again'), 0);
    const ids = storedBatches(dir).map((b) => b.id);

    const refused = await runCli(['anchor', ...chainArgs, '--json'], dir);
    expectExit(refused, 1);
    const { error } = json<ErrorJson>(refused);
    expect(error.code, describeRun(refused)).to.equal('confirmation-needed');
    expect(error.message).to.include('2 batches').and.include('--yes');
    for (const id of ids) expect(error.details.join('\n')).to.include(id);
    expect(storedBatches(dir).map((b) => b.state)).to.deep.equal(['built', 'built']);

    const anchored = await runCli(['anchor', ...chainArgs, '--yes', '--json'], dir);
    expectExit(anchored, 0);
    expect(json<{ batchId: string; outcome: string }[]>(anchored).map((r) => [r.batchId, r.outcome])).to.have.deep.members(ids.map((id) => [id, 'sent']));
    expect(storedBatches(dir).map((b) => b.state)).to.deep.equal(['anchored', 'anchored']);
  });

  it('discard needs --yes, removes a never-anchored batch (files and records), and refuses an anchored one (revoke it instead)', async () => {
    const dir = workDir();
    const first = json<{ batchId: string; dir: string }>(await issue(dir));
    const second = json<{ batchId: string; dir: string }>(await issue(dir, '--again'));

    const unconfirmed = await runCli(['discard', second.batchId, '--json'], dir);
    expectExit(unconfirmed, 1);
    expect(json<ErrorJson>(unconfirmed).error.code).to.equal('confirmation-needed');
    expect(readdirSync(second.dir)).to.have.length(LEARNERS);

    const discarded = await runCli(['discard', second.batchId, '--yes', '--json'], dir);
    expectExit(discarded, 0);
    expect(json<{ batchId: string; credentials: number; keptFolder: boolean }>(discarded)).to.include({ batchId: second.batchId, credentials: LEARNERS, keptFolder: false });
    expect(existsSync(second.dir)).to.equal(false);
    expect(storedBatches(dir).map((b) => b.id)).to.deep.equal([first.batchId]);
    // Its learners are free again: issuing them anew is only refused for the first batch.
    const reissue = await issue(dir);
    expect(json<ErrorJson>(reissue).error.details.join('\n')).to.include(first.batchId).and.not.include(second.batchId);

    // One pending batch: `anchor` with no argument anchors it without --yes, as before.
    expectExit(await runCli(['anchor', ...chainArgs], dir), 0);
    const refused = await runCli(['discard', first.batchId, '--yes', '--json'], dir);
    expectExit(refused, 1);
    const { error } = json<ErrorJson>(refused);
    expect(error.code, describeRun(refused)).to.equal('already-anchored');
    expect(error.message).to.include(`microcred revoke-batch ${first.batchId} --yes`);
    expect(readdirSync(first.dir)).to.have.length(LEARNERS);
    expect(storedBatches(dir)).to.deep.equal([{ id: first.batchId, state: 'anchored', credentials: LEARNERS }]);

    const unknown = await runCli(['discard', 'no-such-batch', '--yes', '--json'], dir);
    expectExit(unknown, 1);
    expect(json<ErrorJson>(unknown).error.code).to.equal('not-found');
  });

  for (const failpoint of ['discard-after-mark', 'discard-mid-files']) {
    it(`a discard killed at ${failpoint} leaves a batch anchor refuses; the rerun finishes it`, async () => {
      const dir = workDir();
      const issued = json<{ batchId: string; dir: string }>(await issue(dir));
      process.env[FAILPOINT_ENV] = failpoint;
      let killed: CliRun;
      try {
        killed = await runCli(['discard', issued.batchId, '--yes'], dir);
      } finally {
        delete process.env[FAILPOINT_ENV];
      }
      expect(killed.signal, describeRun(killed)).to.equal('SIGKILL');
      expect(storedBatches(dir).map((b) => b.id)).to.deep.equal([issued.batchId]);

      const named = await runCli(['anchor', issued.batchId, ...chainArgs, '--json'], dir);
      expectExit(named, 1);
      expect(json<ErrorJson>(named).error.code, describeRun(named)).to.equal('discarding');
      const pending = await runCli(['anchor', ...chainArgs, '--json'], dir);
      expectExit(pending, 1);
      expect(json<ErrorJson>(pending).error.message).to.include('no batch waiting to be anchored');

      const rerun = await runCli(['discard', issued.batchId, '--yes', '--json'], dir);
      expectExit(rerun, 0);
      expect(json<{ resumed: boolean }>(rerun).resumed).to.equal(true);
      expect(existsSync(issued.dir)).to.equal(false);
      expect(storedBatches(dir)).to.deep.equal([]);
    });
  }
});
