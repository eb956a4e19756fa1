import { expect } from 'chai';
import fc from 'fast-check';
import { compareBytes } from '../../src/core/keccak/hasher.js';
import { sortedLeafOrder } from '../../src/core/merkle/sort.js';
import { RUNS } from '../helpers/random.js';

/** OZ's order: Array.prototype.sort (stable) by `compare` on the leaf bytes. */
function referenceOrder(leaves: Uint8Array[]): number[] {
  return leaves.map((_, i) => i).sort((a, b) => compareBytes(leaves[a]!, leaves[b]!));
}

describe('merkle: leaf order', () => {
  it('sorts like OZ, including leaves whose first 4 bytes tie and identical leaves', () => {
    // Bytes from a 2-letter alphabet make prefix ties, full ties and late differences common.
    const leaf = fc.array(fc.constantFrom(0, 255), { minLength: 32, maxLength: 32 });
    fc.assert(
      fc.property(fc.array(leaf, { minLength: 1, maxLength: 200 }), (rows) => {
        const leaves = rows.map((row) => Uint8Array.from(row));
        const flat = new Uint8Array(32 * leaves.length);
        leaves.forEach((l, i) => flat.set(l, 32 * i));
        expect([...sortedLeafOrder(flat, leaves.length)]).to.deep.equal(referenceOrder(leaves));
      }),
      { numRuns: RUNS },
    );
  });

  it('puts a leaf differing only in its last byte after its twin', () => {
    const a = new Uint8Array(32).fill(7);
    const b = a.slice();
    b[31] = 6;
    const flat = new Uint8Array(96);
    flat.set(a, 0);
    flat.set(b, 32);
    flat.set(a, 64);
    expect([...sortedLeafOrder(flat, 3)]).to.deep.equal([1, 0, 2]);
  });
});
