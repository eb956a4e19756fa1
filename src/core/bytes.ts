import type { Hex } from 'viem';
import { InvalidArgumentError } from './errors.js';

/**
 * Hex <-> bytes on the hot paths (every proof entry, every digest). viem's helpers validate and allocate
 * more than a million-leaf tree can afford; these do exactly the conversions the core needs.
 */

const HEX_PAIRS: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

// ASCII codes of each byte's two hex digits as one uint16 in platform byte order, to write hex text two
// characters per store.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const pack = (first: number, second: number) => (LITTLE_ENDIAN ? first | (second << 8) : (first << 8) | second);
const HEX_CODES = new Uint16Array(256);
for (let i = 0; i < 256; i++) HEX_CODES[i] = pack(HEX_PAIRS[i]!.charCodeAt(0), HEX_PAIRS[i]!.charCodeAt(1));
const PREFIX = pack(0x30, 0x78); // "0x"

// Character codes of hex text, one reused array per length (digests, salts, leaves: a few sizes).
// `String.fromCharCode` over them makes one flat string; `+=` per byte made a rope of 33 pieces that the
// next reader (canonical JSON, a comparison) had to flatten, and cost twice as much in all.
const DIGIT_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const charCodes: number[][] = [];
const MAX_CHAR_CODES_BYTES = 256;

export function bytesToHex(bytes: Uint8Array, offset = 0, length = bytes.length - offset): Hex {
  if (length > MAX_CHAR_CODES_BYTES) {
    let hex = '0x';
    for (let i = offset; i < offset + length; i++) hex += HEX_PAIRS[bytes[i]!];
    return hex as Hex;
  }
  let codes = charCodes[length];
  if (codes === undefined) {
    codes = new Array<number>(2 + 2 * length).fill(0);
    codes[0] = 0x30; // "0"
    codes[1] = 0x78; // "x"
    charCodes[length] = codes;
  }
  for (let i = 0; i < length; i++) {
    const byte = bytes[offset + i]!;
    codes[2 + 2 * i] = DIGIT_CODES[byte >> 4]!;
    codes[3 + 2 * i] = DIGIT_CODES[byte & 15]!;
  }
  return String.fromCharCode.apply(null, codes) as Hex;
}

const ascii = new TextDecoder();
// Reused between calls: a fresh buffer per block made the garbage collector a third of the cost.
let scratch = new Uint16Array(0);

/**
 * `count` 32-byte words from `bytes` as one string of `0x`-prefixed 66-character hex words back to back.
 * One decode for thousands of words is far cheaper than building each string; callers slice words out
 * of it (V8 slices share the parent string instead of copying).
 */
export function wordsToHexBlock(bytes: Uint8Array, offset: number, count: number): string {
  if (scratch.length < count * 33) scratch = new Uint16Array(count * 33);
  const pairs = scratch; // 66 chars = 33 uint16 slots per word: "0x" then 32 digit pairs
  for (let w = 0; w < count; w++) {
    const at = w * 33;
    pairs[at] = PREFIX;
    const src = offset + w * 32;
    for (let i = 0; i < 32; i++) pairs[at + 1 + i] = HEX_CODES[bytes[src + i]!]!;
  }
  return ascii.decode(new Uint8Array(pairs.buffer, 0, count * 66));
}

const HEX_RE = /^0x(?:[0-9a-fA-F]{2})*$/;

// Value of each ASCII hex digit, -1 for any other character code below 128.
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  DIGIT['0123456789abcdef'.charCodeAt(i)] = i;
  DIGIT['0123456789ABCDEF'.charCodeAt(i)] = i;
}

/** Bytes of a `0x` hex string; `size` (in bytes) is checked when given. */
export function hexToBytes(hex: string, size?: number, what = 'value'): Uint8Array {
  const length = typeof hex === 'string' ? (hex.length - 2) / 2 : -1;
  const bytes = new Uint8Array(Math.max(0, Math.floor(length)));
  hexIntoBytes(hex, bytes, 0, size ?? bytes.length, what);
  return bytes;
}

/**
 * Writes the `size` bytes of a `0x` hex string into `target` at `offset`, so a caller decoding many
 * values (every sibling of a Merkle path) fills one buffer instead of allocating one array each.
 */
export function hexIntoBytes(hex: string, target: Uint8Array, offset: number, size: number, what = 'value'): void {
  const length = typeof hex === 'string' ? (hex.length - 2) / 2 : -1;
  let valid = Number.isInteger(length) && length >= 0 && hex[0] === '0' && hex[1] === 'x';
  for (let i = 0; valid && i < length; i++) {
    const high = DIGIT[hex.charCodeAt(2 + 2 * i)] ?? -1;
    const low = DIGIT[hex.charCodeAt(3 + 2 * i)] ?? -1;
    valid = high >= 0 && low >= 0;
    if (i < size) target[offset + i] = (high << 4) | low;
  }
  if (!valid) throw new InvalidArgumentError(`${what} is not 0x-prefixed hex with whole bytes.`, { details: `got ${describe(hex)}` });
  if (length !== size) throw new InvalidArgumentError(`${what} must be ${size} bytes.`, { details: `got ${length} bytes: ${hex}` });
}

export function isBytes32Hex(value: unknown): value is Hex {
  return typeof value === 'string' && value.length === 66 && HEX_RE.test(value);
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? `an array of ${value.length}` : 'an object';
}
