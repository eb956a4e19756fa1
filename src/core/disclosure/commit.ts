import type { Hex } from 'viem';
import { bytesToHex, hexToBytes } from '../bytes.js';
import { canonicalJson } from '../canonical.js';
import { getHasher } from '../keccak/hasher.js';

/** Salt length: 128 bits, enough that a hidden field's commitment cannot be searched for its value. */
export const SALT_BYTES = 16;

// Domain tags, each followed by a 0x00 byte: a field commitment and a credential digest are hashes of
// different things and can never be taken one for the other.
const encoder = new TextEncoder();
const FIELD_DOMAIN = encoder.encode('microcred/field/v1\0');
const CREDENTIAL_DOMAIN = encoder.encode('microcred/credential/v1\0');

/**
 * Commitment to one disclosable field:
 * `keccak256("microcred/field/v1" 0x00 ‖ salt (16 bytes) ‖ canonicalJson([path, value]))`.
 * The path is inside so a commitment cannot be moved to another field.
 */
export function fieldCommitment(salt: Hex, path: string, value: unknown): Hex {
  const text = encoder.encode(canonicalJson([path, value]));
  const input = new Uint8Array(FIELD_DOMAIN.length + SALT_BYTES + text.length);
  input.set(FIELD_DOMAIN, 0);
  input.set(hexToBytes(salt, SALT_BYTES, `salt of ${path}`), FIELD_DOMAIN.length);
  input.set(text, FIELD_DOMAIN.length + SALT_BYTES);
  return bytesToHex(getHasher().keccak256(input));
}

/** `keccak256("microcred/credential/v1" 0x00 ‖ canonicalJson(form))` for a commitment form. */
export function formDigest(form: unknown): Hex {
  const text = encoder.encode(canonicalJson(form));
  const input = new Uint8Array(CREDENTIAL_DOMAIN.length + text.length);
  input.set(CREDENTIAL_DOMAIN, 0);
  input.set(text, CREDENTIAL_DOMAIN.length);
  return bytesToHex(getHasher().keccak256(input));
}

/** Fresh random salts, `count` of them, drawn in one call to the platform's CSPRNG. */
export function randomSalts(count: number): Hex[] {
  const bytes = new Uint8Array(SALT_BYTES * count);
  // getRandomValues fills at most 65,536 bytes per call.
  for (let at = 0; at < bytes.length; at += 65536) crypto.getRandomValues(bytes.subarray(at, at + 65536));
  return Array.from({ length: count }, (_, i) => bytesToHex(bytes, SALT_BYTES * i, SALT_BYTES));
}
