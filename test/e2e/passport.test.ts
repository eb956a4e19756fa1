// Issue 13: a learner holds a DID and signs their skills passport. `holder init` makes the learner's key,
// `passport build` signs credential files into a Verifiable Presentation; no chain is needed for either.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { buildBatch, buildCredential, resolveDid, verifyPresentationSignature } from '../../src/index.js';
import { REGISTRY, template } from '../helpers/credentials.js';
import { REPO_ROOT, describeRun, killAll, runCli, tempDir } from '../helpers/cli.js';

const PASSPHRASE = 'a long passphrase the learner chose';
const ISSUER = { address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', name: 'Example University', chainId: 31337 } as const;

/** Credential files as an issuer hands them out, for subject `uri` (or none), from `buildBatch`. */
function credentialFiles(dir: string, prefix: string, uris: (string | undefined)[]): string[] {
  const drafts = uris.map((uri, i) =>
    buildCredential({ id: `S2025-${i}`, name: 'Amara Okafor', email: 'amara@example.edu', uri }, template, { issuer: ISSUER, validFrom: '2025-06-30T00:00:00Z' }),
  );
  return buildBatch(drafts, { issuer: ISSUER.address, registry: REGISTRY }).credentials.map((credential, i) => {
    const file = path.join(dir, `${prefix}-${i}.json`);
    writeFileSync(file, `${JSON.stringify(credential, null, 2)}\n`);
    return file;
  });
}

describe('e2e: holder key and signed skills passport (bin/microcred, no chain)', function () {
  this.timeout(180_000);
  const temp = tempDir('microcred-e2e-passport-');
  const env = { MICROCRED_KEY_PASSPHRASE: PASSPHRASE };
  after(async () => {
    await killAll();
    temp.cleanup();
  });

  it('holder init → passport build → the file verifies as signed by the learner; the key appears nowhere', async () => {
    const dir = temp.dir;
    const init = await runCli(['holder', 'init', '--out', 'amara.key.json', '--json'], dir, { env });
    expect(init.code, describeRun(init)).to.equal(0);
    const { did } = JSON.parse(init.stdout) as { did: string };
    expect(did).to.match(/^did:key:z6Mk/);
    const keyFile = path.join(dir, 'amara.key.json');
    expect(statSync(keyFile).mode & 0o777).to.equal(0o600);
    const sealed = JSON.parse(readFileSync(keyFile, 'utf8'));
    expect(sealed).to.include({ format: 'microcred-holder-key-v1', did });

    const again = await runCli(['holder', 'init', '--out', 'amara.key.json', '--json'], dir, { env });
    expect(again.code).to.equal(1);
    expect(JSON.parse(again.stdout).error.code).to.equal('identity');
    expect(readFileSync(keyFile, 'utf8')).to.equal(`${JSON.stringify(sealed, null, 2)}\n`);

    const files = credentialFiles(dir, 'mine', [did, did, undefined]);
    const build = await runCli(['passport', 'build', ...files, '--holder', 'amara.key.json', '--challenge', 'nonce-42', '--domain', 'hiring.example.com', '--out', 'passport.json'], dir, { env });
    expect(build.code, describeRun(build)).to.equal(0);
    expect(build.stdout).to.include(`a passport of 3 credentials, signed by ${did}`);
    expect(build.stderr).to.include(files[2]).and.include('weaker binding');
    const passport = JSON.parse(readFileSync(path.join(dir, 'passport.json'), 'utf8'));
    const resolve = async (id: string) => (await resolveDid(id)).document;
    expect(await verifyPresentationSignature(passport, { resolveDid: resolve, challenge: 'nonce-42', domain: 'hiring.example.com' })).to.include({ verified: true, holder: did });
    expect(await verifyPresentationSignature(passport, { resolveDid: resolve, challenge: 'another' })).to.include({ verified: false, reason: 'challenge' });

    // The secret key shows nowhere: not in any output, not in the passport, not in any file but sealed.
    const secretKey = await unsealedForTest(keyFile);
    for (const text of [init.stdout, init.stderr, build.stdout, build.stderr, ...readdirSync(dir).map((f) => readFileSync(path.join(dir, f), 'utf8'))]) {
      expect(text).to.not.include(secretKey);
    }
  });

  it('refuses a credential about another DID, naming the file; and a wrong or missing passphrase, clearly', async () => {
    const dir = temp.dir;
    const init = await runCli(['holder', 'init', '--out', 'other.key.json', '--json'], dir, { env });
    const other = JSON.parse(init.stdout).did as string;
    const mine = JSON.parse(readFileSync(path.join(dir, 'amara.key.json'), 'utf8')).did as string;
    const files = credentialFiles(dir, 'mixed', [mine, other]);

    const stolen = await runCli(['passport', 'build', ...files, '--holder', 'amara.key.json', '--out', 'stolen.json', '--json'], dir, { env });
    expect(stolen.code).to.equal(1);
    const error = JSON.parse(stolen.stdout).error;
    expect(error.code).to.equal('not-holder');
    expect(error.message).to.include(files[1]).and.include(other);

    const wrong = await runCli(['passport', 'build', files[0]!, '--holder', 'amara.key.json', '--out', 'p.json'], dir, { env: { MICROCRED_KEY_PASSPHRASE: 'not the passphrase at all' } });
    expect(wrong.code).to.equal(1);
    expect(wrong.stderr).to.match(/Could not unlock the holder key in amara\.key\.json: wrong passphrase/);
    const none = await runCli(['passport', 'build', files[0]!, '--holder', 'amara.key.json', '--out', 'p.json', '--json'], dir, { env: { MICROCRED_KEY_PASSPHRASE: '' } });
    expect(JSON.parse(none.stdout).error).to.include({ code: 'identity' });
    expect(JSON.parse(none.stdout).error.message).to.include('MICROCRED_KEY_PASSPHRASE');
    const missing = await runCli(['passport', 'build', files[0]!, '--holder', 'nobody.key.json', '--out', 'p.json'], dir, { env });
    expect(missing.stderr).to.include('holder init');
    expect(readdirSync(dir)).to.not.include('p.json').and.not.include('stolen.json');
  });

  it('refuses a format v1 credential in a signed passport, naming its file', async () => {
    const dir = temp.dir;
    const v1 = path.join(REPO_ROOT, 'test/fixtures/v1/credential-0.json');
    const run = await runCli(['passport', 'build', v1, '--holder', 'amara.key.json', '--out', 'v1.json', '--json'], dir, { env });
    expect(run.code, describeRun(run)).to.equal(1);
    const error = JSON.parse(run.stdout).error;
    expect(error.code).to.equal('input-unsignable');
    expect(error.message).to.include(v1).and.match(/format v1/);
  });
});

/** The test reads the key the way the CLI does, only to prove it never leaks. */
async function unsealedForTest(file: string): Promise<string> {
  const { unsealKey } = await import('../../src/node/keys/sealedKey.js');
  const secret = unsealKey(JSON.parse(readFileSync(file, 'utf8')), PASSPHRASE);
  expect(secret).to.match(/^z/);
  return secret!;
}
