// End-to-end: the real `bin/microcred`, run as a child process from a fresh working folder the way an
// issuer or a verifier runs it, against `hardhat node` servers on 127.0.0.1. Nothing here imports the
// CLI's code; the SDK (through its entry point) is used only to set up what the CLI can't and to read the
// chain independently of the CLI.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { type CliRun, describeRun, expectExit, runCli, useWorkDirs } from '../../helpers/cli.js';

describe('microcred --help end to end', function () {
  this.timeout(120_000);
  const workDir = useWorkDirs();

  it('--help works on every command', async () => {
    const dir = workDir('help');
    const top = await runCli(['--help'], dir);
    expectExit(top, 0);
    const listed = [...top.stdout.split(/^Commands:$/m)[1]!.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    const expected = ['chain', 'deploy', 'issue', 'anchor', 'revoke', 'revoke-batch', 'suspend', 'unsuspend', 'operator', 'accredit', 'verify', 'share', 'status', 'demo', 'web'];
    expect(listed).to.include.members(expected);

    const queue = [...listed];
    const results: CliRun[] = [];
    await Promise.all(
      [0, 1, 2].map(async () => {
        for (let command = queue.shift(); command; command = queue.shift()) results.push(await runCli([command, '--help'], dir));
      }),
    );
    for (const run of results) {
      const command = run.args[0]!;
      expect(run.code, describeRun(run)).to.equal(0);
      expect(run.stdout, describeRun(run)).to.match(new RegExp(`^Usage: microcred ${command}\\b`));
      expect(run.stderr, describeRun(run)).to.equal('');
    }
    const help = Object.fromEntries(results.map((r) => [r.args[0]!, r.stdout]));
    for (const command of ['deploy', 'issue', 'anchor', 'revoke', 'revoke-batch', 'suspend', 'unsuspend', 'operator', 'accredit', 'verify']) expect(help[command]).to.include('--rpc-url');
    expect(help.issue).to.include('--achievement');
    expect(help.revoke).to.include('--reason');
    // `--help` must not have run anything: no store, no node.
    expect(existsSync(path.join(dir, '.microcred'))).to.equal(false);
  });
});
