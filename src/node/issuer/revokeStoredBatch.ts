import type { Address, Hex } from 'viem';
import { type BatchRecord, readBatch } from '../../chain/reads.js';
import { RegistryRevertedError } from '../../chain/errors.js';
import { type RegistryWriter, sendWrite, waitForWrite } from '../../chain/writes.js';
import type { BatchRevocationKey, IssuerStore, StoredBatch, StoredBatchRevocation } from '../store/index.js';
import { chainHead, findBatchRevoked, transactionOutcome, waitForIdleSigner } from './chainJournal.js';
import { BatchNotAnchoredError, BatchNotFoundError } from './errors.js';
import { failpoint } from './failpoint.js';
import { withBatchLock } from './lock.js';
import { assertReasonCode } from './reasonCode.js';

export interface RevokeStoredBatchParameters {
  store: IssuerStore;
  batchId: string;
  /** The registry and the account that signs (the issuer or one of its revoke operators). */
  writer: RegistryWriter;
  /**
   * Reason code recorded on chain (0-255; default 0, unspecified). A rerun after a crash keeps the reason
   * of the interrupted run's intent: that is what may already be on its way to the chain.
   */
  reason?: number;
  /** A note kept in the store only (never on chain). */
  note?: string;
  /** How long a rerun waits for the signer's transactions still in flight (default 120 s). */
  pendingTimeoutMs?: number;
}

export interface RevokeStoredBatchReturnType {
  batchId: string;
  chain: string;
  registry: Address;
  issuer: Address;
  root: Hex;
  /** Every credential of the batch: a whole-batch revocation covers them all. */
  credentials: number;
  /**
   * `sent`: this call sent the revocation. `recovered`: the chain already showed the batch revoked (by an
   * earlier, interrupted run, or elsewhere) and the store now records it; nothing was sent. `unchanged`:
   * the store already had it confirmed.
   */
  outcome: 'sent' | 'recovered' | 'unchanged';
  /** The reason code on chain. */
  reason: number;
  /** Undefined only when a revocation found on chain after a crash has no readable event since the intent. */
  txHash?: Hex;
  blockNumber?: number;
  /** Gas of the revocation, when this call sent it. */
  gasUsed?: bigint;
}

/**
 * Revokes a whole stored batch on the writer's registry (final: every credential of the batch then
 * verifies as revoked), crash-safely: the intent is journaled before the transaction is sent, and a rerun
 * after a crash anywhere finds out from the registry whether it happened, so there is exactly one
 * revocation transaction.
 *
 * @throws BatchNotFoundError, BatchNotAnchoredError, BatchBusyError, PendingTransactionsError, IssuerError
 *   (bad reason code), and the chain client's errors (ChainUnreachableError, RegistryRevertedError...)
 * @example
 * const { txHash, credentials } = await revokeStoredBatch({ store, batchId, writer, reason: 1, note: 'course withdrawn' })
 */
export async function revokeStoredBatch(parameters: RevokeStoredBatchParameters): Promise<RevokeStoredBatchReturnType> {
  const { store, batchId, reason = 0 } = parameters;
  assertReasonCode(reason);
  const batch = store.batches.get(batchId);
  if (!batch) throw new BatchNotFoundError(batchId);
  return withBatchLock(store, batchId, () => revokeLocked({ ...parameters, reason }, batch));
}

async function revokeLocked(
  { store, writer, reason, note, pendingTimeoutMs }: RevokeStoredBatchParameters & { reason: number },
  batch: StoredBatch,
): Promise<RevokeStoredBatchReturnType> {
  const { registry } = writer;
  const key: BatchRevocationKey = { batchId: batch.id, chain: registry.chain, registry: registry.address };
  const result = (outcome: RevokeStoredBatchReturnType['outcome'], extra: { gasUsed?: bigint } = {}): RevokeStoredBatchReturnType => {
    const record = store.batchRevocations.get(key)!;
    return {
      batchId: batch.id,
      chain: key.chain,
      registry: record.registry,
      issuer: batch.issuer,
      root: batch.root,
      credentials: batch.size,
      outcome,
      reason: record.reason,
      ...(record.txHash ? { txHash: record.txHash } : {}),
      ...(record.blockNumber !== undefined ? { blockNumber: record.blockNumber } : {}),
      ...extra,
    };
  };

  let record = store.batchRevocations.get(key);
  if (record?.state === 'confirmed') return result('unchanged');

  let onChain = await readBatch(registry, batch.issuer, batch.root);
  if (!onChain) throw new BatchNotAnchoredError(batch.id, registry.chain, registry.address);
  if (record && !onChain.revoked) {
    // An earlier run recorded its intent and stopped: let what it may have sent land before deciding.
    if (record.txHash) await transactionOutcome(writer, record.txHash);
    else await waitForIdleSigner(writer, pendingTimeoutMs === undefined ? {} : { timeoutMs: pendingTimeoutMs });
    onChain = await readBatch(registry, batch.issuer, batch.root);
  }
  if (onChain?.revoked) {
    await recordFound(store, writer, batch, key, record, onChain);
    return result('recovered');
  }

  if (!record) {
    record = store.batchRevocations.recordIntent(key, { reason, ...(note === undefined ? {} : { note }), fromBlock: await chainHead(registry) });
    failpoint('batch-revoke-after-intent');
  }
  let hash: Hex;
  try {
    hash = await sendWrite(writer, 'revokeBatch', [batch.issuer, batch.root, record.reason]);
  } catch (error) {
    // A rejected simulation means nothing was sent (not allowed, say): no intent is left behind. Any
    // other failure may have reached the node, so the intent stays for the next run to settle.
    if (error instanceof RegistryRevertedError) store.batchRevocations.discardIntent(key);
    throw error;
  }
  failpoint('batch-revoke-after-send');
  store.batchRevocations.recordSent(key, hash);
  failpoint('batch-revoke-after-sent-recorded');
  const receipt = await waitForWrite(writer, hash);
  store.batchRevocations.recordConfirmed(key, { txHash: hash, blockNumber: Number(receipt.blockNumber) });
  return result('sent', { gasUsed: receipt.gasUsed });
}

/**
 * The chain shows the batch revoked: records that, naming the transaction when its event can be found
 * (after our intent, or, with no intent of ours, after the batch's anchoring: it can't be earlier).
 */
async function recordFound(
  store: IssuerStore,
  writer: RegistryWriter,
  batch: StoredBatch,
  key: BatchRevocationKey,
  record: StoredBatchRevocation | undefined,
  onChain: BatchRecord,
): Promise<void> {
  const fromBlock = record?.fromBlock ?? store.anchors.get(key)?.fromBlock ?? 0;
  let found = await findBatchRevoked(writer.registry, batch.issuer, batch.root, fromBlock);
  if (!found && record?.txHash) {
    const outcome = await transactionOutcome(writer, record.txHash);
    if (outcome.status === 'success') found = { txHash: record.txHash, blockNumber: outcome.blockNumber };
  }
  store.transaction(() => {
    if (!record) store.batchRevocations.recordIntent(key, { reason: onChain.revokeReason, fromBlock });
    store.batchRevocations.recordConfirmed(key, found ?? {});
  });
}
