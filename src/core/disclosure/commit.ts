import type { Hex } from 'viem';
import { bytesToHex, hexIntoBytes } from '../bytes.js';
import { canonicalJson, canonicalJsonOf } from '../canonical.js';
import { getHasher } from '../keccak/hasher.js';

/** Salt length: 128 bits, enough that a hidden field's commitment cannot be searched for its value. */
export const SALT_BYTES = 16;

// Domain tags, each followed by a 0x00 byte: a field commitment and a credential digest are hashes of
// different things and can never be taken one for the other.
const encoder = new TextEncoder();
const FIELD_DOMAIN = encoder.encode('microcred/field/v1\0');
const CREDENTIAL_DOMAIN = { v1: encoder.encode('microcred/credential/v1\0'), v2: encoder.encode('microcred/credential/v2\0') };

// Hash inputs are assembled in one reused buffer (a fresh typed array per field cost more than hashing it).
let scratch = new Uint8Array(4096);

/** keccak256(domain ‖ extra bytes written by `fill` ‖ UTF-8 of `text`), reusing the scratch buffer. */
function hashText(domain: Uint8Array, extra: number, fill: (buffer: Uint8Array) => void, text: string): Hex {
  const needed = domain.length + extra + 3 * text.length; // UTF-8 takes at most 3 bytes per UTF-16 unit
  if (scratch.length < needed) scratch = new Uint8Array(2 * needed);
  scratch.set(domain, 0);
  fill(scratch);
  const { written } = encoder.encodeInto(text, scratch.subarray(domain.length + extra));
  return bytesToHex(getHasher().keccak256(scratch.subarray(0, domain.length + extra + written)));
}

/**
 * Commitment to one disclosable field:
 * `keccak256("microcred/field/v1" 0x00 ‖ salt (16 bytes) ‖ canonicalJson([path, value]))`.
 * The path is inside so a commitment cannot be moved to another field.
 */
export function fieldCommitment(salt: Hex, path: string, value: unknown): Hex {
  const text = `[${quotedPath(path)},${canonicalJsonOf(value)}]`;
  return hashText(FIELD_DOMAIN, SALT_BYTES, (buffer) => hexIntoBytes(salt, buffer, FIELD_DOMAIN.length, SALT_BYTES, `salt of ${path}`), text);
}

// JSON text of each field path, made once: a credential has a dozen disclosable fields, all from a short list.
const quotedPaths = new Map<string, string>();

function quotedPath(path: string): string {
  let quoted = quotedPaths.get(path);
  if (quoted === undefined) {
    quoted = JSON.stringify(path);
    if (quotedPaths.size < 1024) quotedPaths.set(path, quoted);
  }
  return quoted;
}

/**
 * `keccak256("microcred/credential/<format>" 0x00 ‖ canonicalJson(form))` for a commitment form: each
 * format digests under its own tag, so a credential can't be read as the other format with the same digest.
 */
export function formDigest(form: unknown, format: 'v1' | 'v2'): Hex {
  return hashText(CREDENTIAL_DOMAIN[format], 0, () => {}, canonicalJson(form));
}

// Salts are cut from a pool refilled 64 KiB at a time (the most getRandomValues gives per call): one
// CSPRNG call per ~4,000 salts instead of one per credential. Each byte is used once.
const pool = new Uint8Array(65536);
let used = pool.length;

/** Fresh random salts (SALT_BYTES each) from the platform's CSPRNG. */
export function randomSalts(count: number): Hex[] {
  const salts: Hex[] = [];
  for (let i = 0; i < count; i++) {
    if (used + SALT_BYTES > pool.length) {
      crypto.getRandomValues(pool);
      used = 0;
    }
    salts.push(bytesToHex(pool, used, SALT_BYTES));
    pool.fill(0, used, used + SALT_BYTES); // a salt handed out leaves no copy behind
    used += SALT_BYTES;
  }
  return salts;
}
