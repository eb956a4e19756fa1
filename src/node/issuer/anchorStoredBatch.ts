import type { Address, Hex } from 'viem';
import { readBatch } from '../../chain/reads.js';
import { type RegistryWriter, sendWrite } from '../../chain/writes.js';
import type { IssuerStore, StoredBatch } from '../store/index.js';
import { chainHead, findBatchAnchored } from './chainJournal.js';
import { addAnchorToFiles } from './anchorFiles.js';
import { recoverBatchFolder } from './batchFolder.js';
import { AnchorConflictError, BatchDiscardedError, BatchNotFoundError } from './errors.js';
import { WHOLE_BATCH, type WriteKindSpec, type WriteTarget, journaledWrite } from './journaledWrite.js';
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
 * Anchors a stored batch on the writer's registry, crash-safely (a journaled write: see journaledWrite.ts),
 * then adds the anchor to every credential file of the batch. The registry keys batches by (issuer, root)
 * and refuses a second anchor, so a rerun after a crash anywhere finds out what happened: there is exactly
 * one anchoring transaction, and every file ends up with the anchor. An anchor the store has confirmed but
 * the chain no longer shows (a reset chain, a reorganised block) is sent again, journaled the same way.
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

/**
 * Anchoring as a kind of journaled write: the effect is the registry's record of (issuer, root), of the
 * batch's size; it is found by its `BatchAnchored` event; an anchor done elsewhere is adopted, since the
 * store must know where its batches are anchored.
 */
export function anchorWrite(writer: RegistryWriter, batch: StoredBatch): WriteKindSpec<WriteTarget> {
  const { registry } = writer;
  const anchored = async () => {
    const record = await readBatch(registry, batch.issuer, batch.root);
    if (record && record.size !== batch.size) {
      throw new AnchorConflictError(
        `Batch ${batch.id} (root ${batch.root}) is anchored on ${registry.chain} with size ${record.size}, but the store says ${batch.size}.`,
      );
    }
    return record;
  };
  return {
    kind: 'anchor',
    targetOf: () => WHOLE_BATCH,
    showsEffect: async (targets) => {
      const record = await anchored();
      return targets.map(() => record !== undefined);
    },
    findEffects: async (targets, fromBlock) => {
      const event = await findBatchAnchored(registry, batch.issuer, batch.root, fromBlock);
      return targets.map(() => event);
    },
    send: (_, __, transaction) => sendWrite(writer, 'anchor', [batch.issuer, batch.root, batch.size], transaction),
    confirmationDetails: async () => {
      const record = await anchored();
      if (!record) throw new AnchorConflictError(`Batch ${batch.id} is not anchored on ${registry.chain}, though its anchoring transaction was mined.`);
      return { anchoredAt: isoSeconds(record.anchoredAt) };
    },
    // Anchored by another copy of the store: its event is somewhere before anything we know of; not looked for.
    adopt: async () => ({}),
  };
}

async function anchorLocked(
  { store, writer, onProgress, pendingTimeoutMs }: AnchorStoredBatchParameters,
  batch: StoredBatch,
): Promise<AnchorStoredBatchReturnType> {
  // Read again under the lock: a `discard` may have marked the batch since the caller looked it up.
  if (store.batches.get(batch.id)?.discardedAt !== undefined) throw new BatchDiscardedError(batch.id);
  const {
    outcomes: [result],
    gasUsed,
  } = await journaledWrite({
    store,
    writer,
    batch,
    spec: anchorWrite(writer, batch),
    targets: [WHOLE_BATCH],
    ...(pendingTimeoutMs === undefined ? {} : { pendingTimeoutMs }),
  });

  // An issue killed after its commit may not have moved the batch's folder into place yet.
  recoverBatchFolder(store, batch);
  const filesUpdated = await addAnchorToFiles({ store, batch, anchor: result!.entry!, onProgress });
  const anchor = store.journal.get(result!.entry!.id)!;
  return {
    batchId: batch.id,
    chain: anchor.chain,
    registry: anchor.registry,
    issuer: batch.issuer,
    root: batch.root,
    outcome: result!.outcome,
    ...(anchor.txHash ? { txHash: anchor.txHash } : {}),
    ...(anchor.blockNumber !== undefined ? { blockNumber: anchor.blockNumber } : {}),
    ...(result!.outcome === 'sent' ? { gasUsed } : {}),
    anchoredAt: anchor.anchoredAt!,
    filesUpdated,
  };
}

/**
 * How deep a block may be and still be reorganised away, for `findLostAnchors`. Reorgs on public chains go
 * a few blocks deep; Ethereum finalises a block after two epochs (64 blocks). 256 leaves a wide margin while
 * keeping the check to recent anchors, so a store of many batches costs few calls.
 */
export const REORG_WINDOW_BLOCKS = 256;

/**
 * The batches the store records as anchored on the writer's registry, in the last `REORG_WINDOW_BLOCKS`
 * blocks (or in a block beyond the head: a chain reset), that the registry no longer holds: their block
 * was reorganised away after the store confirmed them. `anchorStoredBatch` sends each again.
 */
export async function findLostAnchors(store: IssuerStore, writer: RegistryWriter): Promise<{ batchId: string; txHash?: Hex; blockNumber: number }[]> {
  const { registry } = writer;
  const head = await chainHead(registry);
  const lost: { batchId: string; txHash?: Hex; blockNumber: number }[] = [];
  for (const batch of store.batches.list()) {
    if (batch.state !== 'anchored' || batch.discardedAt !== undefined) continue;
    const anchor = store.anchors.get({ batchId: batch.id, chain: registry.chain, registry: registry.address });
    if (anchor?.state !== 'confirmed' || anchor.blockNumber === undefined || anchor.blockNumber + REORG_WINDOW_BLOCKS < head) continue;
    if (await readBatch(registry, batch.issuer, batch.root)) continue;
    lost.push({ batchId: batch.id, ...(anchor.txHash ? { txHash: anchor.txHash } : {}), blockNumber: anchor.blockNumber });
  }
  return lost;
}

function isoSeconds(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace('.000Z', 'Z');
}
