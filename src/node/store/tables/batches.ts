import type { Database, Statement } from 'better-sqlite3';
import { type Address, type Hex, getAddress } from 'viem';
import type { StorePaths } from '../paths.js';
import { type BatchCounts, type BatchState, type StoredBatch, withoutNulls } from '../types.js';

const COLUMNS = `id, issuer, root, size, state, dir, roster, achievement, achievement_id AS achievementId, created_at AS createdAt,
  (SELECT created_at FROM batch_discards WHERE batch_id = batches.id) AS discardedAt`;

export interface NewBatch {
  id: string;
  issuer: Address;
  root: Hex;
  size: number;
  /** Absolute path of the folder the credential files are in. */
  dir: string;
  roster?: string;
  achievement?: string;
  /** The achievement template's `id`. */
  achievementId?: string;
}

/** A learner who already holds a credential for an achievement, and the batch it is in. */
export interface EarlierCredential {
  learnerId: string;
  batchId: string;
}

export class BatchTable {
  readonly #insert: Statement;
  readonly #get: Statement;
  readonly #byRoot: Statement;
  readonly #list: Statement;
  readonly #setState: Statement;
  readonly #counts: Statement;
  readonly #removeJournal: Statement;
  readonly #removeCredentials: Statement;
  readonly #remove: Statement;
  readonly #markDiscarded: Statement;
  readonly #removeDiscard: Statement;
  readonly #forAchievement: Statement;

  constructor(private readonly db: Database, private readonly paths: StorePaths) {
    this.#insert = db.prepare(`INSERT INTO batches (id, issuer, root, size, state, dir, roster, achievement, achievement_id, created_at)
      VALUES (@id, @issuer, @root, @size, 'built', @dir, @roster, @achievement, @achievementId, @createdAt)`);
    this.#get = db.prepare(`SELECT ${COLUMNS} FROM batches WHERE id = ?`);
    this.#byRoot = db.prepare(`SELECT ${COLUMNS} FROM batches WHERE issuer = ? AND root = ?`);
    this.#list = db.prepare(`SELECT ${COLUMNS} FROM batches ORDER BY created_at, id`);
    this.#setState = db.prepare('UPDATE batches SET state = ? WHERE id = ?');
    // Abandoned anchors never reached the chain: they go with the batch. Any other anchor keeps it.
    this.#removeJournal = db.prepare(`DELETE FROM journal WHERE batch_id = @id AND kind = 'anchor' AND state = 'abandoned'
      AND NOT EXISTS (SELECT 1 FROM journal WHERE batch_id = @id AND state <> 'abandoned')`);
    this.#removeCredentials = db.prepare(`DELETE FROM credentials WHERE batch_id = @id
      AND NOT EXISTS (SELECT 1 FROM journal WHERE batch_id = @id)`);
    this.#remove = db.prepare(`DELETE FROM batches WHERE id = @id AND state = 'built'
      AND NOT EXISTS (SELECT 1 FROM journal WHERE batch_id = @id)`);
    // Only a batch nothing may have been sent for can be discarded: no anchor entry, not even an intent;
    // abandoned ones (refused, or found never to have happened) don't count.
    this.#markDiscarded = db.prepare(`INSERT INTO batch_discards (batch_id, created_at)
      SELECT @id, @now WHERE EXISTS (SELECT 1 FROM batches WHERE id = @id AND state = 'built')
        AND NOT EXISTS (SELECT 1 FROM journal WHERE batch_id = @id AND kind = 'anchor' AND state <> 'abandoned')
      ON CONFLICT (batch_id) DO NOTHING`);
    this.#removeDiscard = db.prepare('DELETE FROM batch_discards WHERE batch_id = ?');
    // Batches being discarded don't count: their credentials are on their way out.
    this.#forAchievement = db.prepare(`SELECT c.learner_id AS learnerId, c.batch_id AS batchId
      FROM credentials c JOIN batches b ON b.id = c.batch_id
      WHERE b.achievement_id = ? AND NOT EXISTS (SELECT 1 FROM batch_discards d WHERE d.batch_id = b.id)
      ORDER BY b.created_at, b.id, c.idx`);
    // A credential's suspension is its last confirmed suspend or unsuspend (journal ids grow with time).
    this.#counts = db.prepare(`SELECT
        (SELECT COUNT(*) FROM credentials WHERE batch_id = @id) AS credentials,
        CASE WHEN EXISTS (SELECT 1 FROM journal WHERE batch_id = @id AND kind = 'revoke-batch' AND state = 'confirmed')
          THEN (SELECT COUNT(*) FROM credentials WHERE batch_id = @id)
          ELSE (SELECT COUNT(DISTINCT credential_id) FROM journal
            WHERE batch_id = @id AND kind = 'revoke' AND state = 'confirmed') END AS revoked,
        EXISTS (SELECT 1 FROM journal WHERE batch_id = @id AND kind = 'revoke-batch' AND state = 'confirmed') AS batchRevoked,
        (SELECT COUNT(*) FROM credentials c WHERE c.batch_id = @id AND (
          SELECT j.kind FROM journal j
          WHERE j.credential_id = c.id AND j.kind IN ('suspend', 'unsuspend') AND j.state = 'confirmed'
          ORDER BY j.id DESC LIMIT 1) = 'suspend') AS suspended,
        (SELECT COUNT(*) FROM journal WHERE batch_id = @id AND kind = 'anchor' AND state = 'confirmed') AS anchors`);
  }

  insert(batch: NewBatch): StoredBatch {
    this.#insert.run({
      ...batch,
      issuer: getAddress(batch.issuer),
      root: batch.root.toLowerCase(),
      dir: this.paths.toStored(batch.dir),
      roster: batch.roster ?? null,
      achievement: batch.achievement ?? null,
      achievementId: batch.achievementId ?? null,
      createdAt: new Date().toISOString(),
    });
    return this.get(batch.id)!;
  }

  get(id: string): StoredBatch | undefined {
    return this.#toBatch(this.#get.get(id));
  }

  byRoot(issuer: Address, root: Hex): StoredBatch | undefined {
    return this.#toBatch(this.#byRoot.get(getAddress(issuer), root.toLowerCase()));
  }

  /** Every batch, oldest first. */
  list(): StoredBatch[] {
    return this.#list.all().map((row) => this.#toBatch(row)!);
  }

  setState(id: string, state: BatchState): void {
    this.#setState.run(state, id);
  }

  /**
   * Deletes a batch and its credentials, only while nothing was ever anchored for it: undoes an issue whose
   * files could not be put in place. Returns whether it was deleted.
   */
  removeUnanchored(id: string): boolean {
    return this.db.transaction(() => {
      this.#removeJournal.run({ id });
      this.#removeCredentials.run({ id });
      this.#removeDiscard.run(id);
      return this.#remove.run({ id }).changes === 1;
    })();
  }

  /**
   * Marks a never-anchored batch as being discarded (the first step of `discardBatch`); anchoring refuses it
   * from then on. Returns false, changing nothing, when the batch has any anchor row or is not `built`.
   */
  markDiscarded(id: string): boolean {
    this.#markDiscarded.run({ id, now: new Date().toISOString() });
    return this.get(id)?.discardedAt !== undefined;
  }

  /**
   * Every credential (learner id, batch) of batches issued for `achievementId`, oldest batch first; batches
   * being discarded are left out.
   */
  credentialsForAchievement(achievementId: string): EarlierCredential[] {
    return this.#forAchievement.all(achievementId) as EarlierCredential[];
  }

  counts(id: string): BatchCounts {
    const counts = this.#counts.get({ id }) as Omit<BatchCounts, 'batchRevoked'> & { batchRevoked: 0 | 1 };
    return { ...counts, batchRevoked: counts.batchRevoked === 1 };
  }

  #toBatch(row: unknown): StoredBatch | undefined {
    if (!row) return undefined;
    const batch = withoutNulls<StoredBatch>(row as Record<string, unknown>);
    return { ...batch, dir: this.paths.toAbsolute(batch.dir) };
  }
}
