import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { BatchBuilder, buildCredential, generateIssuerKey, issuerSigner, signCredentials } from '../../src/core/index.js';
import { SigningPool, SigningThreadError } from '../../src/node/issuer/signingPool.js';
import { nodeIssuerSigner } from '../../src/node/keys/nodeSigner.js';
import { REPO_ROOT } from '../helpers/chain.js';

const TEMPLATE = JSON.parse(readFileSync(path.join(REPO_ROOT, 'examples/achievement.json'), 'utf8'));
const DID = 'did:web:credentials.example.edu';
const CREATED = '2025-07-01T09:30:00Z';

function anchoredCredentials(n: number) {
  const builder = new BatchBuilder({ issuer: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', registry: '0xd5EE96bfc08DceE8A50C2CBfa7c3392908F8FA12' });
  const salted = Array.from({ length: n }, (_, i) =>
    builder.add(buildCredential({ id: `S${i}`, name: `Zoë ${i}`, ...(i % 2 ? { email: `z${i}@x.example` } : {}), ...(i % 3 ? { result: 'Pass' } : {}) }, TEMPLATE, { issuer: { did: DID, name: 'Example University' }, validFrom: '2025-06-30T00:00:00Z' })),
  );
  builder.finalize();
  return salted.map((entry) => builder.anchor(entry));
}

describe('issuer: SigningPool (signing on worker threads)', function () {
  this.timeout(120_000);

  it('gives, job by job on two threads, the proofs signCredentials gives on one thread with the reference signer', async () => {
    const credentials = anchoredCredentials(90); // three shapes: with and without email and result
    const key = await generateIssuerKey();
    const pool = new SigningPool({ signer: await nodeIssuerSigner({ did: DID, ...key }), created: CREATED, threads: 2 });
    try {
      const texts = credentials.map((credential) => JSON.stringify(credential));
      const parts = await Promise.all([0, 25, 50, 75].map((first) => pool.sign(texts.slice(first, first + 25))));
      expect(parts.flat()).to.deep.equal(await signCredentials(credentials, await issuerSigner({ did: DID, ...key }), { created: CREATED }));
    } finally {
      await pool.close();
    }
  });

  it('refuses a job its thread cannot sign, naming why, and keeps signing the next', async () => {
    const [credential] = anchoredCredentials(1);
    const pool = new SigningPool({ signer: await nodeIssuerSigner({ did: DID, ...(await generateIssuerKey()) }), created: CREATED, threads: 1 });
    try {
      // A term no context defines: JSON-LD safe mode refuses to sign it rather than drop it.
      const error = await pool.sign([JSON.stringify({ ...credential, undefinedTerm: 'x' })]).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(SigningThreadError);
      expect((error as Error).message).to.match(/could not sign/);
      expect(await pool.sign([JSON.stringify(credential)])).to.have.length(1);
    } finally {
      await pool.close();
    }
  });

  it('keeps the key out of sight: the signer serialises without it', async () => {
    const key = await generateIssuerKey();
    const signer = await nodeIssuerSigner({ did: DID, ...key });
    expect(JSON.stringify(signer)).to.not.include(key.secretKeyMultibase);
    expect(Object.keys(signer)).to.have.members(['id', 'algorithm', 'publicKeyMultibase']);
  });
});
