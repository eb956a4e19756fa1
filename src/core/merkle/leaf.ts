import type { Hex } from 'viem';
import { bytesToHex, hexToBytes } from '../bytes.js';
import { validateArgument } from '../errors.js';
import { getHasher } from '../keccak/hasher.js';

/**
 * The largest index a leaf may carry. Indices are uint256 on chain, but a batch's leaves are counted
 * in memory; 2^32 - 1 is far beyond any batch that fits in it and lets indices live in a Uint32Array.
 */
export const MAX_INDEX = 0xffffffff;

export function checkIndex(index: number, what = 'index'): void {
  validateArgument(Number.isInteger(index) && index >= 0 && index <= MAX_INDEX, `${what} must be an integer from 0 to ${MAX_INDEX}.`, `got ${index}`);
}

/** Writes `abi.encode(uint256 index, bytes32 digest)` (64 bytes) at `out[offset..]`. */
export function encodeLeafValue(index: number, digest: Uint8Array, out: Uint8Array, offset = 0): void {
  out.fill(0, offset, offset + 28);
  out[offset + 28] = index >>> 24;
  out[offset + 29] = (index >>> 16) & 0xff;
  out[offset + 30] = (index >>> 8) & 0xff;
  out[offset + 31] = index & 0xff;
  out.set(digest, offset + 32);
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
  const input = new Uint8Array(64);
  encodeLeafValue(index, hexToBytes(digest, 32, 'digest'), input);
  const leaf = new Uint8Array(32);
  getHasher().leaves(input, leaf);
  return bytesToHex(leaf);
}
