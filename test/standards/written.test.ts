import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { BIN, describeRun, runCli, tempDir } from '../helpers/cli.js';
import { checkDataIntegritySignature, checkOpenBadgeCredential } from './conformance.js';

// What `npm run demo` and the CLI write, file by file, against the official validators (conformance.ts):
// the OB 3.0 JSON Schema, JSON-LD safe mode, and the issuer's signature verified by @digitalbazaar/vc with
// only the DID document. A tampered copy must fail the signature.
describe('standards: the files the demo and the CLI write', function () {
  this.timeout(180_000);
  const temp = tempDir('microcred-written-');
  after(() => temp.cleanup());

  const credentialFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => path.join(dir, f));
  const read = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

  async function expectConformant(files: string[], didDocument: { id: string }) {
    expect(files.length).to.be.above(0);
    for (const file of files) {
      const credential = read(file);
      expect(await checkOpenBadgeCredential(credential), file).to.deep.equal({ schema: [], jsonld: [] });
      expect(await checkDataIntegritySignature(credential, didDocument), file).to.deep.equal([]);
    }
    const tampered = { ...read(files[0]!), name: 'Something else entirely' };
    expect(await checkDataIntegritySignature(tampered, didDocument)).not.to.deep.equal([]);
  }

  it('every credential `microcred demo` writes is a valid, signed Open Badges 3.0 credential', async () => {
    const dir = path.join(temp.dir, 'demo');
    const run = await runCli(['demo', '--dir', dir], temp.dir);
    expect(run.code, describeRun(run)).to.equal(0);
    expect(run.stdout).to.include('credentials.example.edu');
    // The university's batches (the roster's, the learner's, the stacked credential's) and the platform's.
    const batches = (folder: string) => readdirSync(folder).map((batch) => path.join(folder, batch));
    const university = batches(path.join(dir, 'credentials'));
    expect(university).to.have.length(3);
    for (const batch of university) await expectConformant(credentialFiles(batch), read(path.join(dir, 'website/.well-known/did.json')));
    const stacked = university.flatMap(credentialFiles).map(read).filter((credential) => Array.isArray(credential.evidence));
    expect(stacked).to.have.length(1);
    for (const batch of batches(path.join(dir, 'platform', 'credentials'))) {
      await expectConformant(credentialFiles(batch), read(path.join(dir, 'websites/learn.example.com/.well-known/did.json')));
    }
    expect(run.stdout).to.include('accredited by quality.example.org').and.include('MEETS the pathway').and.include('All 2 components it was stacked from were re-checked and are valid.');
  });

  it('so is every credential `microcred issuer init` + `issue` writes, with no chain running', async () => {
    const dir = path.join(temp.dir, 'cli');
    mkdirSync(dir);
    const env = { MICROCRED_KEY_PASSPHRASE: 'correct horse battery staple' };
    const account = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
    const init = await runCli(['issuer', 'init', '--domain', 'northfield.example', '--anchoring-account', account, '--json'], dir, { env });
    expect(init.code, describeRun(init)).to.equal(0);
    const identity = JSON.parse(init.stdout) as { did: string; document: string; key: string };
    expect(identity.did).to.equal('did:web:northfield.example');
    // The key is on disk encrypted only: its secret appears in no output.
    expect(readFileSync(identity.key, 'utf8')).to.include('aes-256-gcm').and.not.include('secretKeyMultibase');
    const roster = path.join(BIN, '../../examples/roster.csv');
    const achievement = path.join(BIN, '../../examples/achievement.json');
    const issue = await runCli(['issue', roster, '--achievement', achievement, '--issuer', account, '--issuer-name', 'Northfield', '--json'], dir, { env });
    expect(issue.code, describeRun(issue)).to.equal(0);
    const { dir: batchDir } = JSON.parse(issue.stdout) as { dir: string };
    await expectConformant(credentialFiles(batchDir), read(identity.document));
  });
});
