import type { Database, Statement } from 'better-sqlite3';
import { getAddress } from 'viem';
import { type StoredAction, type StoredAnchor, type StoredBatchRevocation, withoutNulls } from '../types.js';
import type { JournalKey } from './journal.js';

/**
 * The write journal as each kind of record reads: anchors, whole-batch revocations and status actions, in
 * the shapes `microcred status` and the workflows' results have always shown. Read-only: every write goes
 * through `JournalTable`. Abandoned anchors and batch revocations are history, not state, and are left out
 * (an abandoned status action stays in a credential's list, as it always did).
 */

const ANCHOR_COLUMNS = `batch_id AS batchId, chain, registry, state, from_block AS fromBlock, tx_hash AS txHash,
  block_number AS blockNumber, anchored_at AS anchoredAt, files_updated_at AS filesUpdatedAt,
  created_at AS createdAt, updated_at AS updatedAt`;

const BATCH_REVOCATION_COLUMNS = `batch_id AS batchId, chain, registry, reason, note, state, from_block AS fromBlock,
  tx_hash AS txHash, block_number AS blockNumber, created_at AS createdAt, updated_at AS updatedAt`;

const ACTION_COLUMNS = `id, credential_id AS credentialId, kind, reason, note, chain, registry, state, from_block AS fromBlock,
  tx_hash AS txHash, block_number AS blockNumber, created_at AS createdAt, confirmed_at AS confirmedAt`;

/** A batch on one registry. */
export type AnchorKey = JournalKey;
/** A batch on one registry: the same key as its anchor. */
export type BatchRevocationKey = JournalKey;

/** A batch-level kind's live entries (not abandoned), by key, by batch, and unfinished. */
class BatchWriteView<T extends object> {
  readonly #get: Statement;
  readonly #forBatch: Statement;
  readonly #unfinished: Statement;

  constructor(db: Database, kind: 'anchor' | 'revoke-batch', columns: string, unfinished: string) {
    const live = `FROM journal WHERE kind = '${kind}' AND state <> 'abandoned'`;
    this.#get = db.prepare(`SELECT ${columns} ${live} AND batch_id = ? AND chain = ? AND registry = ?`);
    this.#forBatch = db.prepare(`SELECT ${columns} ${live} AND batch_id = ? ORDER BY created_at, chain, registry`);
    this.#unfinished = db.prepare(`SELECT ${columns} ${live} AND (${unfinished}) ORDER BY created_at, id`);
  }

  get({ batchId, chain, registry }: JournalKey): T | undefined {
    const row = this.#get.get(batchId, chain, getAddress(registry)) as Record<string, unknown> | undefined;
    return row && withoutNulls<T>(row);
  }

  /** The batch's entries on every registry, oldest first. */
  forBatch(batchId: string): T[] {
    return (this.#forBatch.all(batchId) as Record<string, unknown>[]).map((row) => withoutNulls<T>(row));
  }

  /** Entries a crash (or an error) left part-way, oldest first. */
  unfinished(): T[] {
    return (this.#unfinished.all() as Record<string, unknown>[]).map((row) => withoutNulls<T>(row));
  }
}

/** Where each batch is anchored (or being anchored); unfinished also means files not all updated yet. */
export class AnchorView extends BatchWriteView<StoredAnchor> {
  constructor(db: Database) {
    super(db, 'anchor', ANCHOR_COLUMNS, `state <> 'confirmed' OR files_updated_at IS NULL`);
  }
}

/** Whole-batch revocations, on every registry a batch was revoked on (or is being revoked on). */
export class BatchRevocationView extends BatchWriteView<StoredBatchRevocation> {
  constructor(db: Database) {
    super(db, 'revoke-batch', BATCH_REVOCATION_COLUMNS, `state <> 'confirmed'`);
  }
}

/** Revocations, suspensions and their lifting, one per credential per request, abandoned ones included. */
export class StatusActionView {
  readonly #get: Statement;
  readonly #forCredential: Statement;
  readonly #unfinished: Statement;

  constructor(db: Database) {
    const status = `FROM journal WHERE kind IN ('revoke', 'suspend', 'unsuspend')`;
    this.#get = db.prepare(`SELECT ${ACTION_COLUMNS} ${status} AND id = ?`);
    this.#forCredential = db.prepare(`SELECT ${ACTION_COLUMNS} ${status} AND credential_id = ? ORDER BY id`);
    this.#unfinished = db.prepare(`SELECT ${ACTION_COLUMNS} ${status} AND state IN ('intent', 'sent') ORDER BY id`);
  }

  get(id: number): StoredAction | undefined {
    const row = this.#get.get(id) as Record<string, unknown> | undefined;
    return row && withoutNulls<StoredAction>(row);
  }

  /** Everything done to a credential, oldest first. */
  forCredential(credentialId: string): StoredAction[] {
    return (this.#forCredential.all(credentialId) as Record<string, unknown>[]).map((row) => withoutNulls<StoredAction>(row));
  }

  /** Actions a crash or an error left part-way (intent or sent), oldest first. */
  unfinished(): StoredAction[] {
    return (this.#unfinished.all() as Record<string, unknown>[]).map((row) => withoutNulls<StoredAction>(row));
  }
}
