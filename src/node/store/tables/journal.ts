import type { Database, Statement } from 'better-sqlite3';
import { type Address, type Hex, getAddress } from 'viem';
import { JournalError, StoreWriteError } from '../errors.js';
import { type JournalEntry, type WriteKind, withoutNulls } from '../types.js';

export const JOURNAL_COLUMNS = `id, kind, batch_id AS batchId, credential_id AS credentialId, chain, registry, reason, note, state,
  from_block AS fromBlock, tx_hash AS txHash, block_number AS blockNumber, anchored_at AS anchoredAt,
  files_updated_at AS filesUpdatedAt, created_at AS createdAt, updated_at AS updatedAt, confirmed_at AS confirmedAt, nonce,
  replaced_tx_hashes AS replacedTxHashes`;

/** A batch on one registry: the key of its anchor and of its whole-batch revocation there. */
export interface JournalKey {
  batchId: string;
  chain: string;
  registry: Address;
}

export interface NewJournalEntry extends JournalKey {
  kind: WriteKind;
  /** The credential of a revoke, suspend or unsuspend; none for the batch kinds. */
  credentialId?: string;
  /** The reason code to send (status kinds and revoke-batch; none for an anchor). */
  reason?: number;
  note?: string;
  /** Chain head when the intent is recorded. */
  fromBlock: number;
}

/** What the store learns when an effect is confirmed. */
export interface Confirmation {
  /** Unknown only when a crash hid the hash and no event since the intent names the transaction. */
  txHash?: Hex;
  blockNumber?: number;
  /** Anchors: the block time the registry recorded. */
  anchoredAt?: string;
}

/**
 * The write journal (see migration 4): each step of a chain write is one call here, made before (intent)
 * or right after (sent, confirmed) the step it records, so that after a crash the entries say how far it
 * got. Each step moves entries from the states it names only, all or none, and says which did not fit.
 * An anchor also moves its batch: `anchoring` at intent, `anchored` once confirmed, back to `built` when
 * its only try is abandoned.
 */
export class JournalTable {
  readonly #get: Statement;
  readonly #insert: Statement;
  readonly #ensureRegistry: Statement;
  readonly #sent: Statement;
  readonly #replaced: Statement;
  readonly #confirmed: Statement;
  readonly #abandoned: Statement;
  readonly #reopened: Statement;
  readonly #filesUpdated: Statement;
  readonly #unfinished: Statement;
  readonly #forCredential: Statement;
  readonly #forBatch: Statement;
  readonly #live: Statement;
  readonly #lastConfirmedOfCredential: Statement;
  readonly #lastConfirmedOfBatch: Statement;
  readonly #batchAnchoring: Statement;
  readonly #batchAnchored: Statement;
  readonly #batchBuilt: Statement;

  constructor(private readonly db: Database) {
    this.#get = db.prepare(`SELECT ${JOURNAL_COLUMNS} FROM journal WHERE id = ?`);
    this.#insert = db.prepare(`INSERT INTO journal
      (kind, batch_id, credential_id, chain, registry, reason, note, state, from_block, created_at, updated_at)
      VALUES (@kind, @batchId, @credentialId, @chain, @registry, @reason, @note, 'intent', @fromBlock, @now, @now)`);
    this.#ensureRegistry = db.prepare(`INSERT INTO registries (chain, address, created_at) VALUES (?, ?, ?)
      ON CONFLICT (chain, address) DO NOTHING`);
    this.#sent = db.prepare(`UPDATE journal SET state = 'sent', tx_hash = @txHash, nonce = @nonce, updated_at = @now WHERE id = @id AND state = 'intent'`);
    this.#replaced = db.prepare(`UPDATE journal SET tx_hash = @txHash,
      replaced_tx_hashes = json_insert(COALESCE(replaced_tx_hashes, '[]'), '$[#]', tx_hash), updated_at = @now
      WHERE id = @id AND state = 'sent' AND tx_hash <> @txHash`);
    this.#confirmed = db.prepare(`UPDATE journal SET state = 'confirmed', tx_hash = COALESCE(@txHash, tx_hash),
      block_number = @blockNumber, anchored_at = @anchoredAt, updated_at = @now, confirmed_at = @now
      WHERE id = @id AND state IN ('intent', 'sent')`);
    this.#abandoned = db.prepare(`UPDATE journal SET state = 'abandoned', updated_at = @now WHERE id = @id AND state IN ('intent', 'sent')`);
    this.#reopened = db.prepare(`UPDATE journal SET state = 'intent', from_block = @fromBlock, tx_hash = NULL, block_number = NULL,
      nonce = NULL, replaced_tx_hashes = NULL,
      anchored_at = NULL, files_updated_at = NULL, confirmed_at = NULL, updated_at = @now WHERE id = @id AND state = 'confirmed'`);
    this.#filesUpdated = db.prepare(`UPDATE journal SET files_updated_at = @now, updated_at = @now
      WHERE id = @id AND kind = 'anchor' AND state = 'confirmed'`);
    this.#unfinished = db.prepare(`SELECT ${JOURNAL_COLUMNS} FROM journal WHERE state IN ('intent', 'sent') ORDER BY id`);
    this.#forCredential = db.prepare(`SELECT ${JOURNAL_COLUMNS} FROM journal WHERE credential_id = ? ORDER BY id`);
    this.#forBatch = db.prepare(`SELECT ${JOURNAL_COLUMNS} FROM journal WHERE batch_id = ? ORDER BY id`);
    this.#live = db.prepare(`SELECT ${JOURNAL_COLUMNS} FROM journal
      WHERE kind = ? AND batch_id = ? AND chain = ? AND registry = ? AND credential_id IS NULL AND state <> 'abandoned'`);
    // Two statements, not `credential_id IS ?`: an equality lets SQLite use the index by credential.
    const lastConfirmed = (target: string) => `SELECT ${JOURNAL_COLUMNS} FROM journal
      WHERE ${target} AND kind = @kind AND batch_id = @batchId AND chain = @chain AND registry = @registry
        AND state = 'confirmed' ORDER BY id DESC LIMIT 1`;
    this.#lastConfirmedOfCredential = db.prepare(lastConfirmed('credential_id = @credentialId'));
    this.#lastConfirmedOfBatch = db.prepare(lastConfirmed('credential_id IS NULL'));
    this.#batchAnchoring = db.prepare(`UPDATE batches SET state = 'anchoring' WHERE id = ? AND state <> 'anchored'`);
    this.#batchAnchored = db.prepare(`UPDATE batches SET state = 'anchored' WHERE id = ?`);
    this.#batchBuilt = db.prepare(`UPDATE batches SET state = 'built' WHERE id = ? AND state = 'anchoring'
      AND NOT EXISTS (SELECT 1 FROM journal WHERE kind = 'anchor' AND batch_id = batches.id AND state <> 'abandoned')`);
  }

  get(id: number): JournalEntry | undefined {
    return toEntry(this.#get.get(id));
  }

  /** Entries a crash or an error left part-way (intent or sent), oldest first. */
  unfinished(): JournalEntry[] {
    return this.#unfinished.all().map((row) => toEntry(row)!);
  }

  /** Every status entry of a credential (revoke, suspend, unsuspend), oldest first. */
  forCredential(credentialId: string): JournalEntry[] {
    return this.#forCredential.all(credentialId).map((row) => toEntry(row)!);
  }

  /** Every entry of a batch, of every kind and state (abandoned tries too), oldest first. */
  forBatch(batchId: string): JournalEntry[] {
    return this.#forBatch.all(batchId).map((row) => toEntry(row)!);
  }

  /** The entry of an anchor or whole-batch revocation on a registry that is not abandoned, if any. */
  live(kind: 'anchor' | 'revoke-batch', key: JournalKey): JournalEntry | undefined {
    return toEntry(this.#live.get(kind, key.batchId, key.chain, getAddress(key.registry)));
  }

  /** The last confirmed entry of `kind` for the batch (or the credential) on the key's registry. */
  lastConfirmed(kind: WriteKind, key: JournalKey, credentialId?: string): JournalEntry | undefined {
    const where = { kind, batchId: key.batchId, chain: key.chain, registry: getAddress(key.registry) };
    return toEntry(
      credentialId === undefined ? this.#lastConfirmedOfBatch.get(where) : this.#lastConfirmedOfCredential.get({ ...where, credentialId }),
    );
  }

  /** Records intents, before anything is sent, all or none; returns them in order. */
  recordIntents(entries: readonly NewJournalEntry[]): JournalEntry[] {
    const now = new Date().toISOString();
    try {
      return this.db.transaction(() =>
        entries.map((entry) => {
          const registry = getAddress(entry.registry);
          this.#ensureRegistry.run(entry.chain, registry, now);
          const { lastInsertRowid } = this.#insert.run({
            kind: entry.kind,
            batchId: entry.batchId,
            credentialId: entry.credentialId ?? null,
            chain: entry.chain,
            registry,
            reason: entry.reason ?? null,
            note: entry.note ?? null,
            fromBlock: entry.fromBlock,
            now,
          });
          if (entry.kind === 'anchor') this.#batchAnchoring.run(entry.batchId);
          return this.get(Number(lastInsertRowid))!;
        }),
      )();
    } catch (error) {
      if ((error as Error).name !== 'SqliteError') throw error;
      const kinds = [...new Set(entries.map((entry) => entry.kind))].join(', ');
      throw new StoreWriteError(`${entries.length} ${kinds} intent${entries.length === 1 ? '' : 's'}`, error);
    }
  }

  /**
   * Records the hash of the transaction the node just accepted for the intents `ids`, and its nonce when
   * known (a replacement needs it; entries of older versions have none).
   */
  recordSent(ids: readonly number[], txHash: Hex, nonce?: number): void {
    this.#move(ids, 'record a sent transaction', 'an intent', (id, now) => this.#sent.run({ id, txHash, nonce: nonce ?? null, now }).changes);
  }

  /**
   * Records that the sent entries `ids` were re-sent as `txHash` (same nonce, higher fees): it becomes the
   * entry's hash, the one it replaces joins `replacedTxHashes`. Whichever of them is mined settles the entry.
   */
  recordReplaced(ids: readonly number[], txHash: Hex): void {
    this.#move(ids, 'record a replacement transaction', 'a sent', (id, now) => this.#replaced.run({ id, txHash, now }).changes);
  }

  /**
   * Records intents or sent entries as on chain. `txHash` and `blockNumber` may be unknown when the effect
   * was found on chain after a crash and no event named its transaction.
   */
  recordConfirmed(ids: readonly number[], { txHash, blockNumber, anchoredAt }: Confirmation): void {
    this.#move(ids, 'record a confirmation', 'an intent or sent', (id, now) => {
      const changes = this.#confirmed.run({ id, txHash: txHash ?? null, blockNumber: blockNumber ?? null, anchoredAt: anchoredAt ?? null, now }).changes;
      const entry = this.get(id);
      if (changes === 1 && entry?.kind === 'anchor') this.#batchAnchored.run(entry.batchId);
      return changes;
    });
  }

  /** Records intents or sent entries as never having taken effect: refused, never sent, dropped, or reverted. */
  recordAbandoned(ids: readonly number[]): void {
    this.#move(ids, 'record an abandoned write', 'an intent or sent', (id, now) => {
      const changes = this.#abandoned.run({ id, now }).changes;
      const entry = this.get(id);
      if (changes === 1 && entry?.kind === 'anchor') this.#batchBuilt.run(entry.batchId);
      return changes;
    });
  }

  /**
   * Records an effect the chain shows that no entry recorded (an earlier store, another copy of it, or
   * someone else did it): an intent and its confirmation in one transaction.
   */
  recordFound(entry: NewJournalEntry, confirmation: Confirmation): JournalEntry {
    return this.db.transaction(() => {
      const [intent] = this.recordIntents([entry]);
      this.recordConfirmed([intent!.id], confirmation);
      return this.get(intent!.id)!;
    })();
  }

  /**
   * Records that a confirmed anchor is no longer on chain (the chain was reset, or its block reorganised
   * away): the entry goes back to `intent` from `fromBlock`, so the write is sent again, journaled like a
   * first one. An anchored batch keeps its state: it is still anchored wherever else it was.
   */
  reopen(id: number, fromBlock: number): JournalEntry {
    this.#move([id], 'reopen a write', 'confirmed', (entryId, now) => {
      const changes = this.#reopened.run({ id: entryId, fromBlock, now }).changes;
      const entry = this.get(entryId);
      if (changes === 1 && entry?.kind === 'anchor') this.#batchAnchoring.run(entry.batchId);
      return changes;
    });
    return this.get(id)!;
  }

  /** Records that every credential file of the batch now carries the confirmed anchor `id`. */
  recordFilesUpdated(id: number): void {
    this.#move([id], 'record the files updated', 'a confirmed anchor', (entryId, now) => this.#filesUpdated.run({ id: entryId, now }).changes);
  }

  /** Runs `step` for each id in one transaction; if any entry was not in the state it moves, none move. */
  #move(ids: readonly number[], what: string, expected: string, step: (id: number, now: string) => number): void {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      const refused = ids.filter((id) => step(id, now) !== 1);
      if (refused.length > 0) throw new JournalError(what, refused.map((id) => ({ id, state: this.get(id)?.state })), expected);
    })();
  }
}

function toEntry(row: unknown): JournalEntry | undefined {
  if (!row) return undefined;
  const { replacedTxHashes, ...rest } = row as Record<string, unknown>;
  return withoutNulls<JournalEntry>(typeof replacedTxHashes === 'string' ? { ...rest, replacedTxHashes: JSON.parse(replacedTxHashes) as Hex[] } : rest);
}
