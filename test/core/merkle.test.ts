import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { expect } from 'chai';
import fc from 'fast-check';
import { MerkleTree as MerkleTreeJs } from 'merkletreejs';
import { type Hex, keccak256 } from 'viem';
import { InvalidArgumentError, buildMerkleTree, processProof, standardLeaf, verifyProof } from '../../src/core/index.js';
import { RUNS, flipBit, prng, randomDigests } from '../helpers/random.js';

const oz = (digests: Hex[]) => StandardMerkleTree.of(digests.map((d, i) => [i, d]), ['uint256', 'bytes32']);

/** Sibling path of node `node` in an OZ tree dump: what OZ's core `getProof` returns, without its re-verification. */
function dumpProof(tree: readonly string[], node: number): string[] {
  const path: string[] = [];
  for (; node > 0; node = Math.floor((node - 1) / 2)) path.push(tree[node % 2 === 1 ? node + 1 : node - 1]!);
  return path;
}

/** Ours against OpenZeppelin's on the same values: root, every leaf, every proof. */
function expectSameAsOz(digests: Hex[], sampled = digests.length): void {
  const ours = buildMerkleTree(digests);
  const reference = oz(digests);
  const { tree, values } = reference.dump();
  expect(ours.root, `root for ${digests.length} values`).to.equal(reference.root);
  expect(ours.size).to.equal(digests.length);
  for (let i = 0; i < digests.length; i++) {
    expect(ours.proof(i), `proof ${i} of ${digests.length}`).to.deep.equal(dumpProof(tree, values[i]!.treeIndex));
    expect(ours.leaf(i)).to.equal(tree[values[i]!.treeIndex]);
  }
  // OZ's own getProof (it re-hashes and re-verifies, so only some indices: slow, but the real API).
  for (let k = 0; k < Math.min(3, sampled); k++) {
    const i = Math.floor((k * digests.length) / 3);
    expect(ours.proof(i)).to.deep.equal(reference.getProof(i));
  }
}

describe('merkle: same tree as @openzeppelin/merkle-tree', () => {
  it('matches StandardMerkleTree for every size from 1 to 300', function () {
    this.timeout(120_000);
    for (let n = 1; n <= 300; n++) expectSameAsOz(randomDigests(n, n));
  });

  it('matches StandardMerkleTree for random sizes up to 20,000', function () {
    this.timeout(600_000);
    const next = prng(2024);
    const random = Array.from({ length: process.env.CI ? 6 : 3 }, () => 301 + ((next(4).reduce((a, b) => a * 256 + b, 0) >>> 0) % 19_700));
    for (const n of [20_000, 16_384, 16_385, ...random]) expectSameAsOz(randomDigests(n, n));
  });

  it('gives the OZ leaf keccak256(keccak256(abi.encode(index, digest)))', () => {
    const digest = randomDigests(1, 9)[0]!;
    const encoded = `0x${(123456789).toString(16).padStart(64, '0')}${digest.slice(2)}` as Hex;
    expect(standardLeaf(123456789, digest)).to.equal(keccak256(keccak256(encoded)));
    expect(standardLeaf(123456789, digest)).to.equal(oz([digest]).leafHash([123456789, digest]));
  });

  it('rejects an empty tree, bad digests and out-of-range indices', () => {
    expect(() => buildMerkleTree([])).to.throw(InvalidArgumentError, /at least one value/);
    expect(() => buildMerkleTree(['0x1234'])).to.throw(InvalidArgumentError, /32 bytes/);
    expect(() => buildMerkleTree(new Uint8Array(33))).to.throw(InvalidArgumentError, /whole number/);
    const tree = buildMerkleTree(randomDigests(3, 1));
    expect(() => tree.proof(3)).to.throw(InvalidArgumentError, /out of range/);
    expect(() => tree.proof(-1)).to.throw(InvalidArgumentError);
    expect(() => tree.proof(1.5)).to.throw(InvalidArgumentError);
    expect(() => standardLeaf(2 ** 32, randomDigests(1, 1)[0]!)).to.throw(InvalidArgumentError);
  });

  it('takes digests as flat bytes too', () => {
    const digests = randomDigests(33, 5);
    const flat = Buffer.concat(digests.map((d) => Buffer.from(d.slice(2), 'hex')));
    expect(buildMerkleTree(new Uint8Array(flat)).root).to.equal(buildMerkleTree(digests).root);
  });
});

describe('merkle: proofs verify elsewhere', () => {
  it('verifies with merkletreejs MerkleTree.verify (sorted pairs) and OZ StandardMerkleTree.verify', () => {
    for (const n of [1, 2, 3, 5, 8, 13, 100, 257]) {
      const digests = randomDigests(n, 100 + n);
      const tree = buildMerkleTree(digests);
      for (let i = 0; i < n; i++) {
        const proof = tree.proof(i);
        const js = new MerkleTreeJs([], (x: Buffer) => Buffer.from(keccak256(x).slice(2), 'hex'), { sortPairs: true });
        expect(js.verify(proof, tree.leaf(i), tree.root), `merkletreejs ${i}/${n}`).to.equal(true);
        expect(StandardMerkleTree.verify(tree.root, ['uint256', 'bytes32'], [i, digests[i]!], proof)).to.equal(true);
      }
    }
  });
});

describe('merkle: a tree too large for the hex cache of its upper levels', () => {
  it('gives OZ leaves and proofs that OZ StandardMerkleTree.verify accepts, through the lower levels too', function () {
    this.timeout(120_000);
    // 40,000 values: 79,999 nodes, so the lowest levels lie beyond the 65,536 nodes whose text is kept.
    const n = 40_000;
    const digests = randomDigests(n, 4242);
    const tree = buildMerkleTree(digests);
    for (let k = 0; k < 400; k++) {
      const i = Math.floor((k * n) / 400) + (k % 7);
      const proof = tree.proof(i);
      expect(tree.leaf(i), `leaf ${i}`).to.equal(standardLeaf(i, digests[i]!));
      expect(StandardMerkleTree.verify(tree.root, ['uint256', 'bytes32'], [i, digests[i]!], proof), `proof ${i}`).to.equal(true);
      expect(proof, `proof ${i} asked again`).to.deep.equal(tree.proof(i));
    }
  });
});

describe('merkle: properties', () => {
  const sized = fc.integer({ min: 1, max: 600 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 }), fc.integer()));

  it('every proof verifies', () => {
    fc.assert(
      fc.property(sized, ([n, i, seed]) => {
        const tree = buildMerkleTree(randomDigests(n, seed));
        expect(verifyProof(tree.root, tree.leaf(i), tree.proof(i))).to.equal(true);
        expect(processProof(tree.leaf(i), tree.proof(i))).to.equal(tree.root);
      }),
      { numRuns: RUNS },
    );
  });

  it('any changed bit of leaf, proof or root fails', () => {
    fc.assert(
      fc.property(sized, fc.nat(255), fc.nat(), fc.constantFrom('leaf', 'proof', 'root'), ([n, i, seed], bit, which, part) => {
        const tree = buildMerkleTree(randomDigests(n, seed));
        let [root, leaf, proof] = [tree.root, tree.leaf(i), tree.proof(i)];
        if (part === 'leaf') leaf = flipBit(leaf, bit);
        if (part === 'root') root = flipBit(root, bit);
        if (part === 'proof') {
          fc.pre(proof.length > 0);
          const k = which % proof.length;
          proof = proof.map((p, j) => (j === k ? flipBit(p, bit) : p));
        }
        expect(verifyProof(root, leaf, proof)).to.equal(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('a proof for one index does not verify another leaf', () => {
    fc.assert(
      fc.property(sized, fc.nat(), ([n, i, seed], other) => {
        const j = other % n;
        fc.pre(j !== i);
        const tree = buildMerkleTree(randomDigests(n, seed));
        expect(verifyProof(tree.root, tree.leaf(j), tree.proof(i))).to.equal(false);
      }),
      { numRuns: RUNS },
    );
  });
});
