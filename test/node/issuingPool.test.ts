import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { BatchBuilder, buildCredential, generateIssuerKey, issuerSigner, signCredentials } from '../../src/core/index.js';
import { CredentialFileWriteError, IssuingPool, IssuingThreadError } from '../../src/node/issuer/issuingPool.js';
import { nodeIssuerSigner } from '../../src/node/keys/nodeSigner.js';
import { REPO_ROOT } from '../helpers/chain.js';

const TEMPLATE = JSON.parse(readFileSync(path.join(REPO_ROOT, 'examples/achievement.json'), 'utf8'));
const DID = 'did:web:credentials.example.edu';
const CREATED = '2025-07-01T09:30:00Z';

/** A batch of `n` salted credentials (three shapes: with and without email and result), anchored, as files would hold them. */
function anchoredBatch(n: number) {
  const builder = new BatchBuilder({ issuer: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', registry: '0xd5EE96bfc08DceE8A50C2CBfa7c3392908F8FA12' });
  const salted = Array.from({ length: n }, (_, i) =>
    builder.add(
      buildCredential({ id: `S${i}`, name: `Zoë ${i}`, ...(i % 2 ? { email: `z${i}@x.example` } : {}), ...(i % 3 ? { result: 'Pass' } : {}) }, TEMPLATE, {
        issuer: { did: DID, name: 'Example University' },
        validFrom: '2025-06-30T00:00:00Z',
      }),
    ),
  );
  builder.finalize();
  const credentials = salted.map((entry) => builder.anchor(entry));
  // What `issueRoster` hands the pool: each salted credential's text and what anchoring adds to it.
  const contents = salted.map((entry, i) => ({ name: `S${i}.json`, text: JSON.stringify(entry.credential, null, 2), ...builder.anchoring(i, entry.disclosure) }));
  return { credentials, contents };
}

const fileText = (credential: object) => `${JSON.stringify(credential, null, 2)}\n`;

describe('issuer: IssuingPool (credentials salted, signed and written on worker threads)', function () {
  this.timeout(120_000);
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'microcred-file-pool-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('writes, part by part on two threads, the files signCredentials and the anchor proof give on one thread with the reference signer', async () => {
    const { credentials, contents } = anchoredBatch(90);
    const key = await generateIssuerKey();
    const pool = new IssuingPool({ signer: await nodeIssuerSigner({ did: DID, ...key }), created: CREATED, threads: 2 });
    try {
      await Promise.all([0, 25, 50, 75].map((first) => pool.write(folder, contents.slice(first, first + 25))));
    } finally {
      await pool.close();
    }
    const signatures = await signCredentials(credentials, await issuerSigner({ did: DID, ...key }), { created: CREATED });
    credentials.forEach((credential, i) => {
      const { proof, ...unproved } = credential;
      expect(readFileSync(path.join(folder, `S${i}.json`), 'utf8'), `S${i}.json`).to.equal(fileText({ ...unproved, proof: [signatures[i], ...(proof as object[])] }));
    });
  });

  it('without a signer, writes the files BatchBuilder.anchor gives', async () => {
    const { credentials, contents } = anchoredBatch(30);
    const pool = new IssuingPool({ created: CREATED, threads: 1 });
    try {
      await pool.write(folder, contents);
    } finally {
      await pool.close();
    }
    credentials.forEach((credential, i) => expect(readFileSync(path.join(folder, `S${i}.json`), 'utf8')).to.equal(fileText(credential)));
  });

  it('refuses a part its thread cannot sign, naming why and writing none of it, and keeps writing the next', async () => {
    const { contents } = anchoredBatch(2);
    const pool = new IssuingPool({ signer: await nodeIssuerSigner({ did: DID, ...(await generateIssuerKey()) }), created: CREATED, threads: 1 });
    try {
      // A term no context defines: JSON-LD safe mode refuses to sign it rather than drop it.
      const unsignable = { ...contents[0]!, text: JSON.stringify({ ...JSON.parse(contents[0]!.text), undefinedTerm: 'x' }, null, 2) };
      const error = await pool.write(folder, [unsignable]).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(IssuingThreadError);
      expect((error as Error).message).to.match(/could not sign/);
      expect(readdirSync(folder)).to.deep.equal([]);
      await pool.write(folder, [contents[1]!]);
      expect(readdirSync(folder)).to.deep.equal(['S1.json']);
    } finally {
      await pool.close();
    }
  });

  it('never overwrites a file: one already there fails its part, naming the file and the reason', async () => {
    const { contents } = anchoredBatch(3);
    writeFileSync(path.join(folder, 'S1.json'), 'not ours');
    const pool = new IssuingPool({ created: CREATED, threads: 1 });
    try {
      const error = await pool.write(folder, contents).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(CredentialFileWriteError);
      expect(error).to.include({ file: path.join(folder, 'S1.json'), code: 'EEXIST' });
      expect(readFileSync(path.join(folder, 'S1.json'), 'utf8')).to.equal('not ours');
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
