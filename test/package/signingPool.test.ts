import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { BatchBuilder, buildCredential, generateIssuerKey, issuerSigner, signCredentials } from '../../src/core/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DID = 'did:web:credentials.example.edu';

// The signing threads as a compiled install runs them: plain `node` (no tsx anywhere) loading
// dist/node/issuer/signWorker.js; `npm run build` first.
describe('package: signing threads from the compiled dist/', function () {
  this.timeout(120_000);

  it('signs in plain node from dist/ exactly as signCredentials signs on one thread', async () => {
    expect(existsSync(path.join(ROOT, 'dist/node/issuer/signWorker.js')), 'run `npm run build` first').to.equal(true);
    const template = JSON.parse(readFileSync(path.join(ROOT, 'examples/achievement.json'), 'utf8'));
    const builder = new BatchBuilder({ issuer: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', registry: '0xd5EE96bfc08DceE8A50C2CBfa7c3392908F8FA12' });
    const salted = Array.from({ length: 60 }, (_, i) =>
      builder.add(buildCredential({ id: `S${i}`, name: `Learner ${i}` }, template, { issuer: { did: DID, name: 'Example University' }, validFrom: '2025-06-30T00:00:00Z' })),
    );
    builder.finalize();
    const credentials = salted.map((entry) => builder.anchor(entry));
    const key = await generateIssuerKey();
    const created = '2025-07-01T00:00:00Z';

    const script = `
      import { nodeIssuerSigner } from './dist/node/keys/nodeSigner.js';
      import { SigningPool } from './dist/node/issuer/signingPool.js';
      const chunks = [];
      for await (const chunk of process.stdin) chunks.push(chunk);
      const { key, did, created, texts } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const pool = new SigningPool({ signer: await nodeIssuerSigner({ did, ...key }), created, threads: 2 });
      const parts = await Promise.all([pool.sign(texts.slice(0, 20)), pool.sign(texts.slice(20, 45)), pool.sign(texts.slice(45))]);
      await pool.close();
      process.stdout.write(JSON.stringify(parts.flat()));
    `;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      input: JSON.stringify({ key, did: DID, created, texts: credentials.map((credential) => JSON.stringify(credential)) }),
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' }, // no NODE_OPTIONS: nothing but node itself
    });
    const expected = await signCredentials(credentials, await issuerSigner({ did: DID, ...key }), { created });
    expect(JSON.parse(output)).to.deep.equal(expected);
  });
});
