import type { Address, Hex } from 'viem';
import { readBatch } from '../../chain/reads.js';
import { type RegistryWriter, sendWrite, waitForWrite } from '../../chain/writes.js';
import type { AnchorKey, IssuerStore, StoredAnchor, StoredBatch } from '../store/index.js';
import { chainHead, findBatchAnchored, transactionOutcome, waitForIdleSigner } from './chainJournal.js';
import { addAnchorToFiles } from './anchorFiles.js';
import { recoverBatchFolder } from './batchFolder.js';
import { AnchorConflictError, BatchDiscardedError, BatchNotFoundError } from './errors.js';
import { failpoint } from './failpoint.js';
import { withBatchLock } from './lock.js';

export interface AnchorStoredBatchParameters {
  store: IssuerStore;
  batchId: string;
  /** The registry to anchor on and the account that signs (the issuer or one of its anchor operators). */
  writer: RegistryWriter;
  /** Called as credential files get the anchor. */
  onProgress?: (done: number, total: number) => void;
  /**
   * How long a rerun waits for the signer's transactions still in flight before deciding whether the
   * anchor needs sending (default 120 s).
   */
  pendingTimeoutMs?: number;
}

export interface AnchorStoredBatchReturnType {
  batchId: string;
  chain: string;
  registry: Address;
  issuer: Address;
  root: Hex;
  /**
   * `sent`: this call sent the anchoring transaction. `recovered`: the batch was already anchored on chain
   * (by an earlier, interrupted run, or by another copy of the store); nothing was sent. `unchanged`: the
   * store already had the anchor confirmed.
   */
  outcome: 'sent' | 'recovered' | 'unchanged';
  /** Undefined only when an anchor found on chain after a crash has no readable event since the intent. */
  txHash?: Hex;
  blockNumber?: number;
  /** Gas of the anchoring transaction, when this call sent it. */
  gasUsed?: bigint;
  /** ISO 8601 block time of the anchor, as the registry recorded it. */
  anchoredAt: string;
  /** Credential files this call added the anchor to (the others already had it). */
  filesUpdated: number;
}

/**
 * Anchors a stored batch on the writer's registry, crash-safely, then adds the anchor to every credential
 * file of the batch. Each step is journaled in the store before (intent) or right after (hash,
 * confirmation, files) it happens; a rerun after a crash anywhere reconciles with the chain, which keys
 * batches by (issuer, root) and refuses a second anchor: so there is exactly one anchoring transaction,
 * and every file ends up with the anchor. An anchor the store has confirmed but the chain no longer shows
 * (a reset chain, a reorganised block) is sent again, journaled the same way.
 *
 * @throws BatchNotFoundError, BatchDiscardedError, BatchBusyError, AnchorConflictError, PendingTransactionsError,
 *   CredentialFilesError, and the chain client's errors (ChainUnreachableError, RegistryRevertedError...)
 * @example
 * const result = await anchorStoredBatch({ store, batchId, writer: { registry, wallet } })
 * console.log(result.txHash, result.gasUsed)
 */
export async function anchorStoredBatch(parameters: AnchorStoredBatchParameters): Promise<AnchorStoredBatchReturnType> {
  const { store, batchId } = parameters;
  const batch = store.batches.get(batchId);
  if (!batch) throw new BatchNotFoundError(batchId);
  return withBatchLock(store, batchId, () => anchorLocked(parameters, batch));
}

async function anchorLocked(
  { store, writer, onProgress, pendingTimeoutMs }: AnchorStoredBatchParameters,
  batch: StoredBatch,
): Promise<AnchorStoredBatchReturnType> {
  // Read again under the lock: a `discard` may have marked the batch since the caller looked it up.
  if (store.batches.get(batch.id)?.discardedAt !== undefined) throw new BatchDiscardedError(batch.id);
  const key: AnchorKey = { batchId: batch.id, chain: writer.registry.chain, registry: writer.registry.address };
  let anchor = store.anchors.get(key);
  let outcome: AnchorStoredBatchReturnType['outcome'] = 'unchanged';
  let gasUsed: bigint | undefined;
  let resumed = anchor !== undefined;

  // Confirmed here, but gone from the chain (a restarted local chain, a reorganised block): anchor it again.
  if (anchor?.state === 'confirmed' && !(await readBatch(writer.registry, batch.issuer, batch.root))) {
    anchor = store.anchors.recordLost(key, await chainHead(writer.registry));
    resumed = false;
  }

  if (anchor?.state !== 'confirmed') {
    if (!anchor) {
      anchor = store.anchors.recordIntent(key, await chainHead(writer.registry));
      failpoint('after-intent');
    }
    const done = await reconcile(store, writer, batch, anchor, resumed, pendingTimeoutMs);
    if (done) {
      outcome = 'recovered';
    } else {
      gasUsed = await send(store, writer, batch, key);
      outcome = 'sent';
    }
    anchor = store.anchors.get(key)!;
  }

  // An issue killed after its commit may not have moved the batch's folder into place yet.
  recoverBatchFolder(store, batch);
  const filesUpdated = await addAnchorToFiles({ store, batch, anchor, onProgress });
  const final = store.anchors.get(key)!;
  return {
    batchId: batch.id,
    chain: key.chain,
    registry: final.registry,
    issuer: batch.issuer,
    root: batch.root,
    outcome,
    ...(final.txHash ? { txHash: final.txHash } : {}),
    ...(final.blockNumber !== undefined ? { blockNumber: final.blockNumber } : {}),
    ...(gasUsed !== undefined ? { gasUsed } : {}),
    anchoredAt: final.anchoredAt!,
    filesUpdated,
  };
}

/**
 * Works out whether the batch is already anchored (a previous run got that far before dying) and, if so,
 * records the confirmation. Returns whether it was.
 */
async function reconcile(
  store: IssuerStore,
  writer: RegistryWriter,
  batch: StoredBatch,
  anchor: StoredAnchor,
  resumed: boolean,
  pendingTimeoutMs: number | undefined,
): Promise<boolean> {
  const { registry } = writer;
  let onChain = await readBatch(registry, batch.issuer, batch.root);
  if (!onChain && anchor.txHash) {
    // The hash was recorded: wait for that transaction if the node still has it.
    await transactionOutcome(writer, anchor.txHash);
    onChain = await readBatch(registry, batch.issuer, batch.root);
  }
  if (!onChain && resumed) {
    // A crash may have come between sending and recording the hash: let anything in flight land first.
    await waitForIdleSigner(writer, pendingTimeoutMs === undefined ? {} : { timeoutMs: pendingTimeoutMs });
    onChain = await readBatch(registry, batch.issuer, batch.root);
  }
  if (!onChain) return false;

  if (onChain.size !== batch.size) {
    throw new AnchorConflictError(
      `Batch ${batch.id} (root ${batch.root}) is anchored on ${registry.chain} with size ${onChain.size}, but the store says ${batch.size}.`,
    );
  }
  // The event names the transaction that actually anchored, whoever sent it.
  const event = await findBatchAnchored(registry, batch.issuer, batch.root, anchor.fromBlock);
  let found = event;
  if (!found && anchor.txHash) {
    const outcome = await transactionOutcome(writer, anchor.txHash);
    if (outcome.status === 'success') found = { txHash: anchor.txHash, blockNumber: outcome.blockNumber };
  }
  store.anchors.recordConfirmed(anchor, {
    ...(found ? { txHash: found.txHash, blockNumber: found.blockNumber } : {}),
    anchoredAt: isoSeconds(onChain.anchoredAt),
  });
  return true;
}

/** Sends the anchoring transaction, journaling its hash and then its confirmation. Returns its gas. */
async function send(store: IssuerStore, writer: RegistryWriter, batch: StoredBatch, key: AnchorKey): Promise<bigint> {
  const hash = await sendWrite(writer, 'anchor', [batch.issuer, batch.root, batch.size]);
  failpoint('after-send');
  store.anchors.recordSent(key, hash);
  failpoint('after-sent-recorded');
  const receipt = await waitForWrite(writer, hash);
  const record = await readBatch(writer.registry, batch.issuer, batch.root);
  if (!record) throw new AnchorConflictError(`Transaction ${hash} was mined but batch ${batch.id} is not anchored on ${key.chain}.`);
  store.anchors.recordConfirmed(key, { txHash: hash, blockNumber: Number(receipt.blockNumber), anchoredAt: isoSeconds(record.anchoredAt) });
  failpoint('after-confirm');
  return receipt.gasUsed;
}

function isoSeconds(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace('.000Z', 'Z');
}
