import type { Hex } from 'viem';
import { ChainError, RegistryRevertedError } from '../../chain/errors.js';
import { waitForReceipt } from '../../chain/waitForReceipt.js';
import type { RegistryWriter, TransactionOverrides } from '../../chain/writes.js';
import type { Confirmation, IssuerStore, JournalEntry, JournalKey, StoredBatch, WriteKind } from '../store/index.js';
import { type FoundEvent, chainHead, transactionOutcome, waitForIdleSigner } from './chainJournal.js';
import { failpoint } from './failpoint.js';
import { type SentTransaction, awaitMined, feeCeiling, isNonceConflict, planTransaction } from './replaceStuck.js';
import { NonceCollisionError } from './errors.js';
import { DEFAULT_MAX_GAS_PER_TRANSACTION, splitByGas } from './splitByGas.js';

/**
 * The one way the issuer store writes to a registry, crash-safely, whatever the write (anchor a batch,
 * revoke it whole, revoke, suspend or unsuspend credentials):
 *
 * 1. settle an earlier try of the same targets (its receipt, or the registry's events once the signer has
 *    nothing in flight): confirmed, or abandoned if it never took effect;
 * 2. ask the chain whether it already shows the effect (then nothing is sent);
 * 3. record the intent, with the chain head (the effect can only be in a later block);
 * 4. send, with a nonce and fees of our choosing; 5. record it sent, with its hash and nonce; 6. record it
 *    confirmed once the writer's confirmations are in.
 *
 * While waiting in step 6, a transaction not mined within `writer.replacement.replaceAfterMs` (stuck under
 * a fee spike, or dropped by the node) is replaced: same nonce, higher fees, up to the issuer's ceiling
 * (replaceStuck.ts); each replacement's hash is journaled, and whichever hash is mined settles the entry.
 * A nonce taken by another sender of the same key (at the send: "nonce too low"; or while waiting) is
 * settled from the chain: the effect it shows is recorded as found, the rest is sent again with a fresh
 * nonce. A receipt whose block is reorganised away while confirmations gather is waited for again.
 *
 * Targets too many for one transaction under the gas limit are sent in several (planned before the first
 * is sent), each going through steps 3-6 on its own.
 *
 * A crash between any two steps leaves entries a rerun settles in step 1, so each effect is made by
 * exactly one transaction; a crash between two transactions leaves the first confirmed, and the rerun's
 * step 2 sees its effect and sends only the rest. A kind of write only says how to read its effect on
 * chain and how to send it (`WriteKindSpec`); the workflows (anchorStoredBatch, revokeStoredBatch,
 * changeStatus) are small callers.
 */

/** What a write acts on: its batch as a whole (anchor, revoke-batch), or one of the batch's credentials. */
export interface WriteTarget {
  /** The credential; absent for a write on the whole batch. */
  credentialId?: string;
}

/** The one target of a write on a whole batch. */
export const WHOLE_BATCH: WriteTarget = Object.freeze({});

/** How one kind of write meets the chain; `journaledWrite` does the journaling. */
export interface WriteKindSpec<T extends WriteTarget> {
  kind: WriteKind;
  /** The target an entry of this kind stands for (to settle entries an earlier run left). */
  targetOf(entry: JournalEntry): T;
  /** Whether the chain shows each target's effect now. */
  showsEffect(targets: readonly T[]): Promise<boolean[]>;
  /** For each target, the transaction that made its effect, from the registry's events at or after `fromBlock`. */
  findEffects(targets: readonly T[], fromBlock: number): Promise<(FoundEvent | undefined)[]>;
  /**
   * Simulates, then sends one transaction making the effect for `targets` with the nonce and fees given;
   * returns its hash once the node accepted it. A refusal of the simulation throws `RegistryRevertedError`:
   * nothing was sent.
   */
  send(targets: readonly T[], reason: number | undefined, transaction: TransactionOverrides): Promise<Hex>;
  /**
   * For kinds that write many targets in one transaction (revoke, suspend, unsuspend): the node's gas
   * estimate of the transaction `send` would make for `targets` (see `splitByGas` for what it throws), and
   * one target's write in words. With it, a write is split to keep each transaction under
   * `maxGasPerTransaction`; without it (one target per write: anchor, revoke-batch), it is one transaction.
   */
  gas?: {
    estimate(targets: readonly T[], reason: number | undefined): Promise<bigint>;
    describe(target: T): string;
  };
  /** What to record with a confirmation besides its transaction (an anchor's block time). */
  confirmationDetails?(): Promise<Pick<Confirmation, 'anchoredAt'>>;
  /**
   * For an effect the chain shows that no entry of this store records (done by an earlier store, another
   * copy of it, or someone else): record it as found, with the reason the chain holds and the block its
   * event can't be earlier than (unknown: the event is not looked for). Without it, such an effect is only
   * reported (`unchanged`): a credential revoked with its whole batch needs no entry of its own.
   */
  adopt?(): Promise<{ reason?: number; fromBlock?: number }>;
}

export interface JournaledWriteParameters<T extends WriteTarget> {
  store: IssuerStore;
  writer: RegistryWriter;
  /** The batch written to (the caller holds its lock). */
  batch: StoredBatch;
  spec: WriteKindSpec<T>;
  targets: readonly T[];
  /** Reason code to record and send (0-255); none for an anchor. */
  reason?: number;
  /** Kept in the store only. */
  note?: string;
  /**
   * Other kinds whose unfinished entries for the same targets are settled first, because they change the
   * same state (a suspend interrupted before an unsuspend). `spec` itself always is.
   */
  alsoSettle?: readonly WriteKindSpec<T>[];
  /** How long settling waits for the signer's transactions still in flight (default 120 s). */
  pendingTimeoutMs?: number;
  /**
   * The most gas one transaction may use (default 2^24, EIP-7825's cap): a write of a kind that can
   * estimate its gas (`spec.gas`) is split into transactions under it.
   */
  maxGasPerTransaction?: bigint;
}

export interface WriteOutcome<T extends WriteTarget> {
  target: T;
  /**
   * `sent`: this call's transaction made the effect. `recovered`: an earlier, interrupted try (or someone
   * else, for kinds that adopt) had made it; this call only recorded it. `unchanged`: the store and the
   * chain already showed it.
   */
  outcome: 'sent' | 'recovered' | 'unchanged';
  /** The entry that records the effect; none for an effect found on chain that the kind doesn't adopt. */
  entry?: JournalEntry;
}

export interface JournaledWriteReturnType<T extends WriteTarget> {
  /** One per target, in the order of `targets`. */
  outcomes: WriteOutcome<T>[];
  /** Gas of the transactions this call sent. */
  gasUsed: bigint;
  /** How many transactions this call sent (more than one when the gas limit split the write). */
  transactions: number;
}

/**
 * Makes the effect of `spec` for every target on the writer's registry, journaled step by step (see the
 * top of this module). Idempotent: a rerun after a crash or a success sends nothing twice.
 *
 * @throws RegistryRevertedError (refused: its entries are abandoned), PendingTransactionsError,
 *   TransactionGasLimitError (a target over the gas limit on its own: nothing sent), the chain client's
 *   errors, and the spec's own (AnchorConflictError...)
 * @example
 * const { outcomes } = await journaledWrite({ store, writer, batch, spec: anchorWrite(writer, batch), targets: [WHOLE_BATCH] })
 */
export async function journaledWrite<T extends WriteTarget>(parameters: JournaledWriteParameters<T>): Promise<JournaledWriteReturnType<T>> {
  const { store, writer, batch, spec, targets, reason, note, alsoSettle = [], pendingTimeoutMs, maxGasPerTransaction = DEFAULT_MAX_GAS_PER_TRANSACTION } = parameters;
  const key: JournalKey = { batchId: batch.id, chain: writer.registry.chain, registry: writer.registry.address };
  const wanted = new Set(targets.map((target) => target.credentialId));

  // 1. Settle what an earlier try left in flight for these targets on this registry.
  const recovered = new Map<string | undefined, JournalEntry>();
  for (const kind of [spec, ...alsoSettle]) {
    const earlier = store.journal.unfinished().filter((entry) => entry.kind === kind.kind && onKey(entry, key) && wanted.has(entry.credentialId));
    const { confirmed } = await settleEntries({ store, writer, spec: kind, entries: earlier, ...(pendingTimeoutMs === undefined ? {} : { pendingTimeoutMs }) });
    if (kind === spec) for (const entry of confirmed) recovered.set(entry.credentialId, entry);
  }

  // 2. What the chain shows already needs no transaction.
  const shows = await spec.showsEffect(targets);
  const outcomes: (WriteOutcome<T> | undefined)[] = [];
  const toSend: T[] = [];
  for (const [i, target] of targets.entries()) {
    if (!shows[i]) {
      toSend.push(target);
      continue;
    }
    const settled = recovered.get(target.credentialId);
    const last = settled ?? store.journal.lastConfirmed(spec.kind, key, target.credentialId);
    if (last) outcomes[i] = { target, outcome: settled ? 'recovered' : 'unchanged', entry: last };
    else if (spec.adopt) outcomes[i] = { target, outcome: 'recovered', entry: await adoptFound(store, writer, spec, key, target) };
    else outcomes[i] = { target, outcome: 'unchanged' };
  }

  // 3-6. Journal and send the rest, one transaction per part. Every part is planned before the first is
  // sent, so a target too big for any transaction stops the write with nothing sent.
  const parts = spec.gas
    ? await splitByGas({
        items: toSend,
        maxGas: maxGasPerTransaction,
        estimateGas: (part) => spec.gas!.estimate(part, reason),
        describe: (target) => spec.gas!.describe(target),
      })
    : toSend.length > 0
      ? [toSend]
      : [];
  const position = new Map(targets.map((target, i) => [target, i]));
  let gasUsed = 0n;
  for (const part of parts) {
    const sent = await sendJournaled({ store, writer, spec, key, targets: part, reason, note });
    gasUsed += sent.gasUsed;
    for (const [j, target] of part.entries()) {
      outcomes[position.get(target)!] = { target, outcome: sent.foundElsewhere[j] ? 'recovered' : 'sent', entry: sent.entries[j]! };
    }
  }
  return { outcomes: outcomes.map((outcome) => outcome!), gasUsed, transactions: parts.length };
}

/** How often a nonce taken by another sender is met before the write gives up (each time, nothing was lost). */
const MAX_NONCE_COLLISIONS = 5;

/**
 * Steps 3-6 for one transaction: intent, send, sent, confirmed. Returns its entries (in the order of
 * `targets`), which of them another sender's transaction made (`foundElsewhere`), and the gas ours used.
 */
async function sendJournaled<T extends WriteTarget>({
  store,
  writer,
  spec,
  key,
  targets,
  reason,
  note,
}: {
  store: IssuerStore;
  writer: RegistryWriter;
  spec: WriteKindSpec<T>;
  key: JournalKey;
  targets: readonly T[];
  reason: number | undefined;
  note: string | undefined;
}): Promise<{ entries: JournalEntry[]; foundElsewhere: boolean[]; gasUsed: bigint }> {
  const fromBlock = await chainHead(writer.registry);
  // One store transaction (one durable commit) for all of the transaction's intents.
  const ids = store.transaction(() => targets.map((target) => recordIntent(store, spec.kind, key, target, { reason, note, fromBlock }).id));
  failpoint('write-after-intent');
  const foundElsewhere = targets.map(() => false);
  // The targets still to make, by position in `targets` (and in `ids`, where a new try's entry replaces a spent one).
  let open = targets.map((_, i) => i);

  for (let collisions = 0; ; collisions++) {
    const part = open.map((i) => targets[i]!);
    const partIds = open.map((i) => ids[i]!);
    const what = `for the ${spec.kind} of batch ${key.batchId}${part.length > 1 ? ` (${part.length} credentials)` : ''} on ${key.chain}`;
    const sent = await sendOnce({ store, writer, spec, ids: partIds, targets: part, reason });
    if (sent) {
      const outcome = await awaitMined({
        writer,
        sent,
        ceiling: feeCeiling(writer, sent.fees),
        resend: (transaction) => spec.send(part, reason, transaction),
        onReplaced: (hash) => store.journal.recordReplaced(partIds, hash),
        what,
      });
      if (outcome.status === 'mined') {
        const { hash, receipt } = outcome;
        // Left `sent`: the next run settles it from the receipt (abandoned), and decides afresh.
        if (receipt.status !== 'success') throw new ChainError(`Transaction ${hash} reverted on chain ${writer.registry.chain}.`);
        const details = (await spec.confirmationDetails?.()) ?? {};
        store.journal.recordConfirmed(partIds, { txHash: hash, blockNumber: Number(receipt.blockNumber), ...details });
        failpoint('write-after-confirm');
        return { entries: ids.map((id) => store.journal.get(id)!), foundElsewhere, gasUsed: receipt.gasUsed };
      }
    }
    // Another sender of our key took the nonce. Whatever its transaction did is on chain now: an effect it
    // shows is recorded as found (its event names the transaction), the rest is sent again, fresh nonce.
    if (collisions >= MAX_NONCE_COLLISIONS) throw new NonceCollisionError(writer.wallet.account.address, what, collisions);
    const shows = await spec.showsEffect(part);
    const shown = open.filter((_, j) => shows[j]);
    if (shown.length > 0) {
      const events = await spec.findEffects(shown.map((i) => targets[i]!), fromBlock + 1);
      const details = (await spec.confirmationDetails?.()) ?? {};
      store.transaction(() => {
        for (const [j, i] of shown.entries()) {
          store.journal.recordConfirmed([ids[i]!], { ...(events[j] ?? {}), ...details });
          foundElsewhere[i] = true;
        }
      });
    }
    open = open.filter((_, j) => !shows[j]);
    if (open.length === 0) return { entries: ids.map((id) => store.journal.get(id)!), foundElsewhere, gasUsed: 0n };
    // A sent entry's nonce is spent: it is abandoned, and a new intent stands for the next try.
    const spent = open.filter((i) => store.journal.get(ids[i]!)!.state === 'sent');
    if (spent.length > 0) {
      store.transaction(() => {
        store.journal.recordAbandoned(spent.map((i) => ids[i]!));
        for (const i of spent) ids[i] = recordIntent(store, spec.kind, key, targets[i]!, { reason, note, fromBlock }).id;
      });
    }
  }
}

/**
 * Steps 4-5: sends the transaction for `targets` with the next nonce and the chain's fees, and records
 * it sent. Returns it, or undefined when the node refused the nonce as taken (another sender of our key
 * got there between our read and our send): nothing of ours was sent.
 */
async function sendOnce<T extends WriteTarget>({
  store,
  writer,
  spec,
  ids,
  targets,
  reason,
}: {
  store: IssuerStore;
  writer: RegistryWriter;
  spec: WriteKindSpec<T>;
  ids: readonly number[];
  targets: readonly T[];
  reason: number | undefined;
}): Promise<SentTransaction | undefined> {
  const transaction = await planTransaction(writer, writer.replacement?.maxFeePerGas);
  let hash: Hex;
  try {
    hash = await spec.send(targets, reason, transaction);
  } catch (error) {
    // A refused simulation ends every kind the same way: its entries are abandoned. Nothing reached the
    // node, so keeping an intent would make every later run (and `reconcile`) wait for a transaction
    // that can't exist and retry a write the registry refuses; deleting it would lose the record that the
    // issuer asked and was refused. Any other failure may have reached the node: the intent stays, for
    // the next run to settle.
    if (error instanceof RegistryRevertedError) store.journal.recordAbandoned(ids);
    if (isNonceConflict(error)) return undefined;
    throw error;
  }
  failpoint('write-after-send');
  store.journal.recordSent(ids, hash, transaction.nonce);
  failpoint('write-after-sent-recorded');
  return { nonce: transaction.nonce, fees: transaction.fees, hashes: [hash] };
}

/**
 * A new intent, or, for a batch write or a revocation the store had confirmed but the chain no longer
 * shows (a reset chain, a reorganised block), that entry reopened: a batch is anchored or revoked once per
 * registry, a credential revoked once.
 */
function recordIntent(
  store: IssuerStore,
  kind: WriteKind,
  key: JournalKey,
  target: WriteTarget,
  { reason, note, fromBlock }: { reason: number | undefined; note: string | undefined; fromBlock: number },
): JournalEntry {
  const lost =
    target.credentialId === undefined
      ? kind === 'anchor' || kind === 'revoke-batch'
        ? store.journal.live(kind, key)
        : undefined
      : // A revocation is final: one the store confirmed that the chain no longer shows was reorganised away.
        kind === 'revoke'
        ? store.journal.lastConfirmed(kind, key, target.credentialId)
        : undefined;
  if (lost) return store.journal.reopen(lost.id, fromBlock);
  const [entry] = store.journal.recordIntents([
    {
      kind,
      ...key,
      ...(target.credentialId === undefined ? {} : { credentialId: target.credentialId }),
      ...(reason === undefined ? {} : { reason }),
      ...(note === undefined ? {} : { note }),
      fromBlock,
    },
  ]);
  return entry!;
}

/** Records an effect the chain shows that no entry recorded, naming its transaction when an event does. */
async function adoptFound<T extends WriteTarget>(
  store: IssuerStore,
  writer: RegistryWriter,
  spec: WriteKindSpec<T>,
  key: JournalKey,
  target: T,
): Promise<JournalEntry> {
  const { reason, fromBlock } = await spec.adopt!();
  const [event] = fromBlock === undefined ? [undefined] : await spec.findEffects([target], fromBlock);
  const details = (await spec.confirmationDetails?.()) ?? {};
  return store.journal.recordFound(
    {
      kind: spec.kind,
      ...key,
      ...(target.credentialId === undefined ? {} : { credentialId: target.credentialId }),
      ...(reason === undefined ? {} : { reason }),
      fromBlock: fromBlock ?? (await chainHead(writer.registry)),
    },
    { ...(event ?? {}), ...details },
  );
}

export interface SettleEntriesParameters<T extends WriteTarget> {
  store: IssuerStore;
  writer: RegistryWriter;
  spec: WriteKindSpec<T>;
  /** Unfinished entries of `spec.kind` on the writer's registry. */
  entries: readonly JournalEntry[];
  pendingTimeoutMs?: number;
}

export interface SettledEntries {
  confirmed: JournalEntry[];
  abandoned: JournalEntry[];
}

/**
 * Step 1: settles entries an earlier run left as `intent` or `sent`: each becomes `confirmed` (with the
 * transaction that made its effect) or `abandoned` (it never took effect). Nothing is sent: whether the
 * write is still wanted is the caller's decision.
 */
export async function settleEntries<T extends WriteTarget>({
  store,
  writer,
  spec,
  entries,
  pendingTimeoutMs,
}: SettleEntriesParameters<T>): Promise<SettledEntries> {
  // Entries whose hash was recorded: the receipt says what happened, unless the node forgot the transaction.
  const decided: { entry: JournalEntry; event: FoundEvent | undefined }[] = [];
  const unresolved: JournalEntry[] = [];
  // Entries sent together share their hashes: one transaction, settled once.
  const byTransaction = new Map<Hex, JournalEntry[]>();
  for (const entry of entries) {
    if (!entry.txHash) unresolved.push(entry);
    else byTransaction.set(entry.txHash, [...(byTransaction.get(entry.txHash) ?? []), entry]);
  }
  for (const group of byTransaction.values()) {
    const outcome = await settleTransaction(store, writer, spec, group);
    if (outcome.status === 'success') for (const entry of group) decided.push({ entry, event: { txHash: outcome.hash, blockNumber: outcome.blockNumber } });
    else if (outcome.status === 'reverted') for (const entry of group) decided.push({ entry, event: undefined });
    else unresolved.push(...group);
  }

  // No usable hash (a crash came between sending and recording it, or before sending): once nothing of the
  // signer's is in flight, the registry's events say whether it happened. The intent recorded the head
  // before anything was sent, so its transaction is in a later block; an earlier event is someone else's.
  if (unresolved.length > 0) {
    await waitForIdleSigner(writer, pendingTimeoutMs === undefined ? {} : { timeoutMs: pendingTimeoutMs });
    const fromBlock = Math.min(...unresolved.map((entry) => entry.fromBlock)) + 1;
    const events = await spec.findEffects(unresolved.map((entry) => spec.targetOf(entry)), fromBlock);
    for (const [i, entry] of unresolved.entries()) {
      const event = events[i];
      decided.push({ entry, event: event && event.blockNumber > entry.fromBlock ? event : undefined });
    }
  }

  const details = decided.some(({ event }) => event) ? ((await spec.confirmationDetails?.()) ?? {}) : {};
  store.transaction(() => {
    for (const { entry, event } of decided) {
      if (event) store.journal.recordConfirmed([entry.id], { ...event, ...details });
      else store.journal.recordAbandoned([entry.id]);
    }
  });
  const result: SettledEntries = { confirmed: [], abandoned: [] };
  for (const { entry, event } of decided) (event ? result.confirmed : result.abandoned).push(store.journal.get(entry.id)!);
  return result;
}

/**
 * What became of the transaction an earlier run sent for `group` (entries sharing its hashes): mined
 * (success or reverted), or unknown to the node. One still pending is waited for, and replaced as a first
 * send would be (same nonce, higher fees, up to the issuer's ceiling): a rerun with a higher
 * `--max-fee-per-gas` carries on where the last run stopped. Unknown, and a nonce taken by someone else,
 * are left to the registry's events.
 */
async function settleTransaction<T extends WriteTarget>(
  store: IssuerStore,
  writer: RegistryWriter,
  spec: WriteKindSpec<T>,
  group: readonly JournalEntry[],
): Promise<{ status: 'success' | 'reverted'; hash: Hex; blockNumber: number } | { status: 'unknown' }> {
  const [first] = group;
  const hashes = [...(first!.replacedTxHashes ?? []), first!.txHash!];
  const outcome = await transactionOutcome(writer, hashes);
  if (outcome.status !== 'pending') return outcome;
  if (first!.nonce === undefined) {
    // Sent by a version that kept no nonce: it can't be replaced, only waited for.
    const receipt = await waitForReceipt(writer.registry, { hash: outcome.hash, confirmations: writer.confirmations ?? 1 });
    return { status: receipt.status, hash: outcome.hash, blockNumber: Number(receipt.blockNumber) };
  }
  const ids = group.map((entry) => entry.id);
  const targets = group.map((entry) => spec.targetOf(entry));
  const mined = await awaitMined({
    writer,
    sent: { nonce: first!.nonce, fees: outcome.fees, hashes },
    ceiling: feeCeiling(writer, outcome.fees),
    resend: (transaction) => spec.send(targets, first!.reason, transaction),
    onReplaced: (hash) => store.journal.recordReplaced(ids, hash),
    what: `for the ${spec.kind} of batch ${first!.batchId}${group.length > 1 ? ` (${group.length} credentials)` : ''} on ${first!.chain}`,
  });
  if (mined.status === 'nonce-taken') return { status: 'unknown' };
  return { status: mined.receipt.status, hash: mined.hash, blockNumber: Number(mined.receipt.blockNumber) };
}

function onKey(entry: JournalEntry, key: JournalKey): boolean {
  return entry.batchId === key.batchId && entry.chain === key.chain && entry.registry.toLowerCase() === key.registry.toLowerCase();
}
