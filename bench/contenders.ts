import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { createKeccak } from 'hash-wasm';
import keccak256 from 'keccak256';
import { MerkleTree as MerkleTreeJs } from 'merkletreejs';
import { buildMerkleTree } from '../src/index.js';
import { getHasher } from '../src/core/keccak/hasher.js';
import { hexWords, randomDigests } from './data.js';

/**
 * What each bench row runs for n `[index, digest]` values: build the tree and produce the proof of every
 * leaf. Inputs are prepared before `start()`; only the work after it is timed. Proofs are made and
 * dropped one by one, as a batch writer would use them.
 */
export interface Contender {
  label: string;
  /** Prepares inputs, returns the timed work. */
  prepare(n: number): Promise<() => number>;
}

/** Number of keccak-256 calls a tree of n leaves needs: 2 per leaf (double hash), n - 1 inner nodes. */
export const hashesFor = (n: number) => 3 * n - 1;

export const contenders: Record<string, Contender> = {
  ours: {
    label: 'microcred buildMerkleTree + proof(i) for all',
    async prepare(n) {
      const digests = randomDigests(n);
      return () => {
        const tree = buildMerkleTree(digests);
        let entries = 0;
        for (let i = 0; i < n; i++) entries += tree.proof(i).length;
        return entries;
      };
    },
  },
  oz: {
    label: '@openzeppelin/merkle-tree StandardMerkleTree.of + getProof(i) for all',
    async prepare(n) {
      const values = hexWords(randomDigests(n)).map((digest, i) => [i, digest]);
      return () => {
        const tree = StandardMerkleTree.of(values, ['uint256', 'bytes32']);
        let entries = 0;
        for (let i = 0; i < n; i++) entries += tree.getProof(i).length;
        return entries;
      };
    },
  },
  merkletreejs: {
    label: 'merkletreejs as its README sets it up (sortPairs, `keccak256` package): OZ leaves hashed + tree + getProof(leaf, i) for all',
    async prepare(n) {
      return merkletreejsWith(randomDigests(n), keccak256);
    },
  },
  merkletreejsHashWasm: {
    label: 'merkletreejs handed hash-wasm keccak (the fastest per-call hasher we found): the same work',
    async prepare(n) {
      const keccak = await createKeccak(256);
      return merkletreejsWith(randomDigests(n), (data) => Buffer.from(keccak.init().update(data).digest('binary')));
    },
  },
  floorOurs: {
    label: 'floor: 3n-1 keccak-256 of 64 B, microcred WebAssembly (batched)',
    async prepare(n) {
      const count = hashesFor(n);
      const input = randomDigests(2 * Math.min(count, 65536));
      const out = new Uint8Array(input.length / 2);
      return () => {
        for (let done = 0; done < count; done += 65536) getHasher().hash64(input.subarray(0, 64 * Math.min(65536, count - done)), out);
        return count;
      };
    },
  },
  floorHashWasm: {
    label: 'floor: 3n-1 keccak-256 of 64 B, hash-wasm (one call each)',
    async prepare(n) {
      const count = hashesFor(n);
      const input = randomDigests(2);
      const keccak = await createKeccak(256);
      return () => {
        for (let i = 0; i < count; i++) {
          input[0] = i;
          keccak.init().update(input).digest('binary');
        }
        return count;
      };
    },
  },
};

/**
 * merkletreejs doing what the other rows do: OpenZeppelin's double-hashed leaf of abi.encode(i, digest) for
 * each value, the tree with sorted pairs, and the proof of every leaf by index. Its layout differs from
 * OpenZeppelin's (leaves in input order, odd nodes promoted), so its root differs: a speed reference only.
 */
function merkletreejsWith(digests: Uint8Array, hash: (data: Buffer) => Buffer): () => number {
  const n = digests.length / 32;
  return () => {
    const encoded = Buffer.alloc(64);
    const leaves = Array.from({ length: n }, (_, i) => {
      encoded.writeUInt32BE(i, 28);
      encoded.set(digests.subarray(32 * i, 32 * i + 32), 32);
      return hash(hash(encoded));
    });
    const tree = new MerkleTreeJs(leaves, hash, { sortPairs: true });
    let entries = 0;
    for (let i = 0; i < n; i++) entries += tree.getProof(leaves[i]!, i).length;
    return entries;
  };
}
