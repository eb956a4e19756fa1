import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { type Address, type Hex, getAddress } from 'viem';
import {
  type IssuerStore,
  JournalError,
  MIGRATIONS,
  StoreError,
  StoreVersionError,
  StoreWriteError,
  migrate,
  openStore,
  schemaVersion,
} from '../../src/node/store/index.js';
import { MicrocredError } from '../../src/core/errors.js';

const ISSUER = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266' as Address;
const ISSUER_CHECKSUMMED = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const REGISTRY = '0x5fbdb2315678afecb367f032d93f642f64180aa3' as Address;
const CHAIN = 'eip155:31337';
const root = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex;

describe('store: opening and migrations', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'microcred-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates <dir>/.microcred/store.db in WAL mode at the latest schema version', () => {
    const store = openStore(dir);
    try {
      expect(existsSync(path.join(dir, '.microcred', 'store.db'))).to.equal(true);
      expect(store.db.pragma('journal_mode', { simple: true })).to.equal('wal');
      expect(store.db.pragma('foreign_keys', { simple: true })).to.equal(1);
      expect(schemaVersion(store.db)).to.equal(MIGRATIONS.at(-1)!.version);
    } finally {
      store.close();
    }
  });

  it('applies nothing when reopened, and keeps the data', () => {
    const first = openStore(dir);
    first.issuers.upsert({ address: ISSUER, name: 'Uni' });
    first.close();
    const second = openStore(dir);
    try {
      expect(migrate(second.db)).to.deep.equal([]);
      expect(second.issuers.get(ISSUER)?.name).to.equal('Uni');
      const rows = second.db.prepare('SELECT version FROM schema_migrations').all();
      expect(rows).to.deep.equal(MIGRATIONS.map(({ version }) => ({ version })));
    } finally {
      second.close();
    }
  });

  it('upgrades an older store with only the new migrations, and rolls back a failing one whole', () => {
    const db = new Database(path.join(dir, 'db.sqlite'));
    try {
      expect(migrate(db, MIGRATIONS.slice(0, 1))).to.deep.equal([1]);
      const broken = [...MIGRATIONS, { version: 99, name: 'broken', sql: 'CREATE TABLE t (x); SELECT nope FROM missing;' }];
      expect(() => migrate(db, broken)).to.throw(/no such table: missing/);
      expect(schemaVersion(db)).to.equal(MIGRATIONS.at(-1)!.version);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 't'").get()).to.equal(undefined);

      const next = [...MIGRATIONS, { version: 99, name: 'add notes', sql: 'ALTER TABLE issuers ADD COLUMN notes TEXT;' }];
      expect(migrate(db, next)).to.deep.equal([99]);
      expect(schemaVersion(db)).to.equal(99);
      expect(() => migrate(db)).to.throw(StoreVersionError, /schema version 99/);
    } finally {
      db.close();
    }
  });

  it('a store of schema 1 (before whole-batch revocations) opens at the latest schema with its data', () => {
    const file = path.join(dir, '.microcred', 'store.db');
    mkdirSync(path.dirname(file), { recursive: true });
    const old = new Database(file);
    migrate(old, MIGRATIONS.slice(0, 1));
    old.prepare("INSERT INTO issuers (address, name, created_at) VALUES (?, 'Uni', '2026-01-01T00:00:00Z')").run(ISSUER_CHECKSUMMED);
    old.close();
    const store = openStore(dir);
    try {
      expect(schemaVersion(store.db)).to.equal(MIGRATIONS.at(-1)!.version);
      expect(store.issuers.get(ISSUER)?.name).to.equal('Uni');
      expect(store.batchRevocations.unfinished()).to.deep.equal([]);
    } finally {
      store.close();
    }
  });

  describe('version 4: one write journal', () => {
    // The three journals of versions 1-3, read with the queries the store used before version 4.
    const OLD_READS = {
      anchors: `SELECT batch_id AS batchId, chain, registry, state, from_block AS fromBlock, tx_hash AS txHash,
        block_number AS blockNumber, anchored_at AS anchoredAt, files_updated_at AS filesUpdatedAt,
        created_at AS createdAt, updated_at AS updatedAt FROM anchors WHERE batch_id = ? ORDER BY created_at, chain, registry`,
      batchRevocations: `SELECT batch_id AS batchId, chain, registry, reason, note, state, from_block AS fromBlock, tx_hash AS txHash,
        block_number AS blockNumber, created_at AS createdAt, updated_at AS updatedAt
        FROM batch_revocations WHERE batch_id = ? ORDER BY created_at, chain, registry`,
      actions: `SELECT id, credential_id AS credentialId, kind, reason, note, chain, registry, state, from_block AS fromBlock,
        tx_hash AS txHash, block_number AS blockNumber, created_at AS createdAt, confirmed_at AS confirmedAt
        FROM status_actions WHERE credential_id = ? ORDER BY id`,
    };
    const SEPOLIA = 'eip155:11155111';
    const REG = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
    const t = (n: number) => `2026-01-01T00:00:${String(n).padStart(2, '0')}.000Z`;
    const credentialIds = ['b1', 'b2'].flatMap((batch) => [0, 1, 2].map((index) => `urn:uuid:${batch}-${index}`));

    /** A store at version 3 holding rows in every state the three old journals allow. */
    function versionThreeStore(file: string): Database.Database {
      mkdirSync(path.dirname(file), { recursive: true });
      const db = new Database(file);
      db.pragma('foreign_keys = ON');
      migrate(db, MIGRATIONS.slice(0, 3));
      db.prepare('INSERT INTO issuers VALUES (?, ?, ?)').run(ISSUER_CHECKSUMMED, 'Uni', t(0));
      for (const chain of [CHAIN, SEPOLIA]) db.prepare('INSERT INTO registries (chain, address, created_at) VALUES (?, ?, ?)').run(chain, REG, t(0));
      for (const [i, id] of ['b1', 'b2'].entries()) {
        db.prepare(`INSERT INTO batches (id, issuer, root, size, state, dir, created_at) VALUES (?, ?, ?, 3, ?, ?, ?)`).run(
          id, ISSUER_CHECKSUMMED, root(i + 1), i === 0 ? 'anchored' : 'anchoring', `credentials/${id}`, t(1));
        for (const index of [0, 1, 2]) {
          db.prepare(`INSERT INTO credentials (id, batch_id, idx, learner_id, learner_name, digest, salts, file)
            VALUES (?, ?, ?, ?, 'L', ?, '{}', ?)`).run(`urn:uuid:${id}-${index}`, id, index, `s${index}`, root(100 + index), `credentials/${id}/s${index}.json`);
        }
      }
      const anchor = db.prepare(`INSERT INTO anchors VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      anchor.run('b1', CHAIN, REG, 'confirmed', 10, root(11), 11, t(2), t(3), t(2), t(3));
      anchor.run('b1', SEPOLIA, REG, 'sent', 500, root(12), null, null, null, t(4), t(4));
      anchor.run('b2', CHAIN, REG, 'intent', 20, null, null, null, null, t(5), t(5));
      const revocation = db.prepare(`INSERT INTO batch_revocations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      revocation.run('b1', CHAIN, REG, 2, 'course withdrawn', 'confirmed', 30, root(31), 31, t(6), t(7));
      revocation.run('b2', CHAIN, REG, 0, null, 'intent', 32, null, null, t(8), t(8));
      const action = db.prepare(`INSERT INTO status_actions
        (id, credential_id, kind, reason, note, chain, registry, state, from_block, tx_hash, block_number, created_at, confirmed_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      action.run(3, 'urn:uuid:b1-0', 'revoke', 1, 'error', CHAIN, REG, 'confirmed', 12, root(13), 13, t(9), t(10));
      action.run(4, 'urn:uuid:b1-1', 'suspend', 0, null, CHAIN, REG, 'abandoned', 14, null, null, t(11), null);
      action.run(7, 'urn:uuid:b1-1', 'suspend', 4, null, CHAIN, REG, 'confirmed', 15, root(16), 16, t(12), t(13));
      action.run(8, 'urn:uuid:b1-1', 'unsuspend', 0, null, CHAIN, REG, 'sent', 17, root(18), null, t(14), null);
      action.run(9, 'urn:uuid:b2-2', 'suspend', 3, 'asked', SEPOLIA, REG, 'confirmed', 19, root(20), 20, t(15), t(16));
      action.run(12, 'urn:uuid:b2-0', 'revoke', 5, 'fraud', CHAIN, REG, 'intent', 21, null, null, t(17), null);
      return db;
    }

    const rows = (db: Database.Database, sql: string, key: string) =>
      (db.prepare(sql).all(key) as Record<string, unknown>[]).map((row) => Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null)));

    it('carries every row of the three journals over exactly, and the counts with them', () => {
      const file = path.join(dir, '.microcred', 'store.db');
      const old = versionThreeStore(file);
      const before = {
        anchors: ['b1', 'b2'].map((id) => rows(old, OLD_READS.anchors, id)),
        batchRevocations: ['b1', 'b2'].map((id) => rows(old, OLD_READS.batchRevocations, id)),
        actions: credentialIds.map((id) => rows(old, OLD_READS.actions, id)),
      };
      old.close();
      expect(before.actions.flat()).to.have.length(6);

      const store = openStore(dir);
      try {
        expect(schemaVersion(store.db)).to.equal(MIGRATIONS.at(-1)!.version);
        expect(['b1', 'b2'].map((id) => store.anchors.forBatch(id))).to.deep.equal(before.anchors);
        expect(['b1', 'b2'].map((id) => store.batchRevocations.forBatch(id))).to.deep.equal(before.batchRevocations);
        expect(credentialIds.map((id) => store.actions.forCredential(id))).to.deep.equal(before.actions);
        // Status actions keep their ids; every row says its batch and kind.
        expect(store.journal.get(12)).to.include({ kind: 'revoke', batchId: 'b2', credentialId: 'urn:uuid:b2-0', state: 'intent', note: 'fraud' });
        expect(store.journal.unfinished().map((e) => [e.kind, e.batchId, e.state])).to.deep.equal([
          ['unsuspend', 'b1', 'sent'],
          ['revoke', 'b2', 'intent'],
          ['anchor', 'b1', 'sent'],
          ['anchor', 'b2', 'intent'],
          ['revoke-batch', 'b2', 'intent'],
        ]);
        expect(store.batches.counts('b1')).to.deep.equal({ credentials: 3, revoked: 3, batchRevoked: true, suspended: 1, anchors: 1 });
        expect(store.batches.counts('b2')).to.deep.equal({ credentials: 3, revoked: 0, batchRevoked: false, suspended: 1, anchors: 0 });
        const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('anchors', 'batch_revocations', 'status_actions')").all();
        expect(tables).to.deep.equal([]);
        // Ids keep growing after the carried-over rows.
        const [next] = store.journal.recordIntents([{ kind: 'suspend', batchId: 'b2', credentialId: 'urn:uuid:b2-1', reason: 0, chain: CHAIN, registry: REG as Address, fromBlock: 40 }]);
        expect(next!.id).to.be.greaterThan(12);
      } finally {
        store.close();
      }
    });

    it('leaves a version-3 store as it was when the migration fails part-way', () => {
      const file = path.join(dir, '.microcred', 'store.db');
      const old = versionThreeStore(file);
      // An index of that name elsewhere makes migration 4 fail after its journal table was created.
      old.exec('CREATE TABLE guard (x); CREATE INDEX journal_unfinished ON guard (x);');
      old.close();
      expect(() => openStore(dir)).to.throw(/journal_unfinished already exists/);
      const db = new Database(file);
      try {
        expect(schemaVersion(db)).to.equal(3);
        expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'journal'").get()).to.equal(undefined);
        expect(db.prepare('SELECT COUNT(*) AS n FROM status_actions').get()).to.deep.equal({ n: 6 });
        expect(db.prepare('SELECT COUNT(*) AS n FROM anchors').get()).to.deep.equal({ n: 3 });
      } finally {
        db.close();
      }
    });
  });

  describe('version 5: the nonce and every hash sent for an entry', () => {
    it('keeps version-4 entries as they were (no nonce, no replacements), and journals replacements after', () => {
      const file = path.join(dir, '.microcred', 'store.db');
      mkdirSync(path.dirname(file), { recursive: true });
      const old = new Database(file);
      old.pragma('foreign_keys = ON');
      migrate(old, MIGRATIONS.slice(0, 4));
      old.prepare('INSERT INTO issuers VALUES (?, ?, ?)').run(ISSUER_CHECKSUMMED, 'Uni', 'then');
      old.prepare(`INSERT INTO batches (id, issuer, root, size, state, dir, created_at) VALUES ('b1', ?, ?, 3, 'anchoring', 'credentials/b1', 'then')`).run(ISSUER_CHECKSUMMED, root(1));
      old.prepare('INSERT INTO registries (chain, address, created_at) VALUES (?, ?, ?)').run(CHAIN, getAddress(REGISTRY), 'then');
      old.prepare(`INSERT INTO journal (kind, batch_id, chain, registry, state, from_block, tx_hash, created_at, updated_at)
        VALUES ('anchor', 'b1', ?, ?, 'sent', 7, ?, 'then', 'then')`).run(CHAIN, getAddress(REGISTRY), root(70));
      const before = old.prepare('SELECT * FROM journal').all();
      old.close();

      const store = openStore(dir);
      try {
        expect(schemaVersion(store.db)).to.equal(5);
        const [entry] = store.journal.unfinished();
        expect(entry).to.include({ kind: 'anchor', state: 'sent', txHash: root(70) }).and.not.have.any.keys('nonce', 'replacedTxHashes');
        expect(store.db.prepare('SELECT * FROM journal').all()).to.deep.equal(before.map((row) => ({ ...(row as object), nonce: null, replaced_tx_hashes: null })));
        // A replacement keeps the hash it replaces; the one mined is the one confirmed.
        store.journal.recordReplaced([entry!.id], root(71));
        store.journal.recordReplaced([entry!.id], root(72));
        expect(store.journal.get(entry!.id)).to.include({ txHash: root(72) }).and.deep.include({ replacedTxHashes: [root(70), root(71)] });
        store.journal.recordConfirmed([entry!.id], { txHash: root(71), blockNumber: 9 });
        expect(store.journal.get(entry!.id)).to.include({ state: 'confirmed', txHash: root(71) }).and.deep.include({ replacedTxHashes: [root(70), root(71)] });
        expect(() => store.journal.recordReplaced([entry!.id], root(73))).to.throw(JournalError);
        const [next] = store.journal.recordIntents([{ kind: 'revoke-batch', batchId: 'b1', reason: 0, chain: CHAIN, registry: REGISTRY, fromBlock: 10 }]);
        store.journal.recordSent([next!.id], root(80), 4);
        expect(store.journal.get(next!.id)).to.include({ state: 'sent', nonce: 4, txHash: root(80) }).and.not.have.property('replacedTxHashes');
      } finally {
        store.close();
      }
    });
  });

  it('store errors are MicrocredErrors', () => {
    openStore(dir).close();
    const db = new Database(path.join(dir, '.microcred', 'store.db'));
    db.prepare("INSERT INTO schema_migrations VALUES (1000, 'future', 'now')").run();
    db.close();
    const error = (() => {
      try {
        openStore(dir);
      } catch (e) {
        return e;
      }
    })();
    expect(error).to.be.instanceOf(StoreVersionError).and.instanceOf(StoreError).and.instanceOf(MicrocredError);
  });

  it('refuses a store written by a newer version', () => {
    openStore(dir).close();
    const db = new Database(path.join(dir, '.microcred', 'store.db'));
    db.prepare("INSERT INTO schema_migrations VALUES (1000, 'future', 'now')").run();
    db.close();
    expect(() => openStore(dir)).to.throw(StoreVersionError);
  });

  it('accepts another database file', () => {
    const store = openStore(dir, { file: path.join(dir, 'elsewhere', 'x.db') });
    store.close();
    expect(existsSync(path.join(dir, 'elsewhere', 'x.db'))).to.equal(true);
    expect(existsSync(path.join(dir, '.microcred'))).to.equal(false);
  });
});

describe('store: records', () => {
  let dir: string;
  let store: IssuerStore;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'microcred-store-'));
    store = openStore(dir);
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function addBatch(id: string, n: number, size = 3) {
    store.issuers.upsert({ address: ISSUER, name: 'Uni' });
    const batchDir = path.join(dir, 'credentials', id);
    store.batches.insert({ id, issuer: ISSUER, root: root(n), size, dir: batchDir, achievement: 'Course' });
    store.credentials.insertMany(
      Array.from({ length: size }, (_, index) => ({
        id: `urn:uuid:${id}-${index}`,
        batchId: id,
        index,
        learnerId: `s${index}`,
        learnerName: `Learner ${index}`,
        ...(index === 0 ? { learnerEmail: 'a@example.org' } : {}),
        digest: root(1000 + index),
        salts: { name: `salt${index}` },
        file: path.join(batchDir, `s${index}.json`),
      })),
    );
  }

  it('upserts issuers by checksummed address, keeping the address and updating the name', () => {
    const created = store.issuers.upsert({ address: ISSUER, name: 'Uni' });
    expect(created.address).to.equal(ISSUER_CHECKSUMMED);
    store.issuers.upsert({ address: ISSUER_CHECKSUMMED as Address, name: 'Uni (renamed)' });
    expect(store.issuers.list().map(({ address, name }) => ({ address, name }))).to.deep.equal([
      { address: ISSUER_CHECKSUMMED, name: 'Uni (renamed)' },
    ]);
  });

  it('keeps a registry deployment when the registry is recorded again without one', () => {
    store.registries.upsert({ chain: CHAIN, address: REGISTRY, deployTx: root(7), deployedAt: '2025-01-01T00:00:00Z' });
    store.registries.upsert({ chain: CHAIN, address: REGISTRY });
    expect(store.registries.get(CHAIN, REGISTRY)).to.include({ deployTx: root(7), deployedAt: '2025-01-01T00:00:00Z' });
    expect(store.registries.list()).to.have.length(1);
  });

  it('stores batches and finds them by id, by (issuer, root), and lists them', () => {
    addBatch('b1', 1);
    addBatch('b2', 2, 2);
    expect(store.batches.get('b1')).to.include({ id: 'b1', issuer: ISSUER_CHECKSUMMED, root: root(1), size: 3, state: 'built' });
    expect(store.batches.get('b1')!.dir).to.equal(path.join(store.root, 'credentials', 'b1'));
    expect(store.batches.byRoot(ISSUER, root(2))?.id).to.equal('b2');
    expect(store.batches.byRoot(REGISTRY, root(2))).to.equal(undefined);
    expect(store.batches.list().map((b) => b.id)).to.deep.equal(['b1', 'b2']);
    expect(() => store.batches.insert({ id: 'b3', issuer: ISSUER, root: root(1), size: 1, dir: dir })).to.throw(/UNIQUE/);
    expect(() => store.batches.setState('b1', 'lost' as never)).to.throw(/CHECK/);
  });

  it('finds credentials by id, learner (ignoring case), file (any path to it), batch and index', () => {
    addBatch('b1', 1);
    addBatch('b2', 2, 2);
    const credential = store.credentials.get('urn:uuid:b1-0')!;
    expect(credential).to.deep.equal({
      id: 'urn:uuid:b1-0',
      batchId: 'b1',
      index: 0,
      learnerId: 's0',
      learnerName: 'Learner 0',
      learnerEmail: 'a@example.org',
      digest: root(1000),
      salts: { name: 'salt0' },
      file: path.join(store.root, 'credentials', 'b1', 's0.json'),
    });
    expect(store.credentials.byLearner('S1').map((c) => c.id)).to.deep.equal(['urn:uuid:b1-1', 'urn:uuid:b2-1']);
    expect(store.credentials.byBatch('b1').map((c) => c.index)).to.deep.equal([0, 1, 2]);
    expect(store.credentials.byIndex('b2', 1)?.id).to.equal('urn:uuid:b2-1');

    // Inside the working folder the path is stored relative to it, so the folder can move.
    const raw = store.db.prepare("SELECT file FROM credentials WHERE id = 'urn:uuid:b1-0'").get() as { file: string };
    expect(raw.file).to.equal('credentials/b1/s0.json');

    mkdirSync(path.join(dir, 'credentials', 'b1'), { recursive: true });
    symlinkSync(path.join(dir, 'credentials'), path.join(dir, 'link'));
    const cwd = process.cwd();
    try {
      process.chdir(path.join(dir, 'credentials'));
      expect(store.credentials.byFile('b1/s0.json')?.id).to.equal('urn:uuid:b1-0');
    } finally {
      process.chdir(cwd);
    }
    expect(store.credentials.byFile(path.join(dir, 'link', 'b1', 's0.json'))?.id).to.equal('urn:uuid:b1-0');
    expect(store.credentials.byFile(path.join(dir, 'credentials', 'b1', 'nope.json'))).to.equal(undefined);
  });

  it('keeps a path outside the working folder absolute', () => {
    addBatch('b1', 1, 1);
    const outside = mkdtempSync(path.join(tmpdir(), 'microcred-outside-'));
    try {
      store.batches.insert({ id: 'b9', issuer: ISSUER, root: root(9), size: 1, dir: outside });
      const raw = store.db.prepare("SELECT dir FROM batches WHERE id = 'b9'").get() as { dir: string };
      expect(path.isAbsolute(raw.dir)).to.equal(true);
      expect(store.batches.get('b9')!.dir).to.equal(raw.dir);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('inserts a batch of credentials all or nothing', () => {
    addBatch('b1', 1, 1);
    const fresh = (index: number) => ({
      id: `urn:uuid:x-${index}`,
      batchId: 'b1',
      index: 5,
      learnerId: 'x',
      learnerName: 'X',
      digest: root(1),
      salts: {},
      file: path.join(dir, `x${index}.json`),
    });
    expect(() => store.credentials.insertMany([fresh(1), fresh(2)])).to.throw(/UNIQUE/);
    expect(store.credentials.byBatch('b1')).to.have.length(1);
    expect(() => store.credentials.insertMany([{ ...fresh(3), batchId: 'nope' }])).to.throw(/FOREIGN KEY/);
  });

  it('journals an anchor from intent to files updated, moving the batch from built to anchored', () => {
    addBatch('b1', 1);
    const key = { batchId: 'b1', chain: CHAIN, registry: REGISTRY };
    expect(store.anchors.get(key)).to.equal(undefined);

    const [intent] = store.journal.recordIntents([{ kind: 'anchor', ...key, fromBlock: 12 }]);
    expect(store.anchors.get(key)).to.include({ state: 'intent', fromBlock: 12 });
    expect(store.anchors.get(key)!.registry).to.equal('0x5FbDB2315678afecb367f032d93F642f64180aa3');
    expect(store.registries.get(CHAIN, REGISTRY)).to.not.equal(undefined);
    expect(store.batches.get('b1')!.state).to.equal('anchoring');
    const second = (() => store.journal.recordIntents([{ kind: 'anchor', ...key, fromBlock: 13 }])) as () => unknown;
    expect(second).to.throw(StoreWriteError, /UNIQUE/);

    store.journal.recordSent([intent!.id], root(77));
    expect(store.anchors.get(key)).to.include({ state: 'sent', txHash: root(77) });
    expect(store.anchors.unfinished()).to.have.length(1);

    store.journal.recordConfirmed([intent!.id], { blockNumber: 14, anchoredAt: '2025-07-01T00:00:00.000Z' });
    expect(store.anchors.get(key)).to.include({ state: 'confirmed', txHash: root(77), blockNumber: 14 });
    expect(store.batches.get('b1')!.state).to.equal('anchored');
    expect(() => store.journal.recordSent([intent!.id], root(78))).to.throw(JournalError, `Cannot record a sent transaction: journal entry ${intent!.id} is confirmed, not an intent.`);
    expect(store.anchors.unfinished()).to.have.length(1);

    store.journal.recordFilesUpdated(intent!.id);
    expect(store.anchors.get(key)!.filesUpdatedAt).to.be.a('string');
    expect(store.anchors.unfinished()).to.deep.equal([]);
    expect(store.anchors.forBatch('b1')).to.have.length(1);
    expect(store.batches.counts('b1')).to.deep.equal({ credentials: 3, revoked: 0, batchRevoked: false, suspended: 0, anchors: 1 });

    // Lost from the chain (a reset): the same entry goes back to intent, from a new head.
    store.journal.reopen(intent!.id, 40);
    expect(store.anchors.get(key)).to.include({ state: 'intent', fromBlock: 40 }).and.not.have.any.keys('txHash', 'anchoredAt', 'filesUpdatedAt');
  });

  it('refuses steps out of order, all or none, and sends an abandoned-only batch back to built', () => {
    addBatch('b1', 1);
    addBatch('b2', 2);
    const key = { batchId: 'b1', chain: CHAIN, registry: REGISTRY };
    expect(() => store.journal.recordConfirmed([999], { anchoredAt: 'x' })).to.throw(JournalError, /journal entry 999 is missing, not an intent or sent/);
    const [anchor] = store.journal.recordIntents([{ kind: 'anchor', ...key, fromBlock: 1 }]);
    const [other] = store.journal.recordIntents([{ kind: 'anchor', ...key, batchId: 'b2', fromBlock: 1 }]);
    expect(() => store.journal.recordFilesUpdated(anchor!.id)).to.throw(JournalError, /is intent, not a confirmed anchor/);
    store.journal.recordConfirmed([other!.id], { anchoredAt: '2025-07-01T00:00:00.000Z' });
    // One of the two is settled already: neither moves.
    expect(() => store.journal.recordSent([anchor!.id, other!.id], root(3))).to.throw(JournalError, `journal entry ${other!.id} is confirmed, not an intent`);
    expect(store.journal.get(anchor!.id)!.state).to.equal('intent');

    // Refused before sending: abandoned, out of the anchors' view, the batch built again and free to anchor.
    store.journal.recordAbandoned([anchor!.id]);
    expect(store.batches.get('b1')!.state).to.equal('built');
    expect(store.anchors.forBatch('b1')).to.deep.equal([]);
    const [retry] = store.journal.recordIntents([{ kind: 'anchor', ...key, fromBlock: 2 }]);
    store.journal.recordConfirmed([retry!.id], { anchoredAt: '2025-07-01T00:00:00.000Z' });
    // A second chain does not reset an anchored batch's state.
    store.journal.recordIntents([{ kind: 'anchor', ...key, chain: 'eip155:11155111', fromBlock: 1 }]);
    expect(store.batches.get('b1')!.state).to.equal('anchored');
    expect(store.journal.lastConfirmed('anchor', key)!.id).to.equal(retry!.id);
  });

  it('discards a batch whose only anchor was abandoned, with that entry, and refuses one with a live anchor', () => {
    addBatch('b1', 1);
    addBatch('b2', 2);
    const key = { batchId: 'b1', chain: CHAIN, registry: REGISTRY };
    const [refused] = store.journal.recordIntents([{ kind: 'anchor', ...key, fromBlock: 1 }]);
    store.journal.recordIntents([{ kind: 'anchor', ...key, batchId: 'b2', fromBlock: 1 }]);
    expect(store.batches.markDiscarded('b1')).to.equal(false);
    store.journal.recordAbandoned([refused!.id]);
    expect(store.batches.markDiscarded('b1')).to.equal(true);
    expect(store.batches.removeUnanchored('b1')).to.equal(true);
    expect(store.batches.get('b1')).to.equal(undefined);
    expect(store.journal.get(refused!.id)).to.equal(undefined);
    // An intent may have been sent: that batch stays.
    expect(store.batches.markDiscarded('b2')).to.equal(false);
    expect(store.batches.removeUnanchored('b2')).to.equal(false);
  });

  it('journals revocations and suspensions and counts them per batch', () => {
    addBatch('b1', 1);
    const base = { batchId: 'b1', reason: 1, chain: CHAIN, registry: REGISTRY, fromBlock: 3 };
    const revoke = store.journal.recordIntents(
      ['urn:uuid:b1-0', 'urn:uuid:b1-1'].map((credentialId) => ({ ...base, credentialId, kind: 'revoke' as const, note: 'error' })),
    );
    expect(revoke.map((a) => [a.credentialId, a.state, a.note])).to.deep.equal([
      ['urn:uuid:b1-0', 'intent', 'error'],
      ['urn:uuid:b1-1', 'intent', 'error'],
    ]);
    store.journal.recordSent(revoke.map((a) => a.id), root(5));
    expect(store.batches.counts('b1').revoked).to.equal(0);
    store.journal.recordConfirmed(revoke.map((a) => a.id), { blockNumber: 9 });
    expect(store.actions.get(revoke[0]!.id)).to.include({ state: 'confirmed', txHash: root(5), blockNumber: 9 });

    const [suspend] = store.journal.recordIntents([{ ...base, credentialId: 'urn:uuid:b1-2', kind: 'suspend' }]);
    store.journal.recordConfirmed([suspend!.id], { txHash: root(6), blockNumber: 10 });
    expect(store.batches.counts('b1')).to.include({ revoked: 2, suspended: 1 });
    const [lift] = store.journal.recordIntents([{ ...base, credentialId: 'urn:uuid:b1-2', kind: 'unsuspend' }]);
    expect(store.actions.unfinished().map((a) => a.id)).to.deep.equal([lift!.id]);
    store.journal.recordConfirmed([lift!.id], { txHash: root(8), blockNumber: 11 });
    expect(store.batches.counts('b1')).to.include({ revoked: 2, suspended: 0 });
    expect(store.actions.forCredential('urn:uuid:b1-2').map((a) => a.kind)).to.deep.equal(['suspend', 'unsuspend']);
    const [never] = store.journal.recordIntents([{ ...base, credentialId: 'urn:uuid:b1-0', kind: 'suspend' }]);
    store.journal.recordAbandoned([never!.id]);
    expect(store.actions.get(never!.id)!.state).to.equal('abandoned');
    expect(store.actions.unfinished()).to.deep.equal([]);
    expect(store.batches.counts('b1')).to.include({ suspended: 0 });
    // Abandoned and confirmed entries are settled: nothing moves them again.
    expect(() => store.journal.recordSent([never!.id], root(9))).to.throw(JournalError);
    expect(() => store.journal.recordAbandoned([revoke[0]!.id])).to.throw(JournalError);
    expect(store.actions.get(never!.id)!.state).to.equal('abandoned');
    expect(store.actions.get(revoke[0]!.id)!.state).to.equal('confirmed');
    const intent = (extra: object) => () => store.journal.recordIntents([{ ...base, credentialId: 'urn:uuid:b1-0', kind: 'revoke', ...extra }]);
    expect(intent({ credentialId: 'urn:uuid:nope' })).to.throw(StoreWriteError, /FOREIGN KEY/);
    expect(intent({ reason: 256 })).to.throw(StoreWriteError, /CHECK/);
    // A status entry names its credential and a reason; an anchor names neither.
    expect(intent({ credentialId: undefined })).to.throw(StoreWriteError, /CHECK/);
    expect(() => store.journal.recordIntents([{ ...base, kind: 'anchor' }])).to.throw(StoreWriteError, /CHECK/);
  });

  it('rolls back every write of a store transaction that throws', () => {
    expect(() =>
      store.transaction(() => {
        store.issuers.upsert({ address: ISSUER, name: 'Uni' });
        store.batches.insert({ id: 'b1', issuer: ISSUER, root: root(1), size: 1, dir });
        throw new Error('boom');
      }),
    ).to.throw('boom');
    expect(store.issuers.list()).to.deep.equal([]);
    expect(store.batches.list()).to.deep.equal([]);
  });
});
