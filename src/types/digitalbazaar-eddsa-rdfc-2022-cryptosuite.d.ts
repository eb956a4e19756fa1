/** Minimal types for @digitalbazaar/eddsa-rdfc-2022-cryptosuite 1 (untyped). */
declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  import type { Cryptosuite } from '@digitalbazaar/data-integrity';
  export const cryptosuite: Cryptosuite & { name: 'eddsa-rdfc-2022'; requiredAlgorithm: 'Ed25519' };
}
