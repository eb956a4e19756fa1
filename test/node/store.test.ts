import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import type { Address, Hex } from 'viem';
import {
  type IssuerStore,
  MIGRATIONS,
  StoreVersionError,
  migrate,
  openStore,
  schemaVersion,
} from '../../src/node/store/index.js';

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

    store.anchors.recordIntent(key, 12);
    expect(store.anchors.get(key)).to.include({ state: 'intent', fromBlock: 12 });
    expect(store.anchors.get(key)!.registry).to.equal('0x5FbDB2315678afecb367f032d93F642f64180aa3');
    expect(store.registries.get(CHAIN, REGISTRY)).to.not.equal(undefined);
    expect(store.batches.get('b1')!.state).to.equal('anchoring');
    expect(() => store.anchors.recordIntent(key, 13)).to.throw(/UNIQUE|PRIMARY KEY/);

    store.anchors.recordSent(key, root(77));
    expect(store.anchors.get(key)).to.include({ state: 'sent', txHash: root(77) });
    expect(store.anchors.unfinished()).to.have.length(1);

    store.anchors.recordConfirmed(key, { blockNumber: 14, anchoredAt: '2025-07-01T00:00:00.000Z' });
    expect(store.anchors.get(key)).to.include({ state: 'confirmed', txHash: root(77), blockNumber: 14 });
    expect(store.batches.get('b1')!.state).to.equal('anchored');
    expect(() => store.anchors.recordSent(key, root(78))).to.throw(/No unconfirmed anchor/);
    expect(store.anchors.unfinished()).to.have.length(1);

    store.anchors.recordFilesUpdated(key);
    expect(store.anchors.get(key)!.filesUpdatedAt).to.be.a('string');
    expect(store.anchors.unfinished()).to.deep.equal([]);
    expect(store.anchors.forBatch('b1')).to.have.length(1);
    expect(store.batches.counts('b1')).to.deep.equal({ credentials: 3, revoked: 0, batchRevoked: false, suspended: 0, anchors: 1 });
  });

  it('refuses files-updated before confirmation and a confirmation with no intent', () => {
    addBatch('b1', 1);
    const key = { batchId: 'b1', chain: CHAIN, registry: REGISTRY };
    expect(() => store.anchors.recordConfirmed(key, { anchoredAt: 'x' })).to.throw(/No anchor/);
    store.anchors.recordIntent(key, 1);
    expect(() => store.anchors.recordFilesUpdated(key)).to.throw(/No confirmed anchor/);
    // A second chain does not reset an anchored batch's state.
    store.anchors.recordConfirmed(key, { anchoredAt: '2025-07-01T00:00:00.000Z' });
    store.anchors.recordIntent({ ...key, chain: 'eip155:11155111' }, 1);
    expect(store.batches.get('b1')!.state).to.equal('anchored');
  });

  it('journals revocations and suspensions and counts them per batch', () => {
    addBatch('b1', 1);
    const base = { reason: 1, chain: CHAIN, registry: REGISTRY, fromBlock: 3 };
    const revoke = store.actions.recordIntent({ ...base, credentialIds: ['urn:uuid:b1-0', 'urn:uuid:b1-1'], kind: 'revoke', note: 'error' });
    expect(revoke.map((a) => [a.credentialId, a.state, a.note])).to.deep.equal([
      ['urn:uuid:b1-0', 'intent', 'error'],
      ['urn:uuid:b1-1', 'intent', 'error'],
    ]);
    store.actions.recordSent(revoke.map((a) => a.id), root(5));
    expect(store.batches.counts('b1').revoked).to.equal(0);
    store.actions.recordConfirmed(revoke.map((a) => a.id), { blockNumber: 9 });
    expect(store.actions.get(revoke[0]!.id)).to.include({ state: 'confirmed', txHash: root(5), blockNumber: 9 });

    const suspend = store.actions.recordIntent({ ...base, credentialIds: ['urn:uuid:b1-2'], kind: 'suspend' });
    store.actions.recordConfirmed([suspend[0]!.id], { txHash: root(6), blockNumber: 10 });
    expect(store.batches.counts('b1')).to.include({ revoked: 2, suspended: 1 });
    const lift = store.actions.recordIntent({ ...base, credentialIds: ['urn:uuid:b1-2'], kind: 'unsuspend' });
    expect(store.actions.unfinished().map((a) => a.id)).to.deep.equal([lift[0]!.id]);
    store.actions.recordConfirmed([lift[0]!.id], { txHash: root(8), blockNumber: 11 });
    expect(store.batches.counts('b1')).to.include({ revoked: 2, suspended: 0 });
    expect(store.actions.forCredential('urn:uuid:b1-2').map((a) => a.kind)).to.deep.equal(['suspend', 'unsuspend']);
    const never = store.actions.recordIntent({ ...base, credentialIds: ['urn:uuid:b1-0'], kind: 'suspend' });
    store.actions.recordAbandoned([never[0]!.id]);
    expect(store.actions.get(never[0]!.id)!.state).to.equal('abandoned');
    expect(store.actions.unfinished()).to.deep.equal([]);
    expect(store.batches.counts('b1')).to.include({ suspended: 0 });
    // Abandoned and confirmed actions are settled: nothing moves them again.
    store.actions.recordSent([never[0]!.id], root(9));
    store.actions.recordAbandoned([revoke[0]!.id]);
    expect(store.actions.get(never[0]!.id)!.state).to.equal('abandoned');
    expect(store.actions.get(revoke[0]!.id)!.state).to.equal('confirmed');
    expect(() => store.actions.recordIntent({ ...base, credentialIds: ['urn:uuid:nope'], kind: 'revoke' })).to.throw(/FOREIGN KEY/);
    expect(() => store.actions.recordIntent({ ...base, reason: 256, credentialIds: ['urn:uuid:b1-0'], kind: 'revoke' })).to.throw(/CHECK/);
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
