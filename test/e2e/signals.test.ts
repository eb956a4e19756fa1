// Ctrl-C on the CLI's long-running commands (`microcred web`, `microcred chain`): exit 0, nothing on
// stderr, the port free again and no process of the group left, whichever of its processes gets the
// signal first. A terminal sends SIGINT to the whole foreground process group, which is what
// `process.kill(-pid, …)` does here; the other variants send it to one process only.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { expect } from 'chai';
import { type CliRun, type RunningCli, describeRun, freePort, killAll, rpc, startCli, tempDir, waitFor } from '../helpers/cli.js';

/** Whether 127.0.0.1:`port` can be listened on again. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Whether any process of process group `pgid` is still alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pids of the `hardhat node` processes in group `pgid` (not helpers such as esbuild's service). */
function hardhatNodes(pgid: number): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '-g', String(pgid)], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
    .filter((match) => match !== null && Number(match[1]) !== pgid && /\bhardhat\b.*\snode\s/.test(`${match[2]} `))
    .map((match) => Number(match![1]));
}

function expectCleanStop(run: CliRun): void {
  expect(run.timedOut, describeRun(run)).to.equal(false);
  expect(run.signal, describeRun(run)).to.equal(null);
  expect(run.code, describeRun(run)).to.equal(0);
  expect(run.stderr, describeRun(run)).to.equal('');
}

type Target = 'the whole group (Ctrl-C)' | 'the command\'s process only' | 'the hardhat node process only';

function sendSigint(cli: RunningCli, target: Target): void {
  const pid = cli.child.pid!;
  if (target === 'the whole group (Ctrl-C)') process.kill(-pid, 'SIGINT');
  else if (target === 'the command\'s process only') process.kill(pid, 'SIGINT');
  else for (const node of hardhatNodes(pid)) process.kill(node, 'SIGINT');
}

describe('Ctrl-C stops `microcred web` and `microcred chain` cleanly (bin/microcred)', function () {
  this.timeout(120_000);
  let temp: ReturnType<typeof tempDir>;
  before(() => {
    temp = tempDir('microcred-e2e-signals-');
  });
  after(async () => {
    await killAll();
    temp?.cleanup();
  });

  for (const target of ['the whole group (Ctrl-C)', 'the command\'s process only'] as const) {
    it(`web: SIGINT to ${target} → exit 0, no stderr, port released`, async () => {
      const cli = startCli(['web', '--port', '0'], temp.dir);
      let stdout = '';
      cli.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const printed = () => /^web verifier page: (http\S+)$/m.exec(stdout);
      expect(await waitFor(() => printed() !== null, 90_000), `no URL printed: ${stdout}`).to.equal(true);
      const url = new URL(printed()![1]!);
      expect((await fetch(url)).status).to.equal(200);

      sendSigint(cli, target);
      const run = await cli.done;
      expectCleanStop(run);
      expect(await portIsFree(Number(url.port)), `port ${url.port} still taken`).to.equal(true);
      expect(await waitFor(() => !groupAlive(cli.child.pid!), 10_000), 'a process of the group is still running').to.equal(true);
    });
  }

  for (const target of ['the whole group (Ctrl-C)', 'the command\'s process only', 'the hardhat node process only'] as const) {
    it(`chain: SIGINT to ${target} → exit 0, no stderr, hardhat node gone, port released`, async () => {
      const port = await freePort();
      const cli = startCli(['chain', '--port', String(port)], temp.dir);
      const url = `http://127.0.0.1:${port}`;
      const answers = async () => rpc<string>(url, 'eth_chainId').then((id) => id === '0x7a69', () => false);
      expect(await waitFor(answers, 90_000, 200), 'hardhat node did not answer').to.equal(true);
      if (target === 'the hardhat node process only') expect(hardhatNodes(cli.child.pid!), 'no hardhat node process to signal').to.have.length(1);

      sendSigint(cli, target);
      const run = await cli.done;
      expectCleanStop(run);
      expect(await waitFor(() => !groupAlive(cli.child.pid!), 10_000), 'a process of the group is still running').to.equal(true);
      expect(await portIsFree(port), `port ${port} still taken`).to.equal(true);
    });
  }
});
