import type { Address, Hex } from 'viem';
import { readBatch } from '../../chain/reads.js';
import { type RegistryWriter, sendWrite } from '../../chain/writes.js';
import type { IssuerStore, StoredBatch } from '../store/index.js';
import { findBatchRevoked } from './chainJournal.js';
import { BatchNotAnchoredError, BatchNotFoundError } from './errors.js';
import { WHOLE_BATCH, type WriteKindSpec, type WriteTarget, journaledWrite } from './journaledWrite.js';
import { withBatchLock } from './lock.js';
import { assertReasonCode } from './reasonCode.js';

export interface RevokeStoredBatchParameters {
  store: IssuerStore;
  batchId: string;
  /** The registry and the account that signs (the issuer or one of its revoke operators). */
  writer: RegistryWriter;
  /**
   * Reason code recorded on chain (0-255; default 0, unspecified). When an interrupted earlier run's
   * revocation is found on chain, the result reports the reason it sent.
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
 * verifies as revoked), crash-safely (a journaled write: see journaledWrite.ts): a rerun after a crash
 * anywhere finds out from the registry whether it happened, so there is exactly one revocation
 * transaction.
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

/**
 * Whole-batch revocation as a kind of journaled write: the effect is the revoked flag of the registry's
 * record of (issuer, root), found by its `BatchRevoked` event. One done elsewhere is adopted with the
 * reason on chain, its event looked for from the batch's anchoring on (it can't be earlier).
 */
export function batchRevocationWrite(store: IssuerStore, writer: RegistryWriter, batch: StoredBatch): WriteKindSpec<WriteTarget> {
  const { registry } = writer;
  const key = { batchId: batch.id, chain: registry.chain, registry: registry.address };
  return {
    kind: 'revoke-batch',
    targetOf: () => WHOLE_BATCH,
    showsEffect: async (targets) => {
      const record = await readBatch(registry, batch.issuer, batch.root);
      return targets.map(() => record?.revoked === true);
    },
    findEffects: async (targets, fromBlock) => {
      const event = await findBatchRevoked(registry, batch.issuer, batch.root, fromBlock);
      return targets.map(() => event);
    },
    send: (_, reason, transaction) => sendWrite(writer, 'revokeBatch', [batch.issuer, batch.root, reason ?? 0], transaction),
    adopt: async () => ({
      reason: (await readBatch(registry, batch.issuer, batch.root))?.revokeReason ?? 0,
      fromBlock: store.anchors.get(key)?.fromBlock ?? 0,
    }),
  };
}

async function revokeLocked(
  { store, writer, reason, note, pendingTimeoutMs }: RevokeStoredBatchParameters & { reason: number },
  batch: StoredBatch,
): Promise<RevokeStoredBatchReturnType> {
  const { registry } = writer;
  if (!(await readBatch(registry, batch.issuer, batch.root))) throw new BatchNotAnchoredError(batch.id, registry.chain, registry.address);
  const {
    outcomes: [result],
    gasUsed,
  } = await journaledWrite({
    store,
    writer,
    batch,
    spec: batchRevocationWrite(store, writer, batch),
    targets: [WHOLE_BATCH],
    reason,
    ...(note === undefined ? {} : { note }),
    ...(pendingTimeoutMs === undefined ? {} : { pendingTimeoutMs }),
  });
  const record = result!.entry!;
  return {
    batchId: batch.id,
    chain: record.chain,
    registry: record.registry,
    issuer: batch.issuer,
    root: batch.root,
    credentials: batch.size,
    outcome: result!.outcome,
    reason: record.reason!,
    ...(record.txHash ? { txHash: record.txHash } : {}),
    ...(record.blockNumber !== undefined ? { blockNumber: record.blockNumber } : {}),
    ...(result!.outcome === 'sent' ? { gasUsed } : {}),
  };
}
