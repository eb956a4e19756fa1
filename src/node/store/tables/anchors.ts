import type { Database, Statement } from 'better-sqlite3';
import { type Address, type Hex, getAddress } from 'viem';
import { type StoredAnchor, withoutNulls } from '../types.js';

const COLUMNS = `batch_id AS batchId, chain, registry, state, from_block AS fromBlock, tx_hash AS txHash,
  block_number AS blockNumber, anchored_at AS anchoredAt, files_updated_at AS filesUpdatedAt,
  created_at AS createdAt, updated_at AS updatedAt`;

export interface AnchorKey {
  batchId: string;
  chain: string;
  registry: Address;
}

/**
 * The anchoring journal. Each step of anchoring is one call here, made before (intent) or right after
 * (sent, confirmed, files updated) the step it records, so that after a crash the row says how far it got.
 */
export class AnchorTable {
  readonly #get: Statement;
  readonly #forBatch: Statement;
  readonly #unfinished: Statement;
  readonly #ensureRegistry: Statement;
  readonly #intent: Statement;
  readonly #sent: Statement;
  readonly #confirmed: Statement;
  readonly #filesUpdated: Statement;
  readonly #batchState: Statement;
  readonly #lost: Statement;

  constructor(private readonly db: Database) {
    this.#get = db.prepare(`SELECT ${COLUMNS} FROM anchors WHERE batch_id = ? AND chain = ? AND registry = ?`);
    this.#forBatch = db.prepare(`SELECT ${COLUMNS} FROM anchors WHERE batch_id = ? ORDER BY created_at, chain, registry`);
    this.#unfinished = db.prepare(`SELECT ${COLUMNS} FROM anchors
      WHERE state <> 'confirmed' OR files_updated_at IS NULL ORDER BY created_at`);
    this.#ensureRegistry = db.prepare(`INSERT INTO registries (chain, address, created_at) VALUES (?, ?, ?)
      ON CONFLICT (chain, address) DO NOTHING`);
    this.#lost = db.prepare(`UPDATE anchors SET state = 'intent', from_block = ?, tx_hash = NULL, block_number = NULL,
      anchored_at = NULL, updated_at = ? WHERE batch_id = ? AND chain = ? AND registry = ? AND state = 'confirmed'`);
    this.#intent = db.prepare(`INSERT INTO anchors (batch_id, chain, registry, state, from_block, created_at, updated_at)
      VALUES (?, ?, ?, 'intent', ?, ?, ?)`);
    this.#sent = db.prepare(`UPDATE anchors SET state = 'sent', tx_hash = ?, updated_at = ?
      WHERE batch_id = ? AND chain = ? AND registry = ? AND state <> 'confirmed'`);
    this.#confirmed = db.prepare(`UPDATE anchors SET state = 'confirmed', tx_hash = COALESCE(?, tx_hash),
      block_number = ?, anchored_at = ?, updated_at = ? WHERE batch_id = ? AND chain = ? AND registry = ?`);
    this.#filesUpdated = db.prepare(`UPDATE anchors SET files_updated_at = ?, updated_at = ?
      WHERE batch_id = ? AND chain = ? AND registry = ? AND state = 'confirmed'`);
    this.#batchState = db.prepare(`UPDATE batches SET state = ? WHERE id = ? AND state <> 'anchored'`);
  }

  get({ batchId, chain, registry }: AnchorKey): StoredAnchor | undefined {
    const row = this.#get.get(batchId, chain, getAddress(registry)) as Record<string, unknown> | undefined;
    return row && withoutNulls<StoredAnchor>(row);
  }

  forBatch(batchId: string): StoredAnchor[] {
    return (this.#forBatch.all(batchId) as Record<string, unknown>[]).map((row) => withoutNulls<StoredAnchor>(row));
  }

  /** Anchors a crash (or an error) left part-way: not confirmed, or files not all updated. */
  unfinished(): StoredAnchor[] {
    return (this.#unfinished.all() as Record<string, unknown>[]).map((row) => withoutNulls<StoredAnchor>(row));
  }

  /** Records the intent to anchor, before anything is sent; the batch becomes `anchoring`. */
  recordIntent(key: AnchorKey, fromBlock: number): StoredAnchor {
    const now = new Date().toISOString();
    const registry = getAddress(key.registry);
    this.db.transaction(() => {
      this.#ensureRegistry.run(key.chain, registry, now);
      this.#intent.run(key.batchId, key.chain, registry, fromBlock, now, now);
      this.#batchState.run('anchoring', key.batchId);
    })();
    return this.get(key)!;
  }

  /**
   * Records that a confirmed anchor is no longer on chain (the chain was reset, or the block reorganised
   * away): the anchor goes back to `intent` from `fromBlock`, so the next step sends it again, crash-safely
   * like a first anchoring. The batch becomes `anchoring`.
   */
  recordLost(key: AnchorKey, fromBlock: number): StoredAnchor {
    this.db.transaction(() => {
      const changed = this.#lost.run(fromBlock, new Date().toISOString(), key.batchId, key.chain, getAddress(key.registry));
      if (changed.changes !== 1) throw new Error(`No confirmed anchor of batch ${key.batchId} on ${key.chain} to record as lost.`);
      this.#batchState.run('anchoring', key.batchId);
    })();
    return this.get(key)!;
  }

  /** Records the hash of the transaction the node just accepted. */
  recordSent(key: AnchorKey, txHash: Hex): void {
    const changed = this.#sent.run(txHash, new Date().toISOString(), key.batchId, key.chain, getAddress(key.registry));
    if (changed.changes !== 1) throw new Error(`No unconfirmed anchor of batch ${key.batchId} on ${key.chain} to record a transaction for.`);
  }

  /**
   * Records the anchor as on chain; the batch becomes `anchored`. `txHash` and `blockNumber` may be unknown
   * when the anchor was found on chain after a crash and its event could not be read back.
   */
  recordConfirmed(key: AnchorKey, { txHash, blockNumber, anchoredAt }: { txHash?: Hex; blockNumber?: number; anchoredAt: string }): void {
    this.db.transaction(() => {
      const changed = this.#confirmed.run(
        txHash ?? null,
        blockNumber ?? null,
        anchoredAt,
        new Date().toISOString(),
        key.batchId,
        key.chain,
        getAddress(key.registry),
      );
      if (changed.changes !== 1) throw new Error(`No anchor of batch ${key.batchId} on ${key.chain} to confirm.`);
      this.#batchState.run('anchored', key.batchId);
    })();
  }

  /** Records that every credential file of the batch now carries this anchor. */
  recordFilesUpdated(key: AnchorKey): void {
    const now = new Date().toISOString();
    const changed = this.#filesUpdated.run(now, now, key.batchId, key.chain, getAddress(key.registry));
    if (changed.changes !== 1) throw new Error(`No confirmed anchor of batch ${key.batchId} on ${key.chain}.`);
  }
}
