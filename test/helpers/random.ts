import type { Hex } from 'viem';

/** Deterministic pseudo-random bytes (xorshift32), so a failing differential case can be rerun. */
export function prng(seed: number): (n: number) => Uint8Array {
  let state = seed >>> 0 || 1;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      out[i] = state & 0xff;
    }
    return out;
  };
}

export const toHex = (bytes: Uint8Array): Hex => `0x${Buffer.from(bytes).toString('hex')}`;

export function randomDigests(n: number, seed: number): Hex[] {
  const next = prng(seed);
  return Array.from({ length: n }, () => toHex(next(32)));
}

/** More fast-check runs in CI, where time is cheaper than a missed case. */
export const RUNS = process.env.CI ? 500 : 100;

/** Flips one bit of a hex word: the smallest change a tampered proof can carry. */
export function flipBit(hex: Hex, bit: number): Hex {
  const bytes = Buffer.from(hex.slice(2), 'hex');
  bytes[Math.floor(bit / 8) % bytes.length]! ^= 1 << (bit % 8);
  return toHex(bytes);
}
