/** Minimal types for base58-universal 2 (untyped), the reference the tests hold base58btc.ts to. */
declare module 'base58-universal' {
  /** `input` in base58btc (Bitcoin's alphabet), no multibase prefix. */
  export function encode(input: Uint8Array): string;
  export function decode(input: string): Uint8Array;
}
