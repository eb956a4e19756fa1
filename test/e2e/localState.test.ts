// Issue 12, "honest local state": the CLI never makes a store by accident, `status` can say when the chain
// lost what the store remembers, and `microcred chain` says up front that its chain dies with it.
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { expect } from 'chai';
import { type CliRun, describeRun, freePort, killAll, runCli, tempDir } from './helpers.js';

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
});
