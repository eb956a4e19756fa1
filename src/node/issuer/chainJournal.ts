import { type Address, type Hex, getAbiItem } from 'viem';
import { credentialRegistryAbi } from '../../abi/index.js';
import type { Registry } from '../../chain/connect.js';
import { toChainError } from '../../chain/errors.js';
import type { Fees } from '../../chain/fees.js';
import { findStatusEvents as findStatusEventsOnChain } from '../../chain/statusEvents.js';
import { waitForReceipt } from '../../chain/waitForReceipt.js';
import type { RegistryWriter } from '../../chain/writes.js';
import type { StatusKind } from '../store/index.js';
import { PendingTransactionsError } from './errors.js';

/**
 * Chain reads the crash recovery relies on: where the chain head is (recorded with each intent), whether
 * a transaction whose hash we kept was mined, whether the signer still has transactions in flight, and
 * which registry events happened since an intent. Events, not an explorer API, tell what was done.
 */

export async function chainHead(registry: Registry): Promise<number> {
  return guard(registry, async () => Number(await registry.client.getBlockNumber({ cacheTime: 0 })));
}

export type TransactionOutcome =
  | { status: 'unknown' }
  /** In the node's mempool, not mined: its fees, to replace it. */
  | { status: 'pending'; hash: Hex; fees: Fees }
  | { status: 'success' | 'reverted'; hash: Hex; blockNumber: number; gasUsed: bigint };

/**
 * What became of a transaction we sent, given every hash sent with its nonce (a replacement has its own):
 * one of them mined (success or reverted: waited for with the writer's confirmations), one still in the
 * mempool (the latest the node knows), or none known to the node (never arrived, or dropped).
 */
export async function transactionOutcome(writer: RegistryWriter, hashes: readonly Hex[]): Promise<TransactionOutcome> {
  const { registry } = writer;
  return guard(registry, async () => {
    for (const hash of hashes) {
      const receipt = await registry.client.getTransactionReceipt({ hash }).catch((error: Error) => {
        if (error.name === 'TransactionReceiptNotFoundError') return undefined;
        throw error;
      });
      if (!receipt) continue;
      const confirmed = await waitForReceipt(registry, { hash, confirmations: writer.confirmations ?? 1 });
      return { status: confirmed.status, hash, blockNumber: Number(confirmed.blockNumber), gasUsed: confirmed.gasUsed };
    }
    for (const hash of [...hashes].reverse()) {
      const transaction = await registry.client.getTransaction({ hash }).catch((error: Error) => {
        if (error.name === 'TransactionNotFoundError') return undefined;
        throw error;
      });
      if (!transaction) continue;
      // Mined between the two reads: its receipt is there now.
      if (transaction.blockNumber !== null) return transactionOutcome(writer, hashes);
      const fees: Fees =
        transaction.maxFeePerGas !== undefined && transaction.maxPriorityFeePerGas !== undefined
          ? { type: 'eip1559', maxFeePerGas: transaction.maxFeePerGas, maxPriorityFeePerGas: transaction.maxPriorityFeePerGas }
          : { type: 'legacy', gasPrice: transaction.gasPrice ?? 0n };
      return { status: 'pending', hash, fees };
    }
    return { status: 'unknown' };
  });
}

/**
 * Waits until the signer has no transaction in flight (its pending nonce equals its mined nonce). After a
 * crash between sending and recording a hash, the transaction may still be in the mempool: deciding
 * "not on chain, send again" before it is mined could send it twice.
 */
export async function waitForIdleSigner(
  writer: RegistryWriter,
  { timeoutMs = 120_000, pollMs = 1_000 }: { timeoutMs?: number; pollMs?: number } = {},
): Promise<void> {
  const { registry, wallet } = writer;
  const address = wallet.account.address;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [mined, pending] = await guard(registry, () =>
      Promise.all([
        registry.client.getTransactionCount({ address, blockTag: 'latest' }),
        registry.client.getTransactionCount({ address, blockTag: 'pending' }),
      ]),
    );
    if (pending <= mined) return;
    if (Date.now() >= deadline) throw new PendingTransactionsError(address, pending - mined);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

export interface FoundEvent {
  txHash: Hex;
  blockNumber: number;
}

/** The `BatchAnchored` event of `(issuer, root)` at or after `fromBlock`, if there is one. */
export function findBatchAnchored(registry: Registry, issuer: Address, root: Hex, fromBlock: number): Promise<FoundEvent | undefined> {
  return findBatchEvent(registry, 'BatchAnchored', issuer, root, fromBlock);
}

/** The `BatchRevoked` event of `(issuer, root)` at or after `fromBlock`, if there is one. */
export function findBatchRevoked(registry: Registry, issuer: Address, root: Hex, fromBlock: number): Promise<FoundEvent | undefined> {
  return findBatchEvent(registry, 'BatchRevoked', issuer, root, fromBlock);
}

/** Both events happen at most once per (issuer, root): the registry refuses a second anchor or batch revocation. */
async function findBatchEvent(
  registry: Registry,
  name: 'BatchAnchored' | 'BatchRevoked',
  issuer: Address,
  root: Hex,
  fromBlock: number,
): Promise<FoundEvent | undefined> {
  const logs = await guard(registry, () =>
    registry.client.getLogs({
      address: registry.address,
      // The two events share the indexed (issuer, root) read here; one type keeps viem's inference simple.
      event: getAbiItem({ abi: credentialRegistryAbi, name: name as 'BatchAnchored' }),
      args: { issuer, root },
      fromBlock: BigInt(fromBlock),
      toBlock: 'latest',
    }),
  );
  const log = logs.find((entry) => !entry.removed && entry.transactionHash && entry.blockNumber !== null);
  return log ? { txHash: log.transactionHash!, blockNumber: Number(log.blockNumber) } : undefined;
}

/**
 * For each of `indices`, the last event of `kind` since `fromBlock` that set its bit in `(issuer, root)`
 * (see `findStatusEvents` in the chain client).
 */
export async function findStatusEvents(
  registry: Registry,
  kind: StatusKind,
  issuer: Address,
  root: Hex,
  indices: readonly number[],
  fromBlock: number,
): Promise<Map<number, FoundEvent>> {
  return guard(registry, () => findStatusEventsOnChain(registry.client, registry.address, kind, { issuer, root, indices, fromBlock }));
}

async function guard<T>(registry: Registry, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toChainError(error, registry.chain);
  }
}
