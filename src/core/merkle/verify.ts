import type { Hex } from 'viem';
import { bytesToHex, hexIntoBytes, hexToBytes } from '../bytes.js';
import { getHasher } from '../keccak/hasher.js';
import { compareBytes } from '../keccak/hasher.js';

/**
 * The root a leaf and its proof lead to, hashing sorted pairs as OpenZeppelin's `processProof` and
 * `MerkleProof.processProof` do.
 */
export function processProof(leaf: Hex, proof: readonly Hex[]): Hex {
  const siblings = new Uint8Array(32 * proof.length);
  proof.forEach((sibling, i) => hexIntoBytes(sibling, siblings, 32 * i, 32, `proof[${i}]`));
  return bytesToHex(getHasher().climb(hexToBytes(leaf, 32, 'leaf'), siblings));
}

/**
 * Whether `proof` shows `leaf` is in the tree with `root`. Malformed hex (not 32 bytes) throws an
 * `InvalidArgumentError` instead of answering false: it is a caller's bug, not a failed proof.
 *
 * @example
 * verifyProof(tree.root, standardLeaf(7, digest), tree.proof(7)) // true
 */
export function verifyProof(root: Hex, leaf: Hex, proof: readonly Hex[]): boolean {
  const expected = hexToBytes(root, 32, 'root');
  return compareBytes(hexToBytes(processProof(leaf, proof), 32), expected) === 0;
}
