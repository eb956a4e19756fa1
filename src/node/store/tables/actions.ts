import type { Database, Statement } from 'better-sqlite3';
import { type Address, type Hex, getAddress } from 'viem';
import { type StatusKind, type StoredAction, withoutNulls } from '../types.js';

const COLUMNS = `id, credential_id AS credentialId, kind, reason, note, chain, registry, state, from_block AS fromBlock,
  tx_hash AS txHash, block_number AS blockNumber, created_at AS createdAt, confirmed_at AS confirmedAt`;

export interface NewActions {
  credentialIds: readonly string[];
  kind: StatusKind;
  reason: number;
  note?: string;
  chain: string;
  registry: Address;
  /** Chain head when the intent is recorded. */
  fromBlock: number;
}

/** The journal of revocations, suspensions and their lifting; used like `AnchorTable`. */
export class ActionTable {
  readonly #ensureRegistry: Statement;
  readonly #insert: Statement;
  readonly #get: Statement;
  readonly #forCredential: Statement;
  readonly #unfinished: Statement;
  readonly #sent: Statement;
  readonly #confirmed: Statement;
  readonly #abandoned: Statement;

  constructor(private readonly db: Database) {
    this.#ensureRegistry = db.prepare(`INSERT INTO registries (chain, address, created_at) VALUES (?, ?, ?)
      ON CONFLICT (chain, address) DO NOTHING`);
    this.#insert = db.prepare(`INSERT INTO status_actions
      (credential_id, kind, reason, note, chain, registry, state, from_block, created_at)
      VALUES (?, ?, ?, ?, ?, ?, 'intent', ?, ?)`);
    this.#get = db.prepare(`SELECT ${COLUMNS} FROM status_actions WHERE id = ?`);
    this.#forCredential = db.prepare(`SELECT ${COLUMNS} FROM status_actions WHERE credential_id = ? ORDER BY id`);
    this.#unfinished = db.prepare(`SELECT ${COLUMNS} FROM status_actions WHERE state IN ('intent', 'sent') ORDER BY id`);
    this.#sent = db.prepare(`UPDATE status_actions SET state = 'sent', tx_hash = ? WHERE id = ? AND state = 'intent'`);
    this.#abandoned = db.prepare(`UPDATE status_actions SET state = 'abandoned' WHERE id = ? AND state IN ('intent', 'sent')`);
    this.#confirmed = db.prepare(`UPDATE status_actions SET state = 'confirmed', tx_hash = COALESCE(?, tx_hash),
      block_number = ?, confirmed_at = ? WHERE id = ?`);
  }

  /** Records one intent per credential, all or none; returns them in the order of `credentialIds`. */
  recordIntent({ credentialIds, kind, reason, note, chain, registry, fromBlock }: NewActions): StoredAction[] {
    const now = new Date().toISOString();
    const checksummed = getAddress(registry);
    return this.db.transaction(() => {
      this.#ensureRegistry.run(chain, checksummed, now);
      return credentialIds.map((credentialId) => {
        const { lastInsertRowid } = this.#insert.run(credentialId, kind, reason, note ?? null, chain, checksummed, fromBlock, now);
        return this.get(Number(lastInsertRowid))!;
      });
    })();
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

  recordSent(ids: readonly number[], txHash: Hex): void {
    this.db.transaction(() => {
      for (const id of ids) this.#sent.run(txHash, id);
    })();
  }

  /** `txHash` may be unknown when a crash hid it and the chain already shows the change. */
  recordConfirmed(ids: readonly number[], { txHash, blockNumber }: { txHash?: Hex; blockNumber?: number }): void {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      for (const id of ids) this.#confirmed.run(txHash ?? null, blockNumber ?? null, now, id);
    })();
  }

  /** Marks actions found never to have taken effect (not sent, dropped, or reverted). */
  recordAbandoned(ids: readonly number[]): void {
    this.db.transaction(() => {
      for (const id of ids) this.#abandoned.run(id);
    })();
  }
}
