import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Hex } from 'viem';
import { ANCHOR_PROOF_FORMAT, ANCHOR_PROOF_TYPE } from '../../src/core/anchorProof.js';
import { buildCredential, buildMerkleTree, generateIssuerKey, issuerSigner, registryStatusEntry, signCredentials } from '../../src/core/index.js';
import { digestOf } from '../../src/core/disclosure/digest.js';
import { hexToBytes } from '../../src/core/bytes.js';
import { registryReleases } from '../../src/abi/releases.js';
import { issueRoster } from '../../src/node/issuer/index.js';
import { THREADED_FROM_BYTES } from '../../src/node/issuer/issueRoster.js';
import { nodeIssuerSigner } from '../../src/node/keys/nodeSigner.js';
import { RosterError, parseRoster } from '../../src/node/roster/index.js';
import { REPO_ROOT } from '../helpers/chain.js';
import { type TempStore, tempStore, tree } from '../helpers/store.js';

const TEMPLATE = JSON.parse(readFileSync(path.join(REPO_ROOT, 'examples/achievement.json'), 'utf8'));
const DID = 'did:web:credentials.example.edu';
const ISSUER = { address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', name: 'Example University', did: DID } as const;
const NOW = new Date('2025-06-30T12:00:00Z');
const VALID_FROM = '2025-06-30T12:00:00Z';

function rosterText(n: number, row?: (i: number) => string): string {
  const rows = Array.from({ length: n }, (_, i) => row?.(i) ?? `S${i},"Learner ${i}, Número",learner${i}@students.example.edu,,${i % 3 === 0 ? '2030-01-01' : ''}`);
  return `id,name,email,valid_from,valid_until\n${rows.join('\n')}\n`;
}

describe('issuer: issueRoster streams (parts, spool, signing threads)', function () {
  this.timeout(180_000);
  let temp: TempStore;
  let out: string;
  beforeEach(() => {
    temp = tempStore();
    out = path.join(temp.dir, 'credentials');
  });
  afterEach(() => temp.cleanup());

  // Small rosters are salted on this thread, large ones (past THREADED_FROM_BYTES) on the issuing threads.
  for (const { n, partSize, salted } of [
    { n: 700, partSize: 16, salted: 'here' },
    { n: 700, partSize: 10_000, salted: 'here' },
    { n: 4_000, partSize: 256, salted: 'on threads' },
  ]) {
    it(`writes, part by part (${partSize} at a time; ${n} learners salted ${salted}), the very bytes the library gives, signed on threads as signCredentials signs, and the same rows`, async () => {
      const roster = path.join(temp.dir, 'roster.csv');
      writeFileSync(roster, rosterText(n));
      expect(readFileSync(roster).length >= THREADED_FROM_BYTES).to.equal(salted === 'on threads');
      const key = await generateIssuerKey();
      const batch = await issueRoster({ store: temp.store, rosterPath: roster, template: TEMPLATE, issuer: ISSUER, signer: await nodeIssuerSigner({ did: DID, ...key }), outDir: out, now: NOW, partSize });
      expect(batch.size).to.equal(n);
      const rows = temp.store.credentials.byBatch(batch.batchId);
      expect(rows.map((row) => row.index)).to.deep.equal([...Array(n).keys()]);

      // The reference: the library's pieces, given each credential's id and salts as issued.
      const learners = parseRoster(readFileSync(roster, 'utf8'), { format: 'csv', file: roster });
      const credentials = learners.map((learner, i) => buildCredential(learner, TEMPLATE, { issuer: ISSUER, validFrom: VALID_FROM, id: rows[i]!.id }));
      const digests = new Uint8Array(32 * n);
      credentials.forEach((credential, i) => {
        const digest = digestOf(credential, { salts: rows[i]!.salts as Record<string, Hex>, hidden: {} });
        expect(digest).to.equal(rows[i]!.digest);
        digests.set(hexToBytes(digest, 32), 32 * i);
      });
      const merkle = buildMerkleTree(digests);
      expect(batch.root).to.equal(merkle.root);
      const registry = registryReleases.at(-1)!.address;
      const unsigned = credentials.map((credential, index) => ({
        ...credential,
        credentialStatus: registryStatusEntry({ registry, issuer: ISSUER.address, root: merkle.root, index }),
      }));
      const signatures = await signCredentials(unsigned, await issuerSigner({ did: DID, ...key }), { created: NOW });
      unsigned.forEach((credential, index) => {
        const anchorProof = { type: ANCHOR_PROOF_TYPE, format: ANCHOR_PROOF_FORMAT, issuer: ISSUER.address, root: merkle.root, index, path: merkle.proof(index), salts: rows[index]!.salts, hidden: {}, anchors: [] };
        const expected = `${JSON.stringify({ ...credential, proof: [signatures[index], anchorProof] }, null, 2)}\n`;
        expect(readFileSync(rows[index]!.file, 'utf8')).to.equal(expected);
        expect(rows[index]).to.include({ learnerId: learners[index]!.id, learnerName: learners[index]!.name, learnerEmail: learners[index]!.email, file: path.join(batch.dir, `${learners[index]!.id}.json`) });
      });
      expect(batch.credentials).to.deep.equal(rows.map(({ id, index, learnerId, file }) => ({ id, index, learnerId, file })));
      expect(readdirSync(path.dirname(temp.store.file)).filter((name) => name.endsWith('.microcred-tmp'))).to.deep.equal([]); // the spool is gone
    });
  }

  function expectNothingIssued() {
    expect(tree(out)).to.deep.equal([]);
    expect(temp.store.batches.list()).to.deep.equal([]);
    expect(temp.store.db.prepare('SELECT COUNT(*) AS n FROM credentials').get()).to.deep.equal({ n: 0 });
    expect(readdirSync(path.dirname(temp.store.file)).filter((name) => name.endsWith('.microcred-tmp'))).to.deep.equal([]);
  }

  it('writes nothing for a bad row at the end of a large roster (past the first chunks read), naming it', async () => {
    const n = 12_000; // ~2.3 MB: the roster is read in 3 chunks, and thousands of credentials are salted before the bad row
    const roster = path.join(temp.dir, 'late.csv');
    const long = 'Name '.repeat(30);
    writeFileSync(roster, rosterText(n, (i) => (i === n - 2 ? `S${i},Late Learner,not-an-email,,` : `S${i},${long}${i},l${i}@x.example,,`)));
    expect(readFileSync(roster).length).to.be.greaterThan(2 * (1 << 20));
    const error = await issueRoster({ store: temp.store, rosterPath: roster, template: TEMPLATE, issuer: ISSUER, outDir: out, now: NOW }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(RosterError);
    expect((error as RosterError).issues.map(({ row, column }) => ({ row, column }))).to.deep.equal([{ row: n, column: 'email' }]);
    expectNothingIssued();
  });

  for (const { salted, name } of [
    { salted: 'here', name: 'Learner' },
    { salted: 'on threads', name: 'Learner '.repeat(20) },
  ]) {
    it(`writes nothing for the core's objection to the last learner (an expiry before issuance; salted ${salted}), naming its row`, async () => {
      const n = 2_000;
      const roster = path.join(temp.dir, 'expired.csv');
      writeFileSync(roster, rosterText(n, (i) => `S${i},${name} ${i},,,${i === n - 1 ? '2020-01-01' : ''}`));
      expect(readFileSync(roster).length >= THREADED_FROM_BYTES).to.equal(salted === 'on threads');
      const error = await issueRoster({ store: temp.store, rosterPath: roster, template: TEMPLATE, issuer: ISSUER, outDir: out, now: NOW, partSize: 64 }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(RosterError);
      expect((error as RosterError).issues.map(({ row, column }) => ({ row, column }))).to.deep.equal([{ row: n + 1, column: 'valid_until' }]);
      expectNothingIssued();
    });
  }
});
