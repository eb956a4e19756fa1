import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { BatchBuilder, buildCredential, generateIssuerKey, issuerSigner, signCredentials } from '../../src/core/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DID = 'did:web:credentials.example.edu';

// The issuing threads as a compiled install runs them: plain `node` (no tsx anywhere) loading
// dist/node/issuer/issuingWorker.js; `npm run build` first.
describe('package: issuing threads from the compiled dist/', function () {
  this.timeout(120_000);

  it('signs and writes in plain node from dist/ exactly what signCredentials and the anchor proof give on one thread', async () => {
    expect(existsSync(path.join(ROOT, 'dist/node/issuer/issuingWorker.js')), 'run `npm run build` first').to.equal(true);
    const template = JSON.parse(readFileSync(path.join(ROOT, 'examples/achievement.json'), 'utf8'));
    const builder = new BatchBuilder({ issuer: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', registry: '0xd5EE96bfc08DceE8A50C2CBfa7c3392908F8FA12' });
    const salted = Array.from({ length: 60 }, (_, i) =>
      builder.add(buildCredential({ id: `S${i}`, name: `Learner ${i}` }, template, { issuer: { did: DID, name: 'Example University' }, validFrom: '2025-06-30T00:00:00Z' })),
    );
    builder.finalize();
    const credentials = salted.map((entry) => builder.anchor(entry));
    const contents = salted.map((entry, i) => ({ name: `S${i}.json`, text: JSON.stringify(entry.credential, null, 2), ...builder.anchoring(i, entry.disclosure) }));
    const key = await generateIssuerKey();
    const created = '2025-07-01T00:00:00Z';
    const folder = mkdtempSync(path.join(tmpdir(), 'microcred-package-pool-'));

    try {
      const script = `
        import { nodeIssuerSigner } from './dist/node/keys/nodeSigner.js';
        import { IssuingPool } from './dist/node/issuer/issuingPool.js';
        const chunks = [];
        for await (const chunk of process.stdin) chunks.push(chunk);
        const { key, did, created, folder, contents } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const pool = new IssuingPool({ signer: await nodeIssuerSigner({ did, ...key }), created, threads: 2 });
        await Promise.all([pool.write(folder, contents.slice(0, 20)), pool.write(folder, contents.slice(20, 45)), pool.write(folder, contents.slice(45))]);
        await pool.close();
      `;
      execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: ROOT,
        input: JSON.stringify({ key, did: DID, created, folder, contents }),
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '' }, // no NODE_OPTIONS: nothing but node itself
      });
      const signatures = await signCredentials(credentials, await issuerSigner({ did: DID, ...key }), { created });
      credentials.forEach(({ proof, ...unproved }, i) => {
        expect(readFileSync(path.join(folder, `S${i}.json`), 'utf8')).to.equal(`${JSON.stringify({ ...unproved, proof: [signatures[i], ...(proof as object[])] }, null, 2)}\n`);
      });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
