import type { Database, Statement } from 'better-sqlite3';
import { type StorePaths, canonicalPath } from '../paths.js';
import { type StoredCredential, withoutNulls } from '../types.js';

const COLUMNS = `id, batch_id AS batchId, idx AS "index", learner_id AS learnerId, learner_name AS learnerName,
  learner_email AS learnerEmail, digest, salts, file`;

/** A credential row as inserted: the same fields as it reads back. */
export type NewCredential = StoredCredential;

export class CredentialTable {
  readonly #insert: Statement;
  readonly #get: Statement;
  readonly #byLearner: Statement;
  readonly #byFile: Statement;
  readonly #byBatch: Statement;
  readonly #byIndex: Statement;

  constructor(private readonly db: Database, private readonly paths: StorePaths) {
    this.#insert = db.prepare(`INSERT INTO credentials
      (id, batch_id, idx, learner_id, learner_name, learner_email, digest, salts, file)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.#get = db.prepare(`SELECT ${COLUMNS} FROM credentials WHERE id = ?`);
    // Learner ids are unique in a roster ignoring case (they name files), so lookups ignore case too.
    this.#byLearner = db.prepare(`SELECT c.id, c.batch_id AS batchId, c.idx AS "index", c.learner_id AS learnerId,
        c.learner_name AS learnerName, c.learner_email AS learnerEmail, c.digest, c.salts, c.file
      FROM credentials c JOIN batches b ON b.id = c.batch_id
      WHERE c.learner_id = ? COLLATE NOCASE ORDER BY b.created_at, c.batch_id`);
    this.#byFile = db.prepare(`SELECT ${COLUMNS} FROM credentials WHERE file = ?`);
    this.#byBatch = db.prepare(`SELECT ${COLUMNS} FROM credentials WHERE batch_id = ? ORDER BY idx`);
    this.#byIndex = db.prepare(`SELECT ${COLUMNS} FROM credentials WHERE batch_id = ? AND idx = ?`);
  }

  /** Inserts all of `credentials` or none of them. */
  insertMany(credentials: readonly NewCredential[]): void {
    this.db.transaction(() => {
      // Positional parameters, no object per row: a million rows are inserted on the issuing path.
      for (const { id, batchId, index, learnerId, learnerName, learnerEmail, digest, salts, file } of credentials) {
        this.#insert.run(id, batchId, index, learnerId, learnerName, learnerEmail ?? null, digest.toLowerCase(), JSON.stringify(salts), this.paths.toStored(file));
      }
    })();
  }

  get(id: string): StoredCredential | undefined {
    return this.#toCredential(this.#get.get(id));
  }

  /** Every credential issued to `learnerId` (ignoring case), oldest batch first. */
  byLearner(learnerId: string): StoredCredential[] {
    return this.#byLearner.all(learnerId).map((row) => this.#toCredential(row)!);
  }

  /** The credential written to `file` (any path to it: relative, absolute, through a symlink). */
  byFile(file: string): StoredCredential | undefined {
    return this.#toCredential(this.#byFile.get(this.paths.toStored(canonicalPath(file))));
  }

  byBatch(batchId: string): StoredCredential[] {
    return this.#byBatch.all(batchId).map((row) => this.#toCredential(row)!);
  }

  byIndex(batchId: string, index: number): StoredCredential | undefined {
    return this.#toCredential(this.#byIndex.get(batchId, index));
  }

  #toCredential(row: unknown): StoredCredential | undefined {
    if (!row) return undefined;
    const credential = withoutNulls<StoredCredential & { salts: string }>(row as Record<string, unknown>);
    return { ...credential, salts: JSON.parse(credential.salts) as unknown, file: this.paths.toAbsolute(credential.file) };
  }
}
