import { bytesToHex, sha256 } from 'viem';

/** The part of `node:crypto` used here, typed locally: the SDK's types name no Node API. */
interface NodeCrypto {
  hash(algorithm: 'sha256', text: string, outputEncoding: 'hex'): string;
  hash(algorithm: 'sha256', text: string, outputEncoding: 'buffer'): Uint8Array;
}

// Node's own SHA-256 where the runtime has one: OpenSSL hashes a credential's canonical N-Quads in about
// 3 µs where viem's (noble, JavaScript) takes 20-30, a tenth of signing a credential (measured), and its
// one-shot `crypto.hash` a first-degree hash of RDFC-1.0 in 0.5 µs where a Hash object takes 2 (measured).
// Looked up at run time (`process.getBuiltinModule`: Node 20.16+ and 22.3+, which all have `crypto.hash`),
// never imported, so the SDK stays browser-safe; a browser, or an older Node, gets viem's.
const nodeCrypto = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
const utf8 = new TextEncoder();

/** SHA-256 of `text` as UTF-8. */
export const sha256Utf8: (text: string) => Uint8Array = nodeCrypto
  ? (text) => {
      const digest = nodeCrypto.hash('sha256', text, 'buffer');
      return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
    }
  : (text) => sha256(utf8.encode(text), 'bytes');

/** SHA-256 of `text` as UTF-8, in lowercase hex without `0x` (as rdf-canonize's first-degree hashes). */
export const sha256Utf8Hex: (text: string) => string = nodeCrypto
  ? (text) => nodeCrypto.hash('sha256', text, 'hex')
  : (text) => bytesToHex(sha256(utf8.encode(text), 'bytes')).slice(2);
