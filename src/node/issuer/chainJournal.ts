import { type Address, type Hex, getAbiItem } from 'viem';
import { credentialRegistryAbi } from '../../abi/index.js';
import type { Registry } from '../../chain/connect.js';
import { toChainError } from '../../chain/errors.js';
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
  | { status: 'success' | 'reverted'; blockNumber: number; gasUsed: bigint };

/**
 * What became of a transaction we sent: mined (success or reverted), or unknown to the node (never
 * arrived, or dropped). A pending transaction is waited for.
 */
export async function transactionOutcome(writer: RegistryWriter, hash: Hex): Promise<TransactionOutcome> {
  const { registry } = writer;
  return guard(registry, async () => {
    try {
      await registry.client.getTransaction({ hash });
    } catch (error) {
      if ((error as Error).name === 'TransactionNotFoundError') return { status: 'unknown' };
      throw error;
    }
    const receipt = await waitForReceipt(registry, { hash, confirmations: writer.confirmations ?? 1 });
    return { status: receipt.status, blockNumber: Number(receipt.blockNumber), gasUsed: receipt.gasUsed };
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
