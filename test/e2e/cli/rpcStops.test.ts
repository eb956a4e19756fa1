// End-to-end: the real `bin/microcred`, run as a child process from a fresh working folder the way an
// issuer or a verifier runs it, against `hardhat node` servers on 127.0.0.1. Nothing here imports the
// CLI's code; the SDK (through its entry point) is used only to set up what the CLI can't and to read the
// chain independently of the CLI.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { type Address, getAddress, type Hex } from 'viem';
import { anchorProofOf, registryReleases } from '../../../src/index.js';
import { ACHIEVEMENT, anchoredEvents, byStatus, CHAIN, type CliRun, describeRun, expectExit, expectNoStackTrace, type IssueJson, json, learners, type LocalNode, readCredential, rpc, runCli, startCli, startNode, type StatusJson, toCsv, useWorkDirs, type VerdictJson, waitFor } from '../../helpers/cli.js';

describe('microcred anchor end to end: the RPC stops mid-run', function () {
  this.timeout(120_000);
  let accounts: Address[];
  const workDir = useWorkDirs();

  // The issuer's node goes away in the middle of the job. A `hardhat node` keeps its chain in memory, so
  // each restart on the same port is a fresh chain: the registry deployed before is gone (the issuer has
  // to deploy again, and on a fresh chain the first deployment from account 0 lands at the same address).
  describe('the RPC stops mid-run', function () {
    let port: number;
    let chainNode: LocalNode | undefined;
    let dir: string;
    let url: string;
    let issued: IssueJson;
    let files: string[];
    const args = () => ['--rpc-url', url];
    const expectNamesChain = (run: CliRun) => {
      expectNoStackTrace(run);
      expect(run.stderr, `the error should name the chain or endpoint it could not reach\n${describeRun(run)}`).to.satisfy(
        (text: string) => text.includes(CHAIN) || text.includes(`127.0.0.1:${port}`),
      );
      expect(run.stderr, `the error should say the chain could not be reached\n${describeRun(run)}`).to.match(/could not reach|unreachable|refused|not answer|no answer/i);
    };
    const storeStatus = async () => {
      const run = await runCli(['status', '--json'], dir);
      expectExit(run, 0);
      return json<StatusJson>(run);
    };
    const anchorsInFiles = () => files.map((file) => anchorProofOf(readCredential(path.join(dir, file)))!.anchors);

    before(async function () {
      this.timeout(90_000);
      chainNode = await startNode();
      port = chainNode.port;
      url = chainNode.url;
      accounts = await rpc<Address[]>(url, 'eth_accounts');
      dir = workDir('rpc');
      writeFileSync(path.join(dir, 'roster.csv'), toCsv(learners(30, 'R')));
    });
    after(async () => {
      await chainNode?.stop();
    });

    it('the node is stopped before `anchor`: a clear error naming the chain, the batch stays issued and unanchored', async () => {
      expectExit(await runCli(['deploy', ...args()], dir), 0);
      const issue = await runCli(['issue', 'roster.csv', '--achievement', ACHIEVEMENT, ...args(), '--json'], dir);
      expectExit(issue, 0);
      issued = json<IssueJson>(issue);
      files = issued.credentials.map((c) => path.relative(dir, path.resolve(dir, c.file)));

      await chainNode!.stop();
      const anchor = await runCli(['anchor', ...args()], dir);
      expectExit(anchor, 'failure');
      const status = await storeStatus();
      expect(status.batches[0]).to.include({ id: issued.batchId, state: 'built' });
      expect(status.batches[0]!.anchors.filter((a) => a.state === 'confirmed')).to.deep.equal([]);
      expect(anchorsInFiles().every((anchors) => anchors.length === 0)).to.equal(true);
      expectNamesChain(anchor);
    });

    it('restarted on the same port (a fresh chain): `anchor` says the registry is missing there', async () => {
      chainNode = await startNode(port);
      const anchor = await runCli(['anchor', ...args()], dir);
      expectExit(anchor, 'failure');
      expectNoStackTrace(anchor);
      // The registry is the release's one address; the CLI says where it looked and how to put it there.
      expect(anchor.stderr).to.match(/no registry/i).and.include(registryReleases.at(-1)!.address).and.include('microcred deploy');
    });

    it('the node dies while `anchor` waits for its transaction: it fails promptly, naming the chain', async () => {
      const deploy = await runCli(['deploy', ...args(), '--json'], dir);
      expectExit(deploy, 0);
      const registry = getAddress(json<{ address: string }>(deploy).address);
      // Hold the transaction in the mempool, so the node can be stopped while the CLI waits for it.
      await rpc(url, 'evm_setAutomine', [false]);
      const running = startCli(['anchor', ...args(), '--registry', registry], dir, { timeoutMs: 45_000 });
      const count = (tag: string) => rpc<string>(url, 'eth_getTransactionCount', [accounts[0], tag]).then(Number);
      const sent = await waitFor(async () => (await count('pending')) > (await count('latest')), 30_000, 100);
      expect(sent, 'the anchoring transaction reached the node').to.equal(true);
      await new Promise((resolve) => setTimeout(resolve, 500)); // let the CLI journal the hash
      const stoppedAt = Date.now();
      await chainNode!.stop();
      const anchor = await running.done;
      const afterStop = Date.now() - stoppedAt;

      const status = await storeStatus();
      expect(status.batches[0]!.state, 'the batch is not anchored').to.not.equal('anchored');
      expect(anchorsInFiles().every((anchors) => anchors.length === 0)).to.equal(true);
      expect(anchor.timedOut, `anchor still waiting on a dead node after 45 s\n${describeRun(anchor)}`).to.equal(false);
      expect(afterStop, `anchor took ${afterStop} ms after the node stopped to give up\n${describeRun(anchor)}`).to.be.below(30_000);
      expectExit(anchor, 'failure');
      expectNamesChain(anchor);
    });

    it('after a restart and a new deploy, rerunning `anchor` completes with exactly one anchor, and every credential verifies', async () => {
      if (chainNode?.process.exitCode === null && chainNode.process.signalCode === null) await chainNode.stop();
      chainNode = await startNode(port);
      const deploy = await runCli(['deploy', ...args(), '--json'], dir);
      expectExit(deploy, 0);
      const registry = getAddress(json<{ address: string }>(deploy).address);

      const anchor = await runCli(['anchor', ...args(), '--registry', registry, '--json'], dir);
      expectExit(anchor, 0);
      const [result] = json<{ outcome: string; registry: string; filesUpdated: number; txHash: Hex }[]>(anchor);
      expect(result).to.include({ outcome: 'sent', filesUpdated: issued.size });
      const events = await anchoredEvents(url, registry, getAddress(issued.issuer), issued.root);
      expect(events.map((e) => e.transactionHash)).to.deep.equal([result!.txHash]);

      // Each file names exactly one anchor, the live registry (not the dead chain's, not twice).
      for (const anchors of anchorsInFiles()) expect(anchors).to.deep.equal([{ chain: CHAIN, registry }]);
      const status = await storeStatus();
      expect(status.batches[0]).to.include({ state: 'anchored' });
      expect(status.batches[0]!.anchors.filter((a) => a.state === 'confirmed').map((a) => getAddress(a.registry))).to.deep.equal([registry]);

      const verify = await runCli(['verify', ...files, ...args(), '--json'], dir);
      expectExit(verify, 0);
      expect(byStatus(json<VerdictJson[]>(verify))).to.deep.equal({ valid: issued.size });
    });
  });
});
