import { bytesToHex, sha256 } from 'viem';

/** The part of `node:crypto` used here, typed locally: the SDK's types name no Node API. */
interface NodeCrypto {
  createHash(algorithm: 'sha256'): { update(text: string, encoding: 'utf8'): { digest(): Uint8Array; digest(encoding: 'hex'): string } };
}

// Node's own SHA-256 where the runtime has one: OpenSSL hashes a credential's canonical N-Quads in about
// 3 µs where viem's (noble, JavaScript) takes 20-30, a tenth of signing a credential (measured). Looked up
// at run time (`process.getBuiltinModule`, Node 22.3+), never imported, so the SDK stays browser-safe;
// a browser, or an older Node, gets viem's.
const nodeCrypto = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
const utf8 = new TextEncoder();

/** SHA-256 of `text` as UTF-8. */
export const sha256Utf8: (text: string) => Uint8Array = nodeCrypto
  ? (text) => {
      const digest = nodeCrypto.createHash('sha256').update(text, 'utf8').digest();
      return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
    }
  : (text) => sha256(utf8.encode(text), 'bytes');

/** SHA-256 of `text` as UTF-8, in lowercase hex without `0x` (as rdf-canonize's first-degree hashes). */
export const sha256Utf8Hex: (text: string) => string = nodeCrypto
  ? (text) => nodeCrypto.createHash('sha256').update(text, 'utf8').digest('hex')
  : (text) => bytesToHex(sha256(utf8.encode(text), 'bytes')).slice(2);
