import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';

/**
 * An Ed25519 secret key sealed with a passphrase, as the issuer's signing key and the holder's key files
 * keep it: scrypt derives an AES-256-GCM key; the DID is the additional authenticated data, so a sealed
 * key moved into another DID's file does not open. `format` names the kind of file (and its version).
 */
export interface SealedKey<Format extends string = string> {
  format: Format;
  did: string;
  publicKeyMultibase: string;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: { name: 'aes-256-gcm'; iv: string; tag: string };
  ciphertext: string;
}

/** The shortest passphrase a key is sealed with. */
export const MIN_PASSPHRASE = 12;

// scrypt cost: ~0.1 s and 32 MiB per unlock here, as Ethereum keystores (N = 2^15 is below their 2^18 to
// keep every CLI command quick; the passphrase is the owner's to make long).
const SCRYPT = { N: 1 << 15, r: 8, p: 1 } as const;

export function sealKey<Format extends string>(
  format: Format,
  key: { did: string; publicKeyMultibase: string; secretKeyMultibase: string },
  passphrase: string,
): SealedKey<Format> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(passphrase, salt, SCRYPT), iv);
  cipher.setAAD(Buffer.from(key.did));
  const ciphertext = Buffer.concat([cipher.update(key.secretKeyMultibase, 'utf8'), cipher.final()]);
  return {
    format,
    did: key.did,
    publicKeyMultibase: key.publicKeyMultibase,
    kdf: { name: 'scrypt', ...SCRYPT, salt: salt.toString('base64') },
    cipher: { name: 'aes-256-gcm', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64') },
    ciphertext: ciphertext.toString('base64'),
  };
}

/**
 * The secret key (`zrv…`) of a sealed key, or `undefined` when it does not open: a wrong passphrase, or a
 * file altered (GCM authenticates the ciphertext and the DID), or scrypt costs beyond what is ever written.
 */
export function unsealKey(sealed: SealedKey, passphrase: string): string | undefined {
  try {
    const { N, r, p, salt } = sealed.kdf;
    const decipher = createDecipheriv('aes-256-gcm', deriveKey(passphrase, Buffer.from(salt, 'base64'), { N, r, p }), Buffer.from(sealed.cipher.iv, 'base64'));
    decipher.setAAD(Buffer.from(sealed.did));
    decipher.setAuthTag(Buffer.from(sealed.cipher.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

function deriveKey(passphrase: string, salt: Buffer, { N, r, p }: { N: number; r: number; p: number }): Buffer {
  if (N > 1 << 20 || r > 16 || p > 4) throw new RangeError('key file asks for scrypt parameters beyond what microcred writes');
  return scryptSync(passphrase.normalize('NFC'), salt, 32, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 });
}
