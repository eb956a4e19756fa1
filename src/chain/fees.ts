import { type PublicClient, formatGwei } from 'viem';

/**
 * The fees a transaction offers: EIP-1559 (a cap per gas and a tip to the block producer) on chains with a
 * base fee, a single gas price on the others. A replacement of a transaction (same nonce) must raise them.
 */
export type Fees = { type: 'eip1559'; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } | { type: 'legacy'; gasPrice: bigint };

/**
 * What a replacement adds to every fee, in per cent. Nodes refuse a replacement that does not raise both
 * the cap and the tip by at least 10% (geth's `txpool.pricebump`, "replacement transaction underpriced");
 * 12% keeps clear of rounding and gets past several stuck blocks in few replacements.
 */
export const REPLACEMENT_BUMP_PERCENT = 12n;
/** The least a node accepts as a replacement (10%). */
const NODE_MIN_BUMP_PERCENT = 10n;

/**
 * Fees for a transaction sent now: the node's suggestion (`eth_maxPriorityFeePerGas`, the latest base fee
 * with headroom, as viem computes them), or its gas price on a chain without a base fee.
 */
export async function currentFees(client: PublicClient): Promise<Fees> {
  const block = await client.getBlock({ blockTag: 'latest' });
  if (block.baseFeePerGas === null) return { type: 'legacy', gasPrice: await client.getGasPrice() };
  const { maxFeePerGas, maxPriorityFeePerGas } = await client.estimateFeesPerGas({ chain: null, type: 'eip1559' });
  return { type: 'eip1559', maxFeePerGas, maxPriorityFeePerGas };
}

/** The most a transaction with these fees may pay per gas: its cap, or its gas price. */
export function feeCap(fees: Fees): bigint {
  return fees.type === 'eip1559' ? fees.maxFeePerGas : fees.gasPrice;
}

/** `fees` with every fee per gas held at `ceiling` (a first send when the chain asks more than the issuer allows). */
export function capFees(fees: Fees, ceiling: bigint): Fees {
  if (fees.type === 'legacy') return { type: 'legacy', gasPrice: min(fees.gasPrice, ceiling) };
  return { type: 'eip1559', maxFeePerGas: min(fees.maxFeePerGas, ceiling), maxPriorityFeePerGas: min(fees.maxPriorityFeePerGas, ceiling) };
}

/**
 * The fees of a replacement of a transaction that offered `fees`: each raised by `REPLACEMENT_BUMP_PERCENT`,
 * and at least to what the chain asks now (`now`), held at `ceiling`. Undefined when even the least raise a
 * node accepts (10%) would go above `ceiling`: the transaction can't be replaced within the issuer's limit.
 */
export function replacementFees(fees: Fees, now: Fees | undefined, ceiling: bigint): Fees | undefined {
  if (fees.type === 'legacy') {
    const least = raise(fees.gasPrice, NODE_MIN_BUMP_PERCENT);
    if (least > ceiling) return undefined;
    const wanted = max(raise(fees.gasPrice, REPLACEMENT_BUMP_PERCENT), now?.type === 'legacy' ? now.gasPrice : 0n);
    return { type: 'legacy', gasPrice: min(wanted, ceiling) };
  }
  const leastCap = raise(fees.maxFeePerGas, NODE_MIN_BUMP_PERCENT);
  const leastTip = raise(fees.maxPriorityFeePerGas, NODE_MIN_BUMP_PERCENT);
  if (leastCap > ceiling || leastTip > ceiling) return undefined;
  const nowCap = now?.type === 'eip1559' ? now.maxFeePerGas : 0n;
  const nowTip = now?.type === 'eip1559' ? now.maxPriorityFeePerGas : 0n;
  const maxFeePerGas = min(max(raise(fees.maxFeePerGas, REPLACEMENT_BUMP_PERCENT), nowCap), ceiling);
  const maxPriorityFeePerGas = min(max(raise(fees.maxPriorityFeePerGas, REPLACEMENT_BUMP_PERCENT), nowTip), maxFeePerGas);
  return { type: 'eip1559', maxFeePerGas, maxPriorityFeePerGas };
}

/** The fees in words, in gwei: "max 2.5 gwei (tip 1 gwei)" or "gas price 3 gwei". */
export function describeFees(fees: Fees): string {
  return fees.type === 'eip1559'
    ? `max ${formatGwei(fees.maxFeePerGas)} gwei per gas (tip ${formatGwei(fees.maxPriorityFeePerGas)} gwei)`
    : `gas price ${formatGwei(fees.gasPrice)} gwei`;
}

/** `value` raised by `percent`, rounded up, and by at least 1 wei (a zero tip stays zero). */
function raise(value: bigint, percent: bigint): bigint {
  if (value === 0n) return 0n;
  const raised = (value * (100n + percent) + 99n) / 100n;
  return raised > value ? raised : value + 1n;
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
