import { expect } from 'chai';
import { toHex } from 'viem';
import { bytesToHex, hexToBytes } from '../../src/core/bytes.js';
import { prng } from '../helpers/random.js';

describe('bytes: hex conversions on the hot paths', () => {
  it('writes hex like viem for every length around the reused-buffer limit, at any offset', () => {
    const next = prng(9);
    for (const length of [0, 1, 2, 15, 16, 31, 32, 33, 64, 255, 256, 257, 1000]) {
      const bytes = next(length + 3);
      expect(bytesToHex(bytes, 3, length), `length ${length}`).to.equal(toHex(bytes.subarray(3, 3 + length)));
      expect(bytesToHex(bytes.subarray(3)), `length ${length}, whole`).to.equal(toHex(bytes.subarray(3)));
      // A reused buffer must not leak the previous value's characters into a shorter one.
      expect(hexToBytes(bytesToHex(bytes, 0, length))).to.deep.equal(bytes.subarray(0, length));
    }
  });
});
