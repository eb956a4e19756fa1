import { type Hex, type TransactionReceipt, formatGwei } from 'viem';
import { toChainError } from '../../chain/errors.js';
import { type Fees, capFees, currentFees, describeFees, feeCap, replacementFees } from '../../chain/fees.js';
import type { RegistryWriter, TransactionOverrides } from '../../chain/writes.js';
import { walkCauses } from '../../core/errors.js';
import { StuckTransactionError } from './errors.js';

/**
 * Getting a sent transaction mined on a chain where it can be stuck (fees spiked), dropped from the mempool,
 * reorganised out, or have its nonce taken by another sender of the same key. The transaction is watched;
 * if none of its hashes is mined within `replaceAfterMs`, it is sent again with the SAME nonce and fees
 * raised by at least the 10% nodes require, up to the issuer's ceiling. One nonce is mined at most once, so
 * however many replacements are sent, at most one takes effect.
 */

/** How long a transaction may stay unmined before it is replaced, unless the issuer says otherwise. */
export const DEFAULT_REPLACE_AFTER_MS = 120_000;
/** The ceiling on fees per gas, unless the issuer sets one: this many times what the first send offered. */
export const DEFAULT_CEILING_MULTIPLE = 3n;

/** A transaction as sent: its nonce, the fees of its latest send, and every hash sent with that nonce, oldest first. */
export interface SentTransaction {
  nonce: number;
  fees: Fees;
  hashes: Hex[];
}

export type MinedOutcome =
  /** One of the hashes is mined (successfully or reverted) with the writer's confirmations. */
  | { status: 'mined'; hash: Hex; receipt: TransactionReceipt }
  /** The nonce was used by a transaction none of whose hashes we sent: another sender of the same key. */
  | { status: 'nonce-taken' };

export interface AwaitMinedParameters {
  writer: RegistryWriter;
  sent: SentTransaction;
  /** The highest fee per gas a replacement may offer (see `feeCeiling`). */
  ceiling: bigint;
  /** Sends the same write again with these overrides; returns the hash the node accepted. */
  resend(overrides: TransactionOverrides): Promise<Hex>;
  /** Called with each replacement's hash as soon as the node accepted it, to journal it. */
  onReplaced(hash: Hex): void;
  /** The write in words, for the error at the ceiling ("anchoring batch …"). */
  what: string;
}

/**
 * Waits until one of `sent.hashes` is mined with `writer.confirmations`, replacing the transaction each
 * time `replaceAfterMs` passes without it being mined. A receipt that disappears while confirmations
 * gather (its block reorganised away) is waited for again, and replaced the same way if it does not come
 * back. `sent` is updated in place with each replacement.
 *
 * @throws StuckTransactionError when a replacement would offer more than `ceiling`; the chain client's errors.
 */
export async function awaitMined({ writer, sent, ceiling, resend, onReplaced, what }: AwaitMinedParameters): Promise<MinedOutcome> {
  const { registry, wallet } = writer;
  const { client } = registry;
  const replaceAfterMs = writer.replacement?.replaceAfterMs ?? DEFAULT_REPLACE_AFTER_MS;
  const confirmations = BigInt(writer.confirmations ?? 1);
  let replaceAt = Date.now() + replaceAfterMs;
  for (;;) {
    const mined = await guard(writer, () => firstMined(writer, sent.hashes));
    if (mined) {
      const head = await guard(writer, () => client.getBlockNumber({ cacheTime: 0 }));
      if (head - mined.receipt.blockNumber + 1n >= confirmations) return { status: 'mined', ...mined };
      // Mined: nothing to replace while it gathers confirmations, unless its block is reorganised away.
      replaceAt = Date.now() + replaceAfterMs;
    } else if (Date.now() >= replaceAt) {
      const minedNonce = await guard(writer, () => client.getTransactionCount({ address: wallet.account.address, blockTag: 'latest' }));
      if (minedNonce > sent.nonce) {
        // The nonce is used. Ours may have been mined between the two reads: look once more before saying
        // someone else's took it.
        if (!(await guard(writer, () => firstMined(writer, sent.hashes)))) return { status: 'nonce-taken' };
        continue;
      }
      const fees = replacementFees(sent.fees, await guard(writer, () => currentFees(client)), ceiling);
      if (!fees) {
        throw new StuckTransactionError(what, wallet.account.address, sent.nonce, sent.hashes, describeFees(sent.fees), `${formatGwei(ceiling)} gwei per gas`);
      }
      replaceAt = Date.now() + replaceAfterMs;
      let hash: Hex;
      try {
        hash = await resend({ nonce: sent.nonce, fees });
      } catch (error) {
        // Mined or replaced meanwhile (by us or another sender): the next rounds tell which.
        if (isNonceConflict(error)) continue;
        throw error;
      }
      sent.hashes.push(hash);
      sent.fees = fees;
      onReplaced(hash);
      continue;
    }
    await new Promise((resolve) => setTimeout(resolve, client.pollingInterval));
  }
}

/**
 * The nonce and fees for a new transaction of the writer's account: the node's next nonce counting its
 * pending transactions, and the fees the chain asks now, held at `ceiling`.
 */
export async function planTransaction(writer: RegistryWriter, ceiling?: bigint): Promise<TransactionOverrides> {
  const { registry, wallet } = writer;
  const [nonce, fees] = await guard(writer, () =>
    Promise.all([registry.client.getTransactionCount({ address: wallet.account.address, blockTag: 'pending' }), currentFees(registry.client)]),
  );
  return { nonce, fees: ceiling === undefined ? fees : capFees(fees, ceiling) };
}

/** The issuer's ceiling (`writer.replacement.maxFeePerGas`), or `DEFAULT_CEILING_MULTIPLE` times what `first` offers. */
export function feeCeiling(writer: RegistryWriter, first: Fees): bigint {
  return writer.replacement?.maxFeePerGas ?? DEFAULT_CEILING_MULTIPLE * feeCap(first);
}

/**
 * Whether the node refused a send because its nonce is taken: used by a mined transaction ("nonce too
 * low"), or by one in the mempool ("replacement transaction underpriced", "already known"). Another sender
 * of the same key, or our own earlier send, got there first; what happened is read from the chain, not
 * from this message.
 */
export function isNonceConflict(error: unknown): boolean {
  return (
    walkCauses(error, (e) => NONCE_CONFLICT.test(`${(e as { message?: string })?.message ?? ''} ${(e as { details?: string })?.details ?? ''}`)) !== null
  );
}

// geth, erigon, nethermind, besu and Hardhat's own wordings.
const NONCE_CONFLICT = /nonce too low|nonce has already been used|replacement transaction underpriced|already known|known transaction|transaction already imported/i;

/** The first of `hashes` with a receipt on the chain now. */
async function firstMined(writer: RegistryWriter, hashes: readonly Hex[]): Promise<{ hash: Hex; receipt: TransactionReceipt } | undefined> {
  for (const hash of hashes) {
    const receipt = await writer.registry.client.getTransactionReceipt({ hash }).catch((error: Error) => {
      if (error.name === 'TransactionReceiptNotFoundError') return undefined;
      throw error;
    });
    if (receipt) return { hash, receipt };
  }
  return undefined;
}

async function guard<T>(writer: RegistryWriter, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toChainError(error, writer.registry.chain);
  }
}
