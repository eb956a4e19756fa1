// The CLI given hostile files, as a user runs it: each is a failed `unreadable` row of `verify`, with the
// key, file or limit named, and no chain is contacted for it (the endpoint given here has nothing listening).
import { closeSync, openSync, ftruncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { type CliRun, describeRun, freePort, killAll, runCli, tempDir } from '../helpers/cli.js';

/** The `verify --json` row of the one file given: an unreadable file is a failed row, and `verify` exits 1. */
function unreadableRow(run: CliRun): string {
  expect(run.code, describeRun(run)).to.equal(1);
  const rows = JSON.parse(run.stdout) as { status: string; ok: boolean; summary: string }[];
  expect(rows, describeRun(run)).to.have.length(1);
  expect(rows[0], describeRun(run)).to.include({ status: 'unreadable', ok: false });
  return rows[0]!.summary;
}

describe('e2e: microcred verify on hostile files', function () {
  this.timeout(120_000);
  let folder: ReturnType<typeof tempDir>;
  let rpcUrl: string;

  before(async () => {
    folder = tempDir('microcred-hostile-');
    rpcUrl = `http://127.0.0.1:${await freePort()}`;
  });
  after(async () => {
    await killAll();
    folder.cleanup();
  });

  it('a credential with a key given twice: exit 1, naming the key, where it is and the file', async () => {
    writeFileSync(path.join(folder.dir, 'dup.json'), '{\n  "id": "urn:uuid:1",\n  "credentialSubject": {\n    "name": "Ada",\n    "name": "Eve"\n  }\n}\n');
    const run = await runCli(['verify', 'dup.json', '--rpc-url', rpcUrl, '--json'], folder.dir);
    expect(unreadableRow(run)).to.include('duplicate key "name" at credentialSubject.name (line 5)');
  });

  it('a passport of 200,000 entries: refused with the limit, before any verification', async () => {
    writeFileSync(path.join(folder.dir, 'passport.json'), `[${new Array(200_000).fill('{}').join(',')}]`);
    const run = await runCli(['verify', 'passport.json', '--rpc-url', rpcUrl, '--json'], folder.dir);
    expect(unreadableRow(run)).to.include('more than 100,000 credentials; at most 100,000 are verified at once');
  });

  it('a file over 100 MB: refused by its size, without reading it', async () => {
    const file = path.join(folder.dir, 'huge.json');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, 100_000_001); // sparse: no 100 MB written to disk
    closeSync(fd);
    const run = await runCli(['verify', 'huge.json', '--rpc-url', rpcUrl, '--json'], folder.dir);
    expect(unreadableRow(run)).to.include('100,000,001 bytes of credential text; at most 100,000,000 (100 MB)');
  });

  it('share refuses a duplicate key the same way', async () => {
    const run = await runCli(['share', 'dup.json', '--out', 'out.json'], folder.dir);
    expect(run.code, describeRun(run)).to.equal(1);
    expect(run.stderr, describeRun(run)).to.include('error: dup.json: duplicate key "name" at credentialSubject.name (line 5)');
  });
});
