// Issue 12: the README's five-minute walkthrough, run as a newcomer runs it. The commands are read from the
// README itself (the block after the `walkthrough:` marker), each run as written from a folder laid out like
// the clone (bin/ and examples/), against `microcred chain --state my-chain.json` on its default port, as
// the README's first terminal starts it. Every command must succeed, except the one the text says exits 1.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { REPO_ROOT, describeRun, killAll, startCli, tempDir, waitFor } from '../helpers/cli.js';

const README = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

/** The lines of the first ```sh block after `marker`, with their trailing comments. */
function shellBlockAfter(marker: string): { command: string; comment: string }[] {
  const at = README.indexOf(marker);
  if (at < 0) throw new Error(`README.md has no "${marker}" marker`);
  const block = /```sh\n([\s\S]*?)```/.exec(README.slice(at));
  if (!block) throw new Error(`no sh block after "${marker}"`);
  return block[1]!
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const hash = line.indexOf(' # ');
      return hash < 0 ? { command: line.trim(), comment: '' } : { command: line.slice(0, hash).trim(), comment: line.slice(hash + 3).trim() };
    });
}

/** Runs one line through bash in `cwd`, with `env`; resolves with its exit code and output. */
function bash(command: string, cwd: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', command], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('e2e: the README walkthrough, as written', function () {
  this.timeout(600_000);
  const folder = tempDir('microcred-readme-');
  after(async () => {
    await killAll();
    folder.cleanup();
  });

  it('every command succeeds on `microcred chain --state my-chain.json` (the revoked check exits 1, as the text says)', async () => {
    symlinkSync(path.join(REPO_ROOT, 'bin'), path.join(folder.dir, 'bin'));
    symlinkSync(path.join(REPO_ROOT, 'examples'), path.join(folder.dir, 'examples'));
    const chainLine = shellBlockAfter('## Five minutes with microcred')[0]!.command;
    expect(chainLine).to.equal('./bin/microcred chain --state my-chain.json');
    const chain = startCli(chainLine.split(' ').slice(1), folder.dir, { timeoutMs: 600_000 });
    const answers = async () =>
      fetch('http://127.0.0.1:8545', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      }).then((response) => response.ok, () => false);
    expect(await waitFor(answers, 120_000, 200), 'the walkthrough chain did not answer on 127.0.0.1:8545 (is the port taken?)').to.equal(true);

    const env: Record<string, string> = {};
    const outputs: string[] = [];
    for (const { command, comment } of shellBlockAfter('<!-- walkthrough:')) {
      const exported = /^export (\w+)='([^']*)'$/.exec(command);
      if (exported) {
        env[exported[1]!] = exported[2]!;
        continue;
      }
      const run = await bash(command, folder.dir, env);
      const expected = /exits 1/.test(comment) ? 1 : 0;
      expect(run.code, `${command}\nexit ${run.code}\n${run.stdout}\n${run.stderr}`).to.equal(expected);
      outputs.push(run.stdout);
    }
    // What the text says they show.
    const [, , , , verifyValid, revoke, , verifyRevoked] = outputs;
    expect(verifyValid).to.match(/northfield\.edu\s+2025-06-30\s+VALID/);
    expect(revoke).to.include('Wei Zhang (S2025-0003)');
    expect(verifyRevoked).to.match(/REVOKED\s+Revoked by its issuer on \d{4}-\d\d-\d\d: superseded\./);

    process.kill(-chain.child.pid!, 'SIGINT');
    const stopped = await chain.done;
    expect(stopped.code, describeRun(stopped)).to.equal(0);
    expect(existsSync(path.join(folder.dir, 'my-chain.json')), 'the chain kept its state file').to.equal(true);

    // The page line: it prints its address and stops on Ctrl-C.
    const webLine = shellBlockAfter('Then open the employer')[0]!.command;
    expect(webLine).to.equal('./bin/microcred web');
    const web = startCli(['web', '--port', '0'], folder.dir);
    let printed = '';
    web.child.stdout!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    expect(await waitFor(() => /http:\/\/127\.0\.0\.1:\d+\//.test(printed), 60_000), printed).to.equal(true);
    process.kill(-web.child.pid!, 'SIGINT');
    expect((await web.done).code).to.equal(0);
  });
});
