import { expect } from 'chai';
import fc from 'fast-check';
import * as reference from 'base58-universal';
import { base58btc } from '../../src/core/signature/base58btc.js';

describe('base58btc: the proof value encoding is base58-universal’s', () => {
  it('encodes random bytes, leading zeros included, as base58-universal does (fast-check)', () => {
    const bytes = fc.tuple(fc.nat(4), fc.uint8Array({ maxLength: 80 })).map(([zeros, rest]) => new Uint8Array([...new Array<number>(zeros).fill(0), ...rest]));
    fc.assert(
      fc.property(bytes, (input) => {
        expect(base58btc(input)).to.equal(reference.encode(input));
      }),
      { numRuns: process.env.CI ? 5000 : 1000 },
    );
  });

  it('encodes the edges: nothing, zeros only, one byte, all ones, 64-byte signatures', () => {
    const cases = [new Uint8Array(0), new Uint8Array(1), new Uint8Array(5), new Uint8Array([1]), new Uint8Array([255]), new Uint8Array(64).fill(255), new Uint8Array(64).fill(1), new Uint8Array([0, 0, 57]), new Uint8Array([0, 58])];
    for (const input of cases) expect(base58btc(input), `${input.length} bytes`).to.equal(reference.encode(input));
    expect(base58btc(new Uint8Array([0, 0, 0]))).to.equal('111');
    expect(base58btc(new TextEncoder().encode('hello world'))).to.equal('StV1DL6CwTryKyV'); // the base58btc draft's example
  });
});
