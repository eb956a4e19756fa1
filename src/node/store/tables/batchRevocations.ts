import type { Database, Statement } from 'better-sqlite3';
import { type Hex, getAddress } from 'viem';
import { type StoredBatchRevocation, withoutNulls } from '../types.js';
import type { AnchorKey } from './anchors.js';

const COLUMNS = `batch_id AS batchId, chain, registry, reason, note, state, from_block AS fromBlock, tx_hash AS txHash,
  block_number AS blockNumber, created_at AS createdAt, updated_at AS updatedAt`;

/** A batch on one registry: the same key as its anchor. */
export type BatchRevocationKey = AnchorKey;

/**
 * The journal of whole-batch revocations, used like `AnchorTable`: the intent is recorded before the
 * transaction is sent, its hash right after, its confirmation once mined, so a crash leaves a trace.
 */
export class BatchRevocationTable {
  readonly #get: Statement;
  readonly #ensureRegistry: Statement;
  readonly #intent: Statement;
  readonly #sent: Statement;
  readonly #confirmed: Statement;
  readonly #discard: Statement;
  readonly #forBatch: Statement;
  readonly #unfinished: Statement;

  constructor(private readonly db: Database) {
    this.#get = db.prepare(`SELECT ${COLUMNS} FROM batch_revocations WHERE batch_id = ? AND chain = ? AND registry = ?`);
    this.#ensureRegistry = db.prepare(`INSERT INTO registries (chain, address, created_at) VALUES (?, ?, ?)
      ON CONFLICT (chain, address) DO NOTHING`);
    this.#intent = db.prepare(`INSERT INTO batch_revocations
      (batch_id, chain, registry, reason, note, state, from_block, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, 'intent', ?, ?, ?)`);
    this.#sent = db.prepare(`UPDATE batch_revocations SET state = 'sent', tx_hash = ?, updated_at = ?
      WHERE batch_id = ? AND chain = ? AND registry = ? AND state <> 'confirmed'`);
    this.#confirmed = db.prepare(`UPDATE batch_revocations SET state = 'confirmed', tx_hash = COALESCE(?, tx_hash),
      block_number = ?, updated_at = ? WHERE batch_id = ? AND chain = ? AND registry = ?`);
    this.#discard = db.prepare(`DELETE FROM batch_revocations WHERE batch_id = ? AND chain = ? AND registry = ? AND state = 'intent'`);
    this.#forBatch = db.prepare(`SELECT ${COLUMNS} FROM batch_revocations WHERE batch_id = ? ORDER BY created_at, chain, registry`);
    this.#unfinished = db.prepare(`SELECT ${COLUMNS} FROM batch_revocations WHERE state <> 'confirmed' ORDER BY created_at`);
  }

  /** Revocations a crash (or an error) left before confirmation. */
  unfinished(): StoredBatchRevocation[] {
    return (this.#unfinished.all() as Record<string, unknown>[]).map((row) => withoutNulls<StoredBatchRevocation>(row));
  }

  /** The batch's revocations, on every registry it was revoked on (or is being revoked on). */
  forBatch(batchId: string): StoredBatchRevocation[] {
    return (this.#forBatch.all(batchId) as Record<string, unknown>[]).map((row) => withoutNulls<StoredBatchRevocation>(row));
  }

  get({ batchId, chain, registry }: BatchRevocationKey): StoredBatchRevocation | undefined {
    const row = this.#get.get(batchId, chain, getAddress(registry)) as Record<string, unknown> | undefined;
    return row && withoutNulls<StoredBatchRevocation>(row);
  }

  /** Records the intent to revoke the whole batch, before anything is sent. */
  recordIntent(key: BatchRevocationKey, { reason, note, fromBlock }: { reason: number; note?: string; fromBlock: number }): StoredBatchRevocation {
    const now = new Date().toISOString();
    const registry = getAddress(key.registry);
    this.db.transaction(() => {
      this.#ensureRegistry.run(key.chain, registry, now);
      this.#intent.run(key.batchId, key.chain, registry, reason, note ?? null, fromBlock, now, now);
    })();
    return this.get(key)!;
  }

  /** Records the hash of the transaction the node just accepted. */
  recordSent(key: BatchRevocationKey, txHash: Hex): void {
    const changed = this.#sent.run(txHash, new Date().toISOString(), key.batchId, key.chain, getAddress(key.registry));
    if (changed.changes !== 1) throw new Error(`No unconfirmed revocation of batch ${key.batchId} on ${key.chain} to record a transaction for.`);
  }

  /** Forgets an intent whose transaction was refused before it was sent (nothing reached the chain). */
  discardIntent(key: BatchRevocationKey): void {
    this.#discard.run(key.batchId, key.chain, getAddress(key.registry));
  }

  /** `txHash` may be unknown when a crash hid it and no event since the intent names it. */
  recordConfirmed(key: BatchRevocationKey, { txHash, blockNumber }: { txHash?: Hex; blockNumber?: number }): void {
    const changed = this.#confirmed.run(txHash ?? null, blockNumber ?? null, new Date().toISOString(), key.batchId, key.chain, getAddress(key.registry));
    if (changed.changes !== 1) throw new Error(`No revocation of batch ${key.batchId} on ${key.chain} to confirm.`);
  }
}
