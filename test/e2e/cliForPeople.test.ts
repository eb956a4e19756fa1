// Issue 12, the CLI for people: the real `bin/microcred` run from a fresh folder as a registrar or an HR
// person runs it. `--json` errors, `verify` on mixed and empty input, strict roster decoding, and a bad
// roster reported without a chain.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { type CliRun, REPO_ROOT, describeRun, freePort, killAll, runCli, tempDir } from './helpers.js';

const ACHIEVEMENT = path.join(REPO_ROOT, 'examples/achievement.json');
const STACK_LINE = /^\s+at .+[(:]\d+/m;

interface ErrorJson {
  error: { code: string; message: string; details: string[] };
}

/** The one JSON error object a `--json` run printed: stdout holds it and nothing else. */
function jsonError(run: CliRun): ErrorJson['error'] {
  let parsed: ErrorJson;
  try {
    parsed = JSON.parse(run.stdout) as ErrorJson;
  } catch {
    throw new Error(`expected one JSON object on stdout\n${describeRun(run)}`);
  }
  expect(Object.keys(parsed), describeRun(run)).to.deep.equal(['error']);
  expect(Object.keys(parsed.error), describeRun(run)).to.deep.equal(['code', 'message', 'details']);
  expect(parsed.error.details, describeRun(run)).to.be.an('array');
  return parsed.error;
}

describe('e2e: the CLI for people (issue 12)', function () {
  this.timeout(180_000);
  let folder: ReturnType<typeof tempDir>;
  /** An endpoint nothing listens on: any command that contacts it fails as unreachable. */
  let closedRpc: string;
  const file = (name: string) => path.join(folder.dir, name);

  before(async () => {
    folder = tempDir('microcred-people-');
    closedRpc = `http://127.0.0.1:${await freePort()}`;
  });
  after(async () => {
    await killAll();
    folder.cleanup();
  });

  describe('--json on every command, errors included', () => {
    /** Runs `args` with and without --json: same exit code; JSON on stdout vs a plain message on stderr. */
    async function both(args: string[], cwd = folder.dir): Promise<{ text: CliRun; json: ErrorJson['error'] }> {
      const [text, json] = await Promise.all([runCli(args, cwd), runCli([...args, '--json'], cwd)]);
      expect(text.code, describeRun(text)).to.be.a('number').and.not.equal(0);
      expect(json.code, `${describeRun(json)}\nwithout --json: exit ${text.code}`).to.equal(text.code);
      expect(text.stdout, describeRun(text)).to.equal('');
      expect(text.stderr, describeRun(text)).to.match(/^error: /);
      for (const run of [text, json]) expect(`${run.stdout}${run.stderr}`, describeRun(run)).not.to.match(STACK_LINE);
      return { text, json: jsonError(json) };
    }

    it('a command line error (missing argument, unknown option) is code `usage`', async () => {
      const missing = await both(['verify']);
      expect(missing.json).to.deep.include({ code: 'usage', message: "missing required argument 'files'" });
      const unknown = await both(['status', '--bogus']);
      expect(unknown.json.code).to.equal('usage');
      expect(unknown.json.message).to.include('--bogus');
      const badAddress = await both(['verify', 'x.json', '--trust', 'not-an-address', '--rpc-url', closedRpc]);
      expect(badAddress.json).to.deep.include({ code: 'usage', message: '--trust: not-an-address is not an Ethereum address' });
    });

    it('an unreadable template is `input-unreadable`; an unreachable chain is `chain-unreachable`', async () => {
      writeFileSync(file('ok.csv'), 'id,name\ns1,Ada Lovelace\n');
      const template = await both(['issue', 'ok.csv', '--achievement', 'missing.json', '--rpc-url', closedRpc]);
      expect(template.json).to.deep.include({ code: 'input-unreadable', message: 'missing.json: cannot read the file' });
      const chain = await both(['deploy', '--rpc-url', closedRpc]);
      expect(chain.json.code).to.equal('chain-unreachable');
      expect(chain.json.message).to.include(`could not reach ${closedRpc}`);
      expect(chain.json.details.join('\n')).to.match(/cause: /);
    });

    it('a bad roster is `roster-invalid`, its problems in details by file, row and column', async () => {
      writeFileSync(file('bad.csv'), 'id,name,email\ns1,Ada Lovelace,not-an-email\n');
      const { json } = await both(['issue', 'bad.csv', '--achievement', ACHIEVEMENT, '--issuer', '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266']);
      expect(json.code).to.equal('roster-invalid');
      expect(json.details).to.deep.equal(['bad.csv:2 column email: "not-an-email" is not an email address']);
    });

    it('commands that print text as they go (chain, web, demo) take --json too', async () => {
      for (const command of ['chain', 'web', 'demo']) {
        const run = await runCli([command, '--json', '--bogus'], folder.dir);
        expect(jsonError(run).code, describeRun(run)).to.equal('usage');
        expect(jsonError(run).message, describeRun(run)).to.include('--bogus');
      }
    });

    it('`microcred --help` lists the error codes', async () => {
      const run = await runCli(['--help'], folder.dir);
      expect(run.code, describeRun(run)).to.equal(0);
      for (const code of ['usage', 'roster-invalid', 'chain-unreachable', 'input-unreadable', 'internal']) expect(run.stdout).to.include(`  ${code} `);
    });
  });
});
