import type { Hex, TransactionReceipt } from 'viem';
import type { Registry } from './connect.js';
import { ChainError, ChainUnreachableError, chainErrorIn, isUnreachable } from './errors.js';

export interface WaitForReceiptParameters {
  hash: Hex;
  /** Blocks to wait for after inclusion (default 1: included). */
  confirmations?: number;
  /** Give up after this long (default 180 s). */
  timeoutMs?: number;
  /** Time between polls (default: the client's polling interval). */
  pollMs?: number;
}

/**
 * Waits for a transaction's receipt and confirmations. Unlike viem's `waitForTransactionReceipt`, which
 * swallows polling errors until its timeout, an endpoint that stops answering is reported at once as
 * `ChainUnreachableError`: "the node is gone" is not "the transaction is slow".
 */
export async function waitForReceipt(
  registry: Registry,
  { hash, confirmations = 1, timeoutMs = 180_000, pollMs = registry.client.pollingInterval }: WaitForReceiptParameters,
): Promise<TransactionReceipt> {
  const { client, chain } = registry;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const receipt = await client.getTransactionReceipt({ hash }).catch((error: Error) => {
        if (error.name === 'TransactionReceiptNotFoundError') return undefined;
        throw error;
      });
      if (receipt) {
        if (confirmations <= 1) return receipt;
        const head = await client.getBlockNumber({ cacheTime: 0 });
        if (head - receipt.blockNumber + 1n >= BigInt(confirmations)) return receipt;
      }
    } catch (error) {
      // The transport's own error, when it gave one, names the endpoint and what happened.
      throw chainErrorIn(error) ?? (isUnreachable(error) ? new ChainUnreachableError(chain, error) : error);
    }
    if (Date.now() >= deadline) {
      throw new ChainError(`Transaction ${hash} was not confirmed on ${chain} within ${Math.round(timeoutMs / 1000)} s.`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
