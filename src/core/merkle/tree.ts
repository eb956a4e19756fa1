import type { Hex } from 'viem';
import { bytesToHex, hexToBytes, wordsToHexBlock } from '../bytes.js';
import { InvalidArgumentError, InvariantError, validateArgument } from '../errors.js';
import { getHasher } from '../keccak/hasher.js';
import { MAX_INDEX, checkIndex } from './leaf.js';
import { sortedLeafOrder } from './sort.js';

export interface MerkleTree {
  /** Number of values (leaves). */
  readonly size: number;
  readonly root: Hex;
  /** The standard leaf of value `index` (see `standardLeaf`). */
  leaf(index: number): Hex;
  /** Sibling hashes from the leaf of value `index` up to the root, as `MerkleProof.verify` takes them. */
  proof(index: number): Hex[];
}

// Nodes are turned into hex text this many at a time, on first use (see `wordsToHexBlock`).
const HEX_BLOCK_BITS = 12;
const HEX_BLOCK = 1 << HEX_BLOCK_BITS;
// Hex text is kept for the nodes above this index only (the top 16 levels: 4 MB of text at most): every
// proof passes through them. A leaf's value index maps to a random place among the leaves, so the levels
// below are read in no order, and keeping their text too cost 126 MB for a 1,000,000-leaf tree. Their
// few nodes in each proof (4 of 20 in that tree) are converted one at a time instead (+0.3 µs a proof).
const CACHED_NODES = 16 * HEX_BLOCK;

/**
 * The Merkle tree `StandardMerkleTree.of(values, ["uint256", "bytes32"])` builds for the values
 * `[i, digests[i]]`, with the same root and the same proofs, much faster. Nodes are kept in one flat
 * Uint8Array laid out as OpenZeppelin's array (root first, node i's children at 2i+1 and 2i+2, leaves at
 * the end in descending sorted order).
 *
 * `digests` are 32-byte values, as hex strings or `n * 32` bytes back to back.
 *
 * @example
 * const tree = buildMerkleTree([digest0, digest1, digest2])
 * tree.root      // same as StandardMerkleTree.of([[0, digest0], [1, digest1], [2, digest2]], ['uint256', 'bytes32']).root
 * tree.proof(1)  // same as .getProof(1)
 */
export function buildMerkleTree(digests: readonly Hex[] | Uint8Array): MerkleTree {
  const flat = digests instanceof Uint8Array ? digests : flatten(digests);
  validateArgument(flat.length % 32 === 0, 'Digest bytes must be a whole number of 32-byte digests.', `got ${flat.length} bytes`);
  const n = flat.length / 32;
  validateArgument(n > 0, 'A Merkle tree needs at least one value.');
  validateArgument(n - 1 <= MAX_INDEX, `A Merkle tree holds at most ${MAX_INDEX + 1} values.`, `got ${n}`);

  let order: Uint32Array | undefined;
  const nodes = getHasher().tree(flat, (leaves) => (order = sortedLeafOrder(leaves, n)));
  const position = new Uint32Array(n); // value index -> node index
  for (let k = 0; k < n; k++) position[order![k]!] = 2 * n - 2 - k;
  return new FlatMerkleTree(nodes, position);
}

class FlatMerkleTree implements MerkleTree {
  readonly size: number;
  readonly root: Hex;
  // Hex text of the upper nodes (below CACHED_NODES), made on first use in blocks of HEX_BLOCK nodes; a node's string is a slice of its
  // block (O(1) in V8). Caching each node's string instead was slower: two million long-lived strings
  // cost more in garbage collection than slicing afresh.
  private readonly hexBlocks: (string | undefined)[];

  constructor(
    private readonly nodes: Uint8Array,
    private readonly position: Uint32Array,
  ) {
    this.size = position.length;
    this.root = bytesToHex(nodes, 0, 32);
    this.hexBlocks = new Array(Math.ceil(Math.min(nodes.length / 32, CACHED_NODES) / HEX_BLOCK));
  }

  leaf(index: number): Hex {
    return this.nodeHex(this.positionOf(index));
  }

  proof(index: number): Hex[] {
    let node = this.positionOf(index);
    // A node's depth is the bit length of node + 1, minus one (root 0 at depth 0).
    const path = new Array<Hex>(31 - Math.clz32(node + 1));
    const blocks = this.hexBlocks;
    for (let i = 0; node > 0; i++) {
      const sibling = node % 2 === 1 ? node + 1 : node - 1;
      if (sibling < CACHED_NODES) {
        const block = blocks[sibling >>> HEX_BLOCK_BITS] ?? this.hexBlock(sibling >>> HEX_BLOCK_BITS);
        const at = 66 * (sibling & (HEX_BLOCK - 1));
        path[i] = block.slice(at, at + 66) as Hex;
      } else {
        path[i] = bytesToHex(this.nodes, 32 * sibling, 32);
      }
      node = (node - 1) >>> 1;
    }
    return path;
  }

  private positionOf(index: number): number {
    checkIndex(index);
    if (index >= this.size) throw new InvalidArgumentError(`Index ${index} is out of range: the tree holds ${this.size} values.`);
    const node = this.position[index]!;
    if (node < this.size - 1) throw new InvariantError(`Value ${index} maps to inner node ${node}.`);
    return node;
  }

  private nodeHex(node: number): Hex {
    if (node >= CACHED_NODES) return bytesToHex(this.nodes, 32 * node, 32);
    const at = 66 * (node & (HEX_BLOCK - 1));
    return this.hexBlock(node >>> HEX_BLOCK_BITS).slice(at, at + 66) as Hex;
  }

  private hexBlock(b: number): string {
    let block = this.hexBlocks[b];
    if (block === undefined) {
      const first = b * HEX_BLOCK;
      block = wordsToHexBlock(this.nodes, 32 * first, Math.min(HEX_BLOCK, this.nodes.length / 32 - first));
      this.hexBlocks[b] = block;
    }
    return block;
  }
}

function flatten(digests: readonly Hex[]): Uint8Array {
  const flat = new Uint8Array(32 * digests.length);
  digests.forEach((digest, i) => flat.set(hexToBytes(digest, 32, `digests[${i}]`), 32 * i));
  return flat;
}
