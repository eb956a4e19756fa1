import { expect } from 'chai';
import { keccak256 } from 'viem';
import { createJsHasher, createWasmHasher, getHasher } from '../../src/core/keccak/hasher.js';
import { keccakModule } from '../../src/core/keccak/module.js';
import { sortedLeafOrder } from '../../src/core/merkle/sort.js';
import { prng, toHex } from '../helpers/random.js';

const wasm = createWasmHasher();
const js = createJsHasher();

describe('keccak: WebAssembly module and JS fallback', () => {
  it('uses the WebAssembly hasher where WebAssembly is allowed', () => {
    expect(getHasher().kind).to.equal('wasm');
  });

  it('keeps the module under 4 KB, so browsers compile it synchronously on the main thread', () => {
    expect(keccakModule().length).to.be.below(4096);
  });

  it('hashes every length around the 136-byte rate boundaries like viem', () => {
    const next = prng(1);
    for (let length = 0; length <= 3 * 136 + 2; length++) {
      const data = next(length);
      expect(toHex(wasm.keccak256(data)), `length ${length}`).to.equal(keccak256(data));
      expect(toHex(js.keccak256(data))).to.equal(keccak256(data));
    }
  });

  it('hashes large inputs, growing its memory, like viem', () => {
    const data = prng(2)(3_000_000);
    expect(toHex(wasm.keccak256(data))).to.equal(keccak256(data));
  });

  it('gives the same leaves and 64-byte hashes as the JS hasher, in and across chunks', () => {
    const n = 8192 * 2 + 5;
    const digests = prng(3)(32 * n);
    const [a, b] = [new Uint8Array(32 * n), new Uint8Array(32 * n)];
    wasm.leaves(digests, a, 4_000_000_000);
    js.leaves(digests, b, 4_000_000_000);
    expect(toHex(a)).to.equal(toHex(b));
    const input = prng(4)(64 * n);
    wasm.hash64(input, a);
    js.hash64(input, b);
    expect(toHex(a)).to.equal(toHex(b));
    expect(toHex(a.subarray(0, 32))).to.equal(keccak256(input.subarray(0, 64)));
  });

  it('builds the same node array as the JS hasher', () => {
    for (const n of [1, 2, 3, 4, 7, 64, 1000]) {
      const digests = prng(n)(32 * n);
      const order = (leaves: Uint8Array) => sortedLeafOrder(leaves, n);
      expect(toHex(wasm.tree(digests, order)), `n = ${n}`).to.equal(toHex(js.tree(digests, order)));
    }
  });

  it('builds a tree too large for its kept memory (an instance of its own) like the JS hasher, and small ones after it', function () {
    this.timeout(120_000);
    for (const n of [130_000, 1000]) {
      const digests = prng(n + 1)(32 * n);
      const order = (leaves: Uint8Array) => sortedLeafOrder(leaves, n);
      expect(toHex(wasm.tree(digests, order)), `n = ${n}`).to.equal(toHex(js.tree(digests, order)));
    }
  });

  it('climbs a Merkle path like sorted-pair hashing with viem, in both hashers', () => {
    const next = prng(5);
    for (const depth of [0, 1, 2, 20, 32]) {
      const leaf = next(32);
      const siblings = next(32 * depth);
      // Siblings that share a long prefix with the node exercise the byte-by-byte ordering.
      if (depth > 1) siblings.set(wasm.climb(leaf, siblings.subarray(0, 32)).subarray(0, 31), 32);
      let node = toHex(leaf);
      for (let i = 0; i < depth; i++) {
        const other = toHex(siblings.subarray(32 * i, 32 * i + 32));
        node = keccak256(`0x${(node < other ? [node, other] : [other, node]).map((h) => h.slice(2)).join('')}`);
      }
      expect(toHex(wasm.climb(leaf, siblings)), `depth ${depth}`).to.equal(node);
      expect(toHex(js.climb(leaf, siblings)), `depth ${depth}`).to.equal(node);
    }
    expect(() => wasm.climb(new Uint8Array(31), new Uint8Array(32))).to.throw(/32-byte leaf/);
    expect(() => js.climb(new Uint8Array(32), new Uint8Array(33))).to.throw(/32-byte siblings/);
  });

  it('rejects leaf indices beyond uint32 and misshapen batches', () => {
    expect(() => wasm.leaves(new Uint8Array(64), new Uint8Array(64), 0xffffffff)).to.throw(/2\^32/);
    expect(() => wasm.hash64(new Uint8Array(65), new Uint8Array(64))).to.throw(/64-byte inputs/);
    expect(() => wasm.tree(new Uint8Array(0), () => new Uint32Array())).to.throw(/one or more/);
  });
});
