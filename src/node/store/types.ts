import type { Address, Hex } from 'viem';

/** `built`: files written, not anchored anywhere yet; `anchoring`: an anchor is under way; `anchored`: on chain. */
export type BatchState = 'built' | 'anchoring' | 'anchored';
/** `intent`: recorded, maybe not sent; `sent`: the node accepted the transaction; `confirmed`: on chain. */
export type TxState = 'intent' | 'sent' | 'confirmed';
export type StatusKind = 'revoke' | 'suspend' | 'unsuspend';
/**
 * A journal entry's state: a `TxState`, or `abandoned` once found never to have taken effect (refused
 * before sending, never sent, dropped, or reverted).
 */
export type JournalState = TxState | 'abandoned';
/** A status action's journal state. */
export type ActionState = JournalState;
/**
 * What a journaled chain write does: anchor a batch, revoke a whole batch (both one entry per batch and
 * registry), or revoke, suspend or unsuspend credentials (one entry per credential).
 */
export type WriteKind = 'anchor' | 'revoke-batch' | StatusKind;

export interface StoredIssuer {
  address: Address;
  name: string;
  createdAt: string;
}

export interface StoredRegistry {
  /** CAIP-2 chain id. */
  chain: string;
  address: Address;
  deployTx?: Hex;
  deployedAt?: string;
  createdAt: string;
}

export interface StoredBatch {
  id: string;
  issuer: Address;
  root: Hex;
  size: number;
  state: BatchState;
  /** Absolute path of the folder holding the batch's credential files. */
  dir: string;
  roster?: string;
  /** The achievement's name, for listings. */
  achievement?: string;
  /** The achievement template's `id` (unknown for batches issued before store version 3). */
  achievementId?: string;
  /** Set while the batch is being discarded (`discardBatch`), which a crash may have interrupted. */
  discardedAt?: string;
  createdAt: string;
}

/** Fields every entry of the journal has, whatever its kind (see `JournalEntry`). */
type EntryFields = 'batchId' | 'chain' | 'registry' | 'fromBlock' | 'txHash' | 'blockNumber' | 'createdAt' | 'updatedAt';

/** An anchor of a batch on one registry: the journal's anchor entries, in the shape `store.anchors` gives. */
export type StoredAnchor = Pick<JournalEntry, EntryFields | 'anchoredAt' | 'filesUpdatedAt'> & { state: TxState };

/** A whole-batch revocation on one registry, from intent to confirmation (`store.batchRevocations`). */
export type StoredBatchRevocation = Pick<JournalEntry, EntryFields | 'note'> & {
  /** Reason code recorded on chain (0-255). */
  reason: number;
  state: TxState;
};

export interface StoredCredential {
  id: string;
  batchId: string;
  index: number;
  learnerId: string;
  learnerName: string;
  learnerEmail?: string;
  digest: Hex;
  /** The salts as the credential's proof holds them (JSON). */
  salts: unknown;
  /** Absolute path of the credential file. */
  file: string;
}

/** A credential's revoke, suspend or unsuspend on one registry: the journal's status entries (`store.actions`). */
export type StoredAction = Pick<JournalEntry, 'id' | 'note' | 'chain' | 'registry' | 'fromBlock' | 'txHash' | 'blockNumber' | 'createdAt' | 'confirmedAt'> & {
  credentialId: string;
  kind: StatusKind;
  reason: number;
  state: ActionState;
};

/**
 * One entry of the write journal: one effect on one registry (a batch anchored or revoked, a credential's
 * status changed), from intent to confirmed or abandoned. Entries sent in the same transaction share its
 * hash.
 */
export interface JournalEntry {
  id: number;
  kind: WriteKind;
  batchId: string;
  /** The credential of a revoke, suspend or unsuspend; absent for the batch kinds. */
  credentialId?: string;
  chain: string;
  registry: Address;
  /** Reason code sent on chain (0-255); absent for anchors, 0 for unsuspend. */
  reason?: number;
  /** Kept in the store only. */
  note?: string;
  state: JournalState;
  /** Chain head when the intent was recorded: the transaction that made the effect is in a later block. */
  fromBlock: number;
  /** Undefined while an intent, and when a crash hid the hash and no event named the transaction. */
  txHash?: Hex;
  /**
   * Hashes sent for this entry before `txHash`, oldest first: replacements of a transaction not mined in
   * time carry its nonce, so at most one of them (or `txHash`) is ever mined. Absent when never replaced.
   */
  replacedTxHashes?: Hex[];
  /** The nonce of the entry's transaction(s); absent while an intent, and for entries before store version 5. */
  nonce?: number;
  blockNumber?: number;
  /** Anchors only: block time of the anchoring, as the registry recorded it (ISO 8601). */
  anchoredAt?: string;
  /** Anchors only: set once every credential file of the batch carries this anchor. */
  filesUpdatedAt?: string;
  createdAt: string;
  updatedAt: string;
  /** When the store recorded the confirmation (unknown for anchors journaled before store version 4). */
  confirmedAt?: string;
}

/** What a batch holds and how much of it is revoked or suspended, from the store's point of view. */
export interface BatchCounts {
  credentials: number;
  /** Credentials with a confirmed revocation: all of them once the whole batch is revoked. */
  revoked: number;
  /** The whole batch was revoked (confirmed, on some registry). */
  batchRevoked: boolean;
  /** Credentials whose last confirmed suspend/unsuspend is a suspension. */
  suspended: number;
  /** Confirmed anchors (chains and registries the batch is anchored on). */
  anchors: number;
}

/** Turns SQL NULLs into absent keys, so records compare and serialise cleanly. */
export function withoutNulls<T extends object>(row: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) if (value !== null) out[key] = value;
  return out as T;
}
