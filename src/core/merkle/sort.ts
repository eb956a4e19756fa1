import { compareBytes } from '../keccak/hasher.js';

// Which 32-bit half of a uint64 is the high one in memory: Uint32Array views follow the platform.
const HIGH = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 1 : 0;
const LOW = 1 - HIGH;

/**
 * The order OpenZeppelin's `StandardMerkleTree.of` puts leaves in: ascending by the 32 leaf bytes, equal
 * leaves keeping their input order (Array.prototype.sort is stable). Returns input positions in that
 * order. `leaves` holds `n` 32-byte leaves back to back.
 *
 * Sorting a million leaves with a JS comparator costs ~1 s; instead each leaf becomes one uint64 key
 * (its first 4 bytes, big-endian, above its position) sorted natively, and only runs of keys whose first
 * 4 bytes tie (a few dozen in a million) are put in order with a full comparison afterwards.
 */
export function sortedLeafOrder(leaves: Uint8Array, n: number): Uint32Array {
  const keys = new BigUint64Array(n);
  const words = new Uint32Array(keys.buffer);
  for (let i = 0; i < n; i++) {
    const at = 32 * i;
    words[2 * i + HIGH] = ((leaves[at]! << 24) | (leaves[at + 1]! << 16) | (leaves[at + 2]! << 8) | leaves[at + 3]!) >>> 0;
    words[2 * i + LOW] = i;
  }
  keys.sort();

  const order = new Uint32Array(n);
  for (let k = 0; k < n; k++) order[k] = words[2 * k + LOW]!;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && words[2 * end + HIGH] === words[2 * start + HIGH]) end++;
    if (end - start > 1) sortTies(leaves, order, start, end);
    start = end;
  }
  return order;
}

/** Orders `order[start..end)` by full leaf bytes, then by position (stability). */
function sortTies(leaves: Uint8Array, order: Uint32Array, start: number, end: number): void {
  const leaf = (i: number) => leaves.subarray(32 * i, 32 * i + 32);
  const run = Array.from(order.subarray(start, end));
  run.sort((a, b) => compareBytes(leaf(a), leaf(b)) || a - b);
  order.set(run, start);
}
