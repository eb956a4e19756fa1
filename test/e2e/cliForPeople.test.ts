// Issue 12, the CLI for people: the real `bin/microcred` run from a fresh folder as a registrar or an HR
// person runs it. `--json` errors, `verify` on mixed and empty input, strict roster decoding, and a bad
// roster reported without a chain.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { BIN, type CliRun, REPO_ROOT, describeRun, freePort, killAll, runCli, tempDir } from '../helpers/cli.js';

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
      expect(badAddress.json).to.deep.include({ code: 'usage', message: '--trust: "not-an-address" is not a domain (northfield.edu), a DID or an Ethereum address' });
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
      for (const code of ['usage', 'roster-invalid', 'chain-unreachable', 'input-unreadable', 'internal']) expect(run.stdout).to.include(`    ${code} `);
    });

    it('`microcred --version` (and -V) prints the package version and exits 0', async () => {
      const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
      for (const flag of ['--version', '-V']) {
        const run = await runCli([flag], folder.dir);
        expect(run.code, describeRun(run)).to.equal(0);
        expect(run.stdout).to.equal(`${version}\n`);
      }
    });
  });

  describe('verify: a verdict for every readable file, a failed row for each unreadable one', () => {
    const ISSUER = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
    let credential: string;

    before(async () => {
      // A real credential from `issue` (named issuer: no chain needed); never anchored, so not valid, but readable.
      writeFileSync(file('one.csv'), 'id,name\ns1,Ada Lovelace\n');
      const issued = await runCli(['issue', 'one.csv', '--achievement', ACHIEVEMENT, '--issuer', ISSUER, '--out', 'issued', '--json'], folder.dir);
      expect(issued.code, describeRun(issued)).to.equal(0);
      credential = path.relative(folder.dir, JSON.parse(issued.stdout).credentials[0].file);
      writeFileSync(file('not-json.json'), 'this is not JSON');
      writeFileSync(file('dup-key.json'), '{"id": "a", "id": "b"}');
      writeFileSync(file('empty.json'), '[]');
    });

    interface Row {
      file: string;
      status: string;
      ok: boolean;
      summary: string;
    }

    it('unreadable files (missing, not JSON, a key twice, empty) are rows of their own; the good file is still verified; exit 1', async () => {
      const args = ['verify', 'missing.json', 'not-json.json', credential, 'dup-key.json', 'empty.json', '--rpc-url', closedRpc];
      const run = await runCli([...args, '--json'], folder.dir);
      expect(run.code, describeRun(run)).to.equal(1);
      const rows = JSON.parse(run.stdout) as Row[];
      expect(rows.map((row) => [row.file, row.status, row.ok])).to.deep.equal([
        ['missing.json', 'unreadable', false],
        ['not-json.json', 'unreadable', false],
        [credential, rows[2]!.status, false],
        ['dup-key.json', 'unreadable', false],
        ['empty.json', 'unreadable', false],
      ]);
      expect(rows[2]!.status, 'the readable credential got a real verdict').not.to.equal('unreadable');
      expect(rows[0]!.summary).to.equal('no such file');
      expect(rows[1]!.summary).to.match(/not (valid )?JSON/i);
      expect(rows[3]!.summary).to.match(/duplicate key "id"/);
      expect(rows[4]!.summary).to.match(/no credential/);
      const text = await runCli(args, folder.dir);
      expect(text.code, describeRun(text)).to.equal(1);
      expect(text.stdout, describeRun(text)).to.match(/missing\.json\s+-\s+-\s+-\s+UNREADABLE\s+no such file/).and.match(/^0 valid, 4 unreadable, 1 [a-z-]+ of 5 credentials$/m);
    });

    it('the table names the learner by name and id, fits the terminal width, and is coloured only on a terminal', async () => {
      const args = ['verify', credential, 'missing.json', '--rpc-url', closedRpc];
      const wide = await runCli(args, folder.dir);
      expect(wide.stdout, describeRun(wide)).to.include('Ada Lovelace (s1)').and.not.include('\x1b[');
      const narrow = await runCli(args, folder.dir, { env: { COLUMNS: '80' } });
      const lines = narrow.stdout.trimEnd().split('\n');
      expect(lines.filter((line) => [...line].length > 80), describeRun(narrow)).to.deep.equal([]);
      expect(lines.length, 'the reasons wrap onto more lines instead').to.be.greaterThan(wide.stdout.trimEnd().split('\n').length);
      // Forced colour (a CI log that renders it); NO_COLOR wins on a real terminal (a pty from `script`).
      const forced = await runCli(args, folder.dir, { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
      expect(forced.stdout, describeRun(forced)).to.match(/\x1b\[[0-9;]*m[A-Z-]+/);
      // A person's terminal: a colour TERM, and none of CI's variables (Node gives CI logs no colour unless forced).
      const onTerminal = (env: string) =>
        spawnSync('script', ['-qec', `env -u CI -u FORCE_COLOR -u NO_COLOR TERM=xterm-256color ${env} ${BIN} ${args.join(' ')}`, '/dev/null'], { cwd: folder.dir, encoding: 'utf8' }).stdout;
      expect(onTerminal('')).to.match(/\x1b\[[0-9;]*m/);
      expect(onTerminal('NO_COLOR=1')).to.include('Ada Lovelace (s1)').and.not.include('\x1b[');
    });

    it('an empty input ([] alone) is an error, not "0 of 0 valid": exit 1, code input-empty', async () => {
      const text = await runCli(['verify', 'empty.json', '--rpc-url', closedRpc], folder.dir);
      expect(text.code, describeRun(text)).to.equal(1);
      expect(text.stderr).to.include('error: nothing to verify: empty.json holds no credential');
      const run = await runCli(['verify', 'empty.json', '--rpc-url', closedRpc, '--json'], folder.dir);
      expect(run.code, describeRun(run)).to.equal(1);
      expect(jsonError(run).code).to.equal('input-empty');
    });

    it('options and files in any order: `verify --trust 0x… file.json`, lists repeated or comma-separated', async () => {
      for (const options of [
        ['--trust', ISSUER],
        ['--trust', `${ISSUER},0x70997970C51812dc3A010C7d01b50e0d17dc79C8`],
        ['--accreditor', ISSUER, '--accreditor', ISSUER],
        ['--registry', ISSUER],
      ]) {
        const run = await runCli(['verify', ...options, credential, '--rpc-url', closedRpc, '--json'], folder.dir);
        expect(run.code, describeRun(run)).to.equal(1); // never anchored: not valid, but verified
        expect((JSON.parse(run.stdout) as Row[]).map((row) => row.file), describeRun(run)).to.deep.equal([credential]);
      }
    });
  });

  describe('issue: the roster decoded strictly and checked before any chain', () => {
    const ISSUER = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

    it('a Latin-1 roster (José García) is refused naming the file and line, nothing written; with --encoding latin1 it is issued right', async () => {
      const { dir, cleanup } = tempDir('microcred-latin1-');
      try {
        writeFileSync(path.join(dir, 'excel.csv'), Buffer.from('id,name\r\ns1,José García\r\n', 'latin1'));
        const args = ['issue', 'excel.csv', '--achievement', ACHIEVEMENT, '--issuer', ISSUER];
        const refused = await runCli([...args, '--json'], dir);
        expect(refused.code, describeRun(refused)).to.equal(1);
        const error = jsonError(refused);
        expect(error.code).to.equal('roster-invalid');
        expect(error.details.join('\n')).to.match(/^excel\.csv: line 2 is not valid UTF-8/).and.include('--encoding latin1');
        expect(readdirSync(dir).sort(), 'nothing written').to.deep.equal(['excel.csv']);

        const issued = await runCli([...args, '--encoding', 'latin1', '--json'], dir);
        expect(issued.code, describeRun(issued)).to.equal(0);
        const credentialFile = (JSON.parse(issued.stdout) as { credentials: { file: string }[] }).credentials[0]!.file;
        const credential = JSON.parse(readFileSync(credentialFile, 'utf8')) as { credentialSubject: { name?: string } };
        expect(JSON.stringify(credential)).to.include('José García').and.not.include('\ufffd');
      } finally {
        cleanup();
      }
    });

    it('a bad roster with the chain down reports the roster (file, row, column), not "could not reach", and quickly', async () => {
      const { dir, cleanup } = tempDir('microcred-nochain-');
      try {
        writeFileSync(path.join(dir, 'roster.csv'), 'id,name,email\ns1,Ada Lovelace,ada-at-example\n');
        const run = await runCli(['issue', 'roster.csv', '--achievement', ACHIEVEMENT, '--rpc-url', closedRpc], dir);
        expect(run.code, describeRun(run)).to.equal(1);
        expect(run.stderr, describeRun(run)).to.include('roster.csv:2 column email: "ada-at-example" is not an email address').and.not.match(/could not reach/);
        expect(run.ms, describeRun(run)).to.be.below(5_000);
        expect(existsSync(path.join(dir, '.microcred')), 'no store created').to.equal(false);
      } finally {
        cleanup();
      }
    });
  });
});
