// Issue 12, "honest local state": the CLI never makes a store by accident, `status` can say when the chain
// lost what the store remembers, and `microcred chain` says up front that its chain dies with it.
import { copyFileSync, existsSync, readFileSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { type CliRun, type LocalNode, REPO_ROOT, describeRun, freePort, killAll, runCli, startCli, startNode, tempDir, waitFor } from '../helpers/cli.js';

const ACHIEVEMENT = path.join(REPO_ROOT, 'examples/achievement.json');

/** A stack trace line, which a user should never see. */
const STACK_LINE = /^\s+at .+[(:]\d+/m;

/** The `{ error }` a `--json` run printed on stdout. */
function jsonError(run: CliRun): { code: string; message: string } {
  try {
    return (JSON.parse(run.stdout) as { error: { code: string; message: string } }).error;
  } catch {
    throw new Error(`expected a JSON error on stdout\n${describeRun(run)}`);
  }
}

describe('honest local state (bin/microcred)', function () {
  this.timeout(120_000);
  const cleanups: (() => void)[] = [];
  const workDir = (prefix: string) => {
    const temp = tempDir(`microcred-e2e-local-${prefix}-`);
    cleanups.push(temp.cleanup);
    return temp.dir;
  };
  after(async () => {
    await killAll();
    for (const cleanup of cleanups) cleanup();
  });

  describe('no store is created by accident', () => {
    let closedRpc: string;
    before(async () => {
      // Nothing listens there: a command that got as far as the chain would fail differently.
      closedRpc = `http://127.0.0.1:${await freePort()}`;
    });

    const refusing: [string, string[]][] = [
      ['status', ['status']],
      ['status of a credential', ['status', 'S-0001']],
      ['anchor', ['anchor']],
      ['revoke', ['revoke', 'S-0001']],
      ['suspend', ['suspend', 'S-0001']],
      ['unsuspend', ['unsuspend', 'S-0001']],
      ['revoke-batch', ['revoke-batch', 'b1', '--yes']],
    ];
    for (const [name, args] of refusing) {
      it(`${name} in a folder with no store: exit 1, code store-missing naming the folder, folder untouched`, async () => {
        const dir = workDir(name.replace(/\W+/g, '-'));
        const chainArgs = args[0] === 'status' ? [] : ['--rpc-url', closedRpc];
        const text = await runCli([...args, ...chainArgs], dir);
        expect(text.code, describeRun(text)).to.equal(1);
        expect(text.stderr, describeRun(text)).not.to.match(STACK_LINE);
        expect(text.stderr, describeRun(text)).to.include(`no microcred store in ${realpathSync(dir)}`).and.include('microcred issue');

        const json = await runCli([...args, ...chainArgs, '--json'], dir);
        expect(json.code, describeRun(json)).to.equal(1);
        const error = jsonError(json);
        expect(error.code).to.equal('store-missing');
        expect(error.message).to.equal(
          `no microcred store in ${realpathSync(dir)}: run \`microcred issue\` here first (or cd to the folder you issued from)`,
        );
        expect(readdirSync(dir), 'the folder was left as it was').to.deep.equal([]);
      });
    }

    for (const command of ['accredit', 'operator']) {
      it(`${command} needs no store and makes none`, async () => {
        const dir = workDir(command);
        const run = await runCli([command, '0x0000000000000000000000000000000000000001', '--rpc-url', closedRpc, '--json'], dir);
        expect(run.code, describeRun(run)).to.equal(1);
        expect(jsonError(run).code).to.equal('chain-unreachable');
        expect(existsSync(`${dir}/.microcred`), 'a .microcred folder was created').to.equal(false);
      });
    }
  });

  describe('`status --rpc-url` compares the store with the chain', () => {
    let node: LocalNode | undefined;
    let port: number;
    let dir: string;
    let batchId: string;
    type Status = { batches: { id: string; anchors: { state: string; onChain?: string; onChainNote?: string }[] }[] };
    const status = async (...args: string[]) => {
      const run = await runCli(['status', ...args, '--json'], dir);
      expect(run.code, describeRun(run)).to.equal(0);
      return { run, anchor: (JSON.parse(run.stdout) as Status).batches.find((b) => b.id === batchId)!.anchors[0]! };
    };

    before(async function () {
      this.timeout(180_000);
      port = await freePort();
      node = await startNode(port);
      dir = workDir('restart');
      copyFileSync(path.join(REPO_ROOT, 'examples/roster.csv'), path.join(dir, 'roster.csv'));
      const rpc = ['--rpc-url', node.url];
      for (const args of [['deploy', ...rpc], ['issue', 'roster.csv', '--achievement', ACHIEVEMENT, ...rpc, '--json'], ['anchor', ...rpc]]) {
        const run = await runCli(args, dir);
        expect(run.code, describeRun(run)).to.equal(0);
        if (args[0] === 'issue') batchId = (JSON.parse(run.stdout) as { batchId: string }).batchId;
      }
    });
    after(async () => {
      await node?.stop();
    });

    it('offline by default: no onChain field; with --rpc-url on the live chain: anchored', async () => {
      expect((await status()).anchor).to.include({ state: 'confirmed' }).and.not.have.property('onChain');
      expect((await status('--rpc-url', node!.url)).anchor).to.include({ state: 'confirmed', onChain: 'anchored' }).and.not.have.property('onChainNote');
    });

    it('after the node restarts on the same port: the registry is missing, said in words with what to do', async () => {
      await node!.stop();
      node = await startNode(port);
      const { anchor } = await status('--rpc-url', node.url);
      expect(anchor).to.include({ state: 'confirmed', onChain: 'missing-registry' });
      expect(anchor.onChainNote).to.include(`the chain at ${node.url} has no registry at`).and.include('microcred deploy').and.include(`microcred anchor ${batchId}`);
      const text = await runCli(['status', '--rpc-url', node.url], dir);
      expect(text.code, describeRun(text)).to.equal(0);
      expect(text.stdout).to.include('registry missing').and.include(`${batchId}: the chain at ${node.url} has no registry at`);
    });

    it('after a new deploy there: the registry is back but the batch is missing', async () => {
      const deploy = await runCli(['deploy', '--rpc-url', node!.url], dir);
      expect(deploy.code, describeRun(deploy)).to.equal(0);
      const { anchor } = await status('--rpc-url', node!.url);
      expect(anchor).to.include({ onChain: 'missing-batch' });
      expect(anchor.onChainNote).to.include(`has no record of batch ${batchId}`).and.include(`microcred anchor ${batchId}`);
    });

    it('with the node stopped: unreachable, and the store is still shown; exit 1 so a script notices', async () => {
      await node!.stop();
      const url = node!.url;
      node = undefined;
      const run = await runCli(['status', '--rpc-url', url, '--json'], dir);
      expect(run.code, describeRun(run)).to.equal(1);
      const anchor = (JSON.parse(run.stdout) as Status).batches.find((b) => b.id === batchId)!.anchors[0]!;
      expect(anchor).to.include({ state: 'confirmed', onChain: 'unreachable' });
      expect(anchor.onChainNote).to.include(url);
    });
  });

  it('`microcred chain` says first that its chain lives in memory, and still stops cleanly on Ctrl-C', async () => {
    const port = await freePort();
    const cli = startCli(['chain', '--port', String(port)], workDir('chain'));
    let stdout = '';
    cli.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const said = () => /^This chain lives in memory: everything on it is lost when it stops/.test(stdout);
    expect(await waitFor(said, 60_000), `no warning first on stdout: ${stdout}`).to.equal(true);
    // Stopped once it serves, as a person would: the notice must not change how it stops.
    const answers = async () => fetch(`http://127.0.0.1:${port}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
    }).then((response) => response.ok, () => false);
    expect(await waitFor(answers, 90_000, 200), 'hardhat node did not answer').to.equal(true);
    process.kill(-cli.child.pid!, 'SIGINT');
    const run = await cli.done;
    expect(run.code, describeRun(run)).to.equal(0);
    expect(run.stderr, describeRun(run)).to.equal('');
  });

  describe('`microcred chain --state <file>` keeps the chain between runs', () => {
    const rpcOf = (port: number) => `http://127.0.0.1:${port}`;
    const answers = (port: number) => async () =>
      fetch(rpcOf(port), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      }).then((response) => response.ok, () => false);
    const recordedBlocks = (file: string) => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { blocks: unknown[] }).blocks.length : 0);

    it('stopped with Ctrl-C and started again: the registry, the anchored batch and a revocation (date and reason) are all back', async function () {
      this.timeout(300_000);
      const dir = workDir('state');
      const state = path.join(dir, 'chain-state.json');
      copyFileSync(path.join(REPO_ROOT, 'examples/roster.csv'), path.join(dir, 'roster.csv'));
      const port = await freePort();
      const rpc = ['--rpc-url', rpcOf(port)];

      const first = startCli(['chain', '--port', String(port), '--state', state], dir);
      expect(await waitFor(answers(port), 90_000, 200), 'hardhat node did not answer').to.equal(true);
      let credentials: string[] = [];
      for (const args of [['deploy', ...rpc], ['issue', 'roster.csv', '--achievement', ACHIEVEMENT, ...rpc, '--json'], ['anchor', '--yes', ...rpc], ['revoke', 'S2025-0003', '--reason', 'superseded', ...rpc]]) {
        const run = await runCli(args, dir);
        expect(run.code, describeRun(run)).to.equal(0);
        if (args[0] === 'issue') credentials = (JSON.parse(run.stdout) as { credentials: { file: string }[] }).credentials.slice(0, 3).map((c) => c.file);
      }
      // deploy (proxy funding, proxy, registry), anchor, revoke: every block reaches the file within a second or so.
      expect(await waitFor(() => recordedBlocks(state) >= 5, 10_000), `blocks recorded: ${recordedBlocks(state)}`).to.equal(true);
      process.kill(-first.child.pid!, 'SIGINT');
      const stopped = await first.done;
      expect(stopped.code, describeRun(stopped)).to.equal(0);
      expect(stopped.stdout).to.match(/^This chain is kept in .*chain-state\.json/);
      expect(await waitFor(async () => !(await answers(port)()), 10_000), 'the first node still answers').to.equal(true);

      const second = startCli(['chain', '--port', String(port), '--state', state], dir);
      let stdout = '';
      second.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      expect(await waitFor(() => /Restored \d+ blocks \(\d+ transactions\)/.test(stdout), 120_000), `no replay: ${stdout}`).to.equal(true);
      const verify = await runCli(['verify', ...credentials, ...rpc, '--json'], dir);
      const verdicts = JSON.parse(verify.stdout) as { status: string; summary: string }[];
      expect(verdicts.map((v) => v.status), describeRun(verify)).to.deep.equal(['valid', 'valid', 'revoked']);
      expect(verdicts[2]!.summary).to.match(/^Revoked by its issuer on \d{4}-\d\d-\d\d: superseded\.$/);
      const status = JSON.parse((await runCli(['status', ...rpc, '--json'], dir)).stdout) as { batches: { anchors: { onChain?: string }[] }[] };
      expect(status.batches[0]!.anchors[0]).to.include({ onChain: 'anchored' });
      // The polling that keeps the file is left out of the node's log; the commands' own calls are not.
      expect(stdout).not.to.match(/^\s*(\x1b\[\d+m)?eth_blockNumber(\x1b\[\d+m)?\s*$/m);
      process.kill(-second.child.pid!, 'SIGINT');
      expect((await second.done).code).to.equal(0);
    });

    it('a file that is not a saved chain is refused, naming it, and no node starts', async () => {
      const dir = workDir('bad-state');
      const bad = path.join(dir, 'notes.json');
      writeFileSync(bad, '{"hello": "world"}');
      const run = await runCli(['chain', '--port', String(await freePort()), '--state', bad], dir);
      expect(run.code, describeRun(run)).to.equal(1);
      expect(run.stderr).to.include(`--state: ${bad} is not a microcred-chain-state-v1 file`);
      expect(readFileSync(bad, 'utf8')).to.equal('{"hello": "world"}');
    });
  });
});
