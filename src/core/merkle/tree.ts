import type { Hex } from 'viem';
import { bytesToHex, hexToBytes, wordsToHexBlock } from '../bytes.js';
import { InvalidArgumentError, invariant, validateArgument } from '../errors.js';
import { getHasher } from '../keccak/hasher.js';
import { MAX_INDEX, checkIndex, encodeLeafValue } from './leaf.js';
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

// Leaves are encoded and hashed this many at a time, so building never holds the 64-byte encodings of
// a whole batch.
const CHUNK = 8192;
// Nodes are turned into hex text this many at a time, on first use (see `wordsToHexBlock`).
const HEX_BLOCK = 4096;

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

  const hasher = getHasher();
  const leaves = new Uint8Array(32 * n);
  const encoded = new Uint8Array(64 * Math.min(n, CHUNK));
  for (let start = 0; start < n; start += CHUNK) {
    const count = Math.min(CHUNK, n - start);
    for (let i = 0; i < count; i++) encodeLeafValue(start + i, flat.subarray(32 * (start + i), 32 * (start + i + 1)), encoded, 64 * i);
    hasher.leaves(encoded.subarray(0, 64 * count), leaves.subarray(32 * start));
  }

  const order = sortedLeafOrder(leaves, n);
  const nodes = new Uint8Array(32 * (2 * n - 1));
  const position = new Uint32Array(n); // value index -> node index
  for (let k = 0; k < n; k++) {
    const value = order[k]!;
    const node = 2 * n - 2 - k;
    nodes.set(leaves.subarray(32 * value, 32 * value + 32), 32 * node);
    position[value] = node;
  }
  if (n > 1) hasher.nodes(nodes, n - 2);
  return new FlatMerkleTree(nodes, position);
}

class FlatMerkleTree implements MerkleTree {
  readonly size: number;
  readonly root: Hex;
  private readonly hexBlocks: (string | undefined)[];

  constructor(
    private readonly nodes: Uint8Array,
    private readonly position: Uint32Array,
  ) {
    this.size = position.length;
    this.root = bytesToHex(nodes, 0, 32);
    this.hexBlocks = new Array(Math.ceil(nodes.length / 32 / HEX_BLOCK));
  }

  leaf(index: number): Hex {
    return this.nodeHex(this.positionOf(index));
  }

  proof(index: number): Hex[] {
    let node = this.positionOf(index);
    const path: Hex[] = [];
    while (node > 0) {
      path.push(this.nodeHex(node % 2 === 1 ? node + 1 : node - 1));
      node = (node - 1) >>> 1;
    }
    return path;
  }

  private positionOf(index: number): number {
    checkIndex(index);
    if (index >= this.size) throw new InvalidArgumentError(`Index ${index} is out of range: the tree holds ${this.size} values.`);
    const node = this.position[index]!;
    invariant(node >= this.size - 1, `Value ${index} maps to inner node ${node}.`);
    return node;
  }

  private nodeHex(node: number): Hex {
    const b = Math.floor(node / HEX_BLOCK);
    let block = this.hexBlocks[b];
    if (block === undefined) {
      const first = b * HEX_BLOCK;
      block = wordsToHexBlock(this.nodes, 32 * first, Math.min(HEX_BLOCK, this.nodes.length / 32 - first));
      this.hexBlocks[b] = block;
    }
    const at = 66 * (node - b * HEX_BLOCK);
    return block.slice(at, at + 66) as Hex;
  }
}

function flatten(digests: readonly Hex[]): Uint8Array {
  const flat = new Uint8Array(32 * digests.length);
  digests.forEach((digest, i) => flat.set(hexToBytes(digest, 32, `digests[${i}]`), 32 * i));
  return flat;
}
