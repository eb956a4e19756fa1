import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { checkIntegrity, credentialDigest, CredentialValidationError } from '../../src/core/index.js';
import { RosterError } from '../../src/node/roster/index.js';
import { AlreadyIssuedError, issueRoster } from '../../src/node/issuer/index.js';
import { REPO_ROOT } from '../helpers/chain.js';
import { type TempStore, tempStore, tree } from '../helpers/store.js';
import { anchorProofOf } from '../../src/core/credential/format.js';

const ISSUER = { address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', name: 'Example University' } as const;
const TEMPLATE = JSON.parse(readFileSync(path.join(REPO_ROOT, 'examples/achievement.json'), 'utf8')) as unknown;
const EXAMPLE_ROSTER = path.join(REPO_ROOT, 'examples/roster.csv');

describe('issuer: issueRoster', function () {
  this.timeout(30_000);
  let temp: TempStore;
  let out: string;
  beforeEach(() => {
    temp = tempStore();
    out = path.join(temp.dir, 'credentials');
  });
  afterEach(() => temp.cleanup());

  const issue = (overrides: Partial<Parameters<typeof issueRoster>[0]> = {}) =>
    issueRoster({ store: temp.store, rosterPath: EXAMPLE_ROSTER, template: TEMPLATE, issuer: ISSUER, outDir: out, ...overrides });

  function expectNothingIssued() {
    expect(tree(out)).to.deep.equal([]);
    expect(temp.store.batches.list()).to.deep.equal([]);
    expect(temp.store.db.prepare('SELECT COUNT(*) AS n FROM credentials').get()).to.deep.equal({ n: 0 });
  }

  it('writes the holder DID, result and credits columns into the credential subject (issue 13)', async () => {
    const roster = path.join(temp.dir, 'holders.csv');
    const did = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
    writeFileSync(roster, `id,name,holder,result,credits\nS1,Ada Lovelace,${did},Distinction,7.5\nS2,Grace Hopper,,,\n`);
    const result = await issue({ rosterPath: roster });
    const [ada, grace] = ['S1', 'S2'].map((id) => JSON.parse(readFileSync(path.join(result.dir, `${id}.json`), 'utf8')));
    expect(ada.credentialSubject).to.deep.include({ id: did, result: [{ type: ['Result'], value: 'Distinction' }], creditsEarned: 7.5 });
    expect(grace.credentialSubject).to.not.have.any.keys('id', 'result', 'creditsEarned');
    expect(checkIntegrity(ada)).to.include({ ok: true });
  });

  it('writes one intact credential per learner and records the batch and each credential', async () => {
    const progress: number[] = [];
    const result = await issue({ onProgress: (done, total) => progress.push(done * 100 + total), now: new Date('2025-06-30T12:00:00.250Z') });
    expect(result.size).to.equal(25);
    expect(result.batchId).to.match(/^2025-06-30-[0-9a-f]{12}$/);
    expect(result.dir).to.equal(path.join(temp.store.root, 'credentials', result.batchId));
    expect(progress.at(-1)).to.equal(2525);
    expect(tree(out)).to.have.length(26); // the batch folder and its 25 files
    expect(readdirSync(result.dir)).to.include('S2025-0002.json');

    const batch = temp.store.batches.get(result.batchId)!;
    expect(batch).to.include({ issuer: ISSUER.address, root: result.root, size: 25, state: 'built', achievement: 'Data Analysis with Python' });
    const stored = temp.store.credentials.byBatch(result.batchId);
    expect(stored.map((c) => c.index)).to.deep.equal([...Array(25).keys()]);
    for (const credential of stored) {
      const json = JSON.parse(readFileSync(credential.file, 'utf8'));
      expect(json.id).to.equal(credential.id);
      expect(anchorProofOf(json)).to.include({ root: result.root, index: credential.index });
      expect(anchorProofOf(json)!.anchors).to.deep.equal([]);
      expect(anchorProofOf(json)!.salts).to.deep.equal(credential.salts);
      expect(credentialDigest(json)).to.equal(credential.digest);
      expect(checkIntegrity(json).ok).to.equal(true);
    }
    const lucia = temp.store.credentials.byLearner('s2025-0002')[0]!;
    expect(lucia).to.include({ learnerName: 'García Márquez, Lucía', learnerEmail: 'lucia.garcia@students.example.edu' });
    expect(JSON.parse(readFileSync(lucia.file, 'utf8')).validFrom).to.equal('2025-06-30T00:00:00Z');
    const oscar = JSON.parse(readFileSync(temp.store.credentials.byLearner('S2025-0025')[0]!.file, 'utf8'));
    expect([oscar.validFrom, oscar.validUntil]).to.deep.equal(['2025-07-15T00:00:00Z', '2026-07-15T23:59:59Z']);
    expect(temp.store.credentials.byFile(lucia.file)?.id).to.equal(lucia.id);
  });

  it('gives a learner without dates the issuance time as validFrom', async () => {
    const roster = path.join(temp.dir, 'r.jsonl');
    writeFileSync(roster, '{"id":"a1","name":"Ada"}\n');
    const result = await issue({ rosterPath: roster, now: new Date('2025-09-01T08:30:00.999Z') });
    expect(JSON.parse(readFileSync(result.credentials[0]!.file, 'utf8')).validFrom).to.equal('2025-09-01T08:30:00Z');
  });

  it('stores and writes nothing when a row is bad, naming every bad row', async () => {
    const roster = path.join(temp.dir, 'bad.csv');
    writeFileSync(roster, 'id,name,email\ns1,Ada,ada@example.org\ns2,,bob@example.org\ns3,Cy,not-an-email\n');
    const error = await issue({ rosterPath: roster }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(RosterError);
    expect((error as RosterError).issues.map(({ file, row, column }) => ({ file, row, column }))).to.deep.equal([
      { file: roster, row: 3, column: 'name' },
      { file: roster, row: 4, column: 'email' },
    ]);
    expectNothingIssued();
  });

  it("reports the core's objections to a learner by row and column (an expiry before issuance)", async () => {
    const roster = path.join(temp.dir, 'expired.csv');
    writeFileSync(roster, 'id,name,valid_until\ns1,Ada,2020-01-01\ns2,Bob,\n');
    const error = await issue({ rosterPath: roster, now: new Date('2025-06-30T00:00:00Z') }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(RosterError);
    expect((error as RosterError).issues).to.have.length(1);
    expect((error as RosterError).issues[0]).to.include({ row: 2, column: 'valid_until' });
    expectNothingIssued();
  });

  it('stores and writes nothing for an invalid achievement template, checked before the roster', async () => {
    const error = await issue({ template: { ...(TEMPLATE as object), name: '' }, rosterPath: path.join(temp.dir, 'missing.csv') }).catch(
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(CredentialValidationError);
    expectNothingIssued();
  });

  it('leaves nothing when writing fails mid-way', async () => {
    const error = await issue({
      onProgress: (done) => {
        if (done === 10) throw new Error('disk full (simulated by the progress callback)');
      },
    }).catch((e: unknown) => e);
    expect((error as Error).message).to.match(/disk full/);
    expectNothingIssued();
  });

  it('leaves nothing when recording fails mid-way through the credentials', async () => {
    temp.store.db.exec(`CREATE TRIGGER fail_tenth BEFORE INSERT ON credentials WHEN NEW.idx = 9
      BEGIN SELECT RAISE(ABORT, 'store failure on the tenth credential'); END`);
    const error = await issue().catch((e: unknown) => e);
    expect((error as Error).message).to.match(/store failure on the tenth credential/);
    expectNothingIssued();
    expect(temp.store.issuers.list()).to.deep.equal([]);
  });

  it('undoes the commit when the folder cannot be moved into place', async () => {
    let blocker = '';
    const error = await issue({
      onProgress: (done, total) => {
        if (done !== total) return;
        // Someone creates the batch folder after the check and before the move.
        const [temporary] = readdirSync(out).filter((name) => name.endsWith('.microcred-tmp'));
        blocker = path.join(out, temporary!.split('.')[1]!);
        mkdirSync(blocker);
        writeFileSync(path.join(blocker, 'theirs.txt'), 'not ours');
      },
    }).catch((e: unknown) => e);
    expect((error as NodeJS.ErrnoException).code).to.be.oneOf(['ENOTEMPTY', 'EEXIST']);
    expect(tree(out)).to.deep.equal([path.basename(blocker), path.join(path.basename(blocker), 'theirs.txt')].sort());
    expect(temp.store.batches.list()).to.deep.equal([]);
    expect(temp.store.db.prepare('SELECT COUNT(*) AS n FROM credentials').get()).to.deep.equal({ n: 0 });
  });

  it('refuses to issue the same learners the same achievement again, writing nothing; with `again` issues a separate batch', async () => {
    const first = await issue();
    const error = await issue().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(AlreadyIssuedError);
    expect(error).to.include({ count: 25, achievementId: (TEMPLATE as { id: string }).id });
    expect((error as AlreadyIssuedError).batchIds).to.deep.equal([first.batchId]);
    expect((error as AlreadyIssuedError).learnerIds).to.deep.equal(['S2025-0001', 'S2025-0002', 'S2025-0003', 'S2025-0004', 'S2025-0005']);
    expect(temp.store.batches.list().map((b) => b.id)).to.deep.equal([first.batchId]);
    expect(readdirSync(out)).to.deep.equal([first.batchId]);

    const second = await issue({ again: true });
    expect(second.reissued).to.equal(25);
    expect(second.batchId).to.not.equal(first.batchId);
    expect(second.root).to.not.equal(first.root);
    expect(temp.store.credentials.byLearner('S2025-0001')).to.have.length(2);
    // Another achievement for the same learners is no re-issue.
    const other = await issue({ template: { ...(TEMPLATE as object), id: 'https://credentials.example.edu/achievements/other' } });
    expect(other.reissued).to.equal(0);
  });
});
