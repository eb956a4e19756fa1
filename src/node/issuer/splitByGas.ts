import { ChainError, RegistryRevertedError } from '../../chain/errors.js';
import { TransactionGasLimitError } from './errors.js';

/**
 * The most gas one transaction may use unless the issuer says otherwise: 2^24, the cap EIP-7825 puts on
 * every transaction from Ethereum's Osaka upgrade on (and Hardhat's chains enforce from that hardfork).
 */
export const DEFAULT_MAX_GAS_PER_TRANSACTION = 16_777_216n;

export interface SplitByGasParameters<T> {
  /** What one write would carry, in the order the parts should keep. */
  items: readonly T[];
  /** The most gas one part's transaction may use. */
  maxGas: bigint;
  /**
   * The node's estimate for one transaction carrying `part`. Throws `RegistryRevertedError` when the
   * registry refuses it, a `ChainError` when the chain can't be used, and the node's answer when the
   * transaction needs more gas than the node allows (its own cap, or a block's limit).
   */
  estimateGas(part: readonly T[]): Promise<bigint>;
  /** `item`'s write in words, for the error when it alone is over `maxGas`. */
  describe(item: T): string;
}

/**
 * Cuts `items` into consecutive parts, each of which one transaction can carry within `maxGas`: the whole
 * is estimated first, and a part that doesn't fit is halved, its halves estimated in turn. A write that
 * fits costs one estimate; one cut into `k` parts, `2k - 1`. For items of similar cost, halving makes
 * fewer than twice as many parts as the fewest that would fit.
 *
 * The estimates are made against the chain as it is before any part is sent. A later part meets that
 * state or a cheaper one: a bitmap word an earlier part already wrote costs less to write again.
 *
 * A part the node can't estimate within what it allows counts as over the limit: nodes refuse such an
 * estimate (EDR: "Transaction ran out of gas"; geth: "gas required exceeds allowance") rather than
 * answer with a figure. A part the registry refuses is kept whole: sending it is refused by the same
 * simulation, and the journal records that refusal as it records any other.
 *
 * @throws TransactionGasLimitError naming the first item that alone is over `maxGas` (then nothing should
 *   be sent: the parts are all planned before the first is); a `ChainError` from an estimate
 * @example
 * const parts = await splitByGas({ items: targets, maxGas: DEFAULT_MAX_GAS_PER_TRANSACTION, estimateGas, describe })
 */
export async function splitByGas<T>({ items, maxGas, estimateGas, describe }: SplitByGasParameters<T>): Promise<T[][]> {
  const parts: T[][] = [];
  // Depth first, left half before right: the parts come out in the items' order.
  const place = async (part: T[]): Promise<void> => {
    const fit = await measure(part);
    if (fit.kind === 'fits' || fit.kind === 'refused') {
      parts.push(part);
      return;
    }
    if (part.length === 1) throw new TransactionGasLimitError(describe(part[0]!), maxGas, fit.estimate, fit.cause);
    const middle = Math.ceil(part.length / 2);
    await place(part.slice(0, middle));
    await place(part.slice(middle));
  };
  const measure = async (part: readonly T[]): Promise<Fit> => {
    let estimate: bigint;
    try {
      estimate = await estimateGas(part);
    } catch (error) {
      if (error instanceof RegistryRevertedError) return { kind: 'refused' };
      // Unreachable, rate-limited, another chain: the answer says nothing about gas, and halving would
      // only ask again.
      if (error instanceof ChainError) throw error;
      return { kind: 'over', cause: error };
    }
    return estimate <= maxGas ? { kind: 'fits' } : { kind: 'over', estimate };
  };
  if (items.length > 0) await place([...items]);
  return parts;
}

type Fit = { kind: 'fits' } | { kind: 'refused' } | { kind: 'over'; estimate?: bigint; cause?: unknown };
