import type { Hex } from 'viem';
import { bytesToHex, hexToBytes } from '../bytes.js';
import { InvalidArgumentError } from '../errors.js';
import { getHasher } from '../keccak/hasher.js';

/**
 * The largest index a leaf may carry. Indices are uint256 on chain, but a batch's leaves are counted
 * in memory; 2^32 - 1 is far beyond any batch that fits in it and lets indices live in a Uint32Array.
 */
export const MAX_INDEX = 0xffffffff;

export function checkIndex(index: number, what = 'index'): void {
  // Checked before any message is built: this runs once per proof of a million-credential batch.
  if (!(Number.isInteger(index) && index >= 0 && index <= MAX_INDEX)) {
    throw new InvalidArgumentError(`${what} must be an integer from 0 to ${MAX_INDEX}.`, { details: `got ${index}` });
  }
}

/**
 * OpenZeppelin's standard leaf for the value `[index, digest]` with leaf encoding `["uint256", "bytes32"]`:
 * `keccak256(bytes.concat(keccak256(abi.encode(index, digest))))`. Hashing twice keeps a leaf from ever
 * being read as an inner node (a 64-byte second preimage).
 *
 * @example
 * standardLeaf(0, credentialDigest(credential)) // '0x…', what `MerkleProof.verify` expects as `leaf`
 */
export function standardLeaf(index: number, digest: Hex): Hex {
  checkIndex(index);
  const leaf = new Uint8Array(32);
  getHasher().leaves(hexToBytes(digest, 32, 'digest'), leaf, index);
  return bytesToHex(leaf);
}
