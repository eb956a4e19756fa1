import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreMissingError } from './errors.js';
import { migrate } from './migrate.js';
import { StorePaths, canonicalPath } from './paths.js';
import { BatchTable } from './tables/batches.js';
import { CredentialTable } from './tables/credentials.js';
import { IssuerTable } from './tables/issuers.js';
import { JournalTable } from './tables/journal.js';
import { AnchorView, BatchRevocationView, StatusActionView } from './tables/journalViews.js';
import { RegistryTable } from './tables/registries.js';

/** Where the store lives inside the issuer's working folder. */
export const STORE_DIR = '.microcred';
export const STORE_FILE = 'store.db';

export interface OpenStoreOptions {
  /** The database file (default `<dir>/.microcred/store.db`). */
  file?: string;
  /**
   * Whether to create the store when the file does not exist (default true). Commands that only read or act
   * on what was issued pass false: a store made by accident would hide that they ran in the wrong folder.
   */
  create?: boolean;
}

/**
 * The issuer's local record of everything it issued: issuers, registries, batches, their anchors, each
 * credential and every revocation (of one credential or a whole batch) or suspension, with the
 * transactions behind them. One SQLite file,
 * synchronous, every write in a transaction.
 */
export class IssuerStore {
  readonly issuers: IssuerTable;
  readonly registries: RegistryTable;
  readonly batches: BatchTable;
  readonly credentials: CredentialTable;
  /** Every chain write (anchors, whole-batch revocations, status actions), from intent to confirmation. */
  readonly journal: JournalTable;
  /** The journal's anchors, read as anchors. */
  readonly anchors: AnchorView;
  /** The journal's revocations, suspensions and their lifting, read per credential. */
  readonly actions: StatusActionView;
  /** The journal's whole-batch revocations, read per batch. */
  readonly batchRevocations: BatchRevocationView;

  constructor(
    readonly db: Database.Database,
    /** The working folder: paths inside it are stored relative to it. */
    readonly root: string,
    readonly file: string,
  ) {
    const paths = new StorePaths(root);
    this.issuers = new IssuerTable(db);
    this.registries = new RegistryTable(db);
    this.batches = new BatchTable(db, paths);
    this.credentials = new CredentialTable(db, paths);
    this.journal = new JournalTable(db);
    this.anchors = new AnchorView(db);
    this.actions = new StatusActionView(db);
    this.batchRevocations = new BatchRevocationView(db);
  }

  /** Runs `fn` in one transaction (nested calls become savepoints): all of its writes or none. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /**
   * Begins a transaction that can span `await`s (`transaction` takes a synchronous function): for a unit
   * of work too large to hold in memory until its end, such as a batch of a million credentials whose rows
   * are inserted as its files are written. Until `commit`, the rows are no one else's to see, and other
   * writers wait (busy_timeout) or fail; `rollback` (or a crash) leaves none of them. `transaction` calls
   * inside it become savepoints.
   */
  begin(): StoreTransaction {
    this.db.exec('BEGIN IMMEDIATE');
    return {
      commit: () => this.db.exec('COMMIT'),
      rollback: () => {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
      },
    };
  }

  close(): void {
    this.db.close();
  }
}

export interface StoreTransaction {
  commit(): void;
  /** Undoes the transaction's writes; nothing happens when it is already over. */
  rollback(): void;
}

/**
 * Opens the store of the working folder `dir`, creating it (and `.microcred/`) on first use and bringing
 * its schema up to date.
 *
 * @throws StoreVersionError if a newer microcred wrote it
 * @throws StoreMissingError with `create: false`, if there is no store file (nothing is created then)
 * @example
 * const store = openStore(process.cwd())
 * const [credential] = store.credentials.byLearner('S2025-0001')
 */
export function openStore(dir: string, { file, create = true }: OpenStoreOptions = {}): IssuerStore {
  const root = canonicalPath(dir);
  const dbFile = file ? path.resolve(file) : path.join(root, STORE_DIR, STORE_FILE);
  if (!create && !existsSync(dbFile)) throw new StoreMissingError(root, dbFile);
  mkdirSync(path.dirname(dbFile), { recursive: true });
  const db = new Database(dbFile);
  try {
    // WAL lets a `status` read while an `anchor` writes. synchronous=FULL makes each commit durable before
    // the next step runs: an intent must survive a power cut, not just a killed process, before we send.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Another CLI process may hold the write lock for a moment; wait rather than fail with SQLITE_BUSY.
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return new IssuerStore(db, root, dbFile);
}
