import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Address } from 'viem';
import { buildIssuerDidDocument, didDocumentHash, didWeb, didWebDocumentUrl } from '../../core/did/index.js';
import type { DidDocument } from '../../core/did/types.js';
import { parseStrictJson } from '../../core/json/index.js';
import { type IssuerSigner, generateIssuerKey, issuerSigner } from '../../core/signature/index.js';
import { STORE_DIR } from '../store/index.js';
import { replaceFileAtomic, syncDir } from './atomicFiles.js';
import { IssuerError } from './errors.js';

/**
 * An issuer's identity, kept next to its store (`.microcred/identity/`): its DID document, to publish at
 * `https://<domain>/.well-known/did.json`, and its Ed25519 signing key, encrypted with a passphrase
 * (scrypt, AES-256-GCM). The key never leaves the file unencrypted and is never printed.
 */
export interface IssuerIdentityFiles {
  /** The DID document, as published. */
  document: string;
  /** The encrypted signing key. */
  key: string;
}

export interface LoadedIssuerIdentity {
  did: string;
  document: DidDocument;
  /** keccak256 of the document's canonical JSON: what the on-chain issuer profile records. */
  documentHash: `0x${string}`;
  /** Where the document must be published for did:web to resolve. */
  publishAt: string;
  signer: IssuerSigner;
}

const KEY_FORMAT = 'microcred-issuer-key-v1';
// scrypt cost: ~0.1 s and 32 MiB per unlock here, as Ethereum keystores (N = 2^15 is below their 2^18 to
// keep every CLI command quick; the passphrase is the issuer's to make long).
const SCRYPT = { N: 1 << 15, r: 8, p: 1 } as const;
const MIN_PASSPHRASE = 12;

export class IssuerIdentityError extends IssuerError {
  override name = 'IssuerIdentityError';
}

/** The files of the identity of the store in `dir`. */
export function identityFiles(dir: string): IssuerIdentityFiles {
  const root = path.join(path.resolve(dir), STORE_DIR, 'identity');
  return { document: path.join(root, 'did.json'), key: path.join(root, 'signing-key.json') };
}

export interface CreateIssuerIdentityParameters {
  /** Folder of the issuer's store. */
  dir: string;
  /** `northfield.edu` (the did:web domain), and a path when the issuer is one of several on the domain. */
  domain: string;
  path?: string | undefined;
  /** Ethereum accounts allowed to anchor for the issuer (the anchoring account first). */
  accounts: readonly Address[];
  passphrase: string;
}

/**
 * Creates the issuer's did:web identity: a new Ed25519 key (written encrypted) and the DID document
 * listing it for `assertionMethod` and the anchoring accounts. Refuses to replace an existing identity:
 * credentials signed with its key would stop verifying once its document is replaced.
 */
export async function createIssuerIdentity({ dir, domain, path: subpath, accounts, passphrase }: CreateIssuerIdentityParameters): Promise<LoadedIssuerIdentity> {
  const files = identityFiles(dir);
  if (existsSync(files.key) || existsSync(files.document)) {
    throw new IssuerIdentityError(`An issuer identity already exists in ${path.dirname(files.key)}; it is never replaced (credentials signed with its key must keep verifying).`);
  }
  if (passphrase.length < MIN_PASSPHRASE) throw new IssuerIdentityError(`The passphrase must be at least ${MIN_PASSPHRASE} characters long.`);
  if (accounts.length === 0) throw new IssuerIdentityError('An issuer identity needs at least one Ethereum account allowed to anchor for it.');
  const did = didWeb(domain, subpath);
  const key = await generateIssuerKey();
  const document = buildIssuerDidDocument({ did, signingKey: { publicKeyMultibase: key.publicKeyMultibase }, accounts: [...accounts] });
  mkdirSync(path.dirname(files.key), { recursive: true, mode: 0o700 });
  // The key first: a document without its key would be an identity nobody can sign for.
  replaceFileAtomic(files.key, `${JSON.stringify(encryptKey(did, key.publicKeyMultibase, key.secretKeyMultibase, passphrase), null, 2)}\n`, 0o600);
  replaceFileAtomic(files.document, `${JSON.stringify(document, null, 2)}\n`);
  syncDir(path.dirname(files.key));
  return loaded(did, document, await issuerSigner({ did, ...key }));
}

/** The DID document of the store in `dir` (no key needed), or undefined when it has no identity. */
export function readIssuerDidDocument(dir: string): DidDocument | undefined {
  const files = identityFiles(dir);
  return existsSync(files.document) ? (readJson(files.document) as DidDocument) : undefined;
}

/** The identity of the store in `dir`, or undefined when it has none (a did:pkh issuer). */
export async function loadIssuerIdentity(dir: string, passphrase: () => string): Promise<LoadedIssuerIdentity | undefined> {
  const files = identityFiles(dir);
  if (!existsSync(files.document) && !existsSync(files.key)) return undefined;
  if (!existsSync(files.key)) throw new IssuerIdentityError(`${files.document} has no signing key beside it (${files.key}).`);
  if (!existsSync(files.document)) throw new IssuerIdentityError(`${files.key} has no DID document beside it (${files.document}).`);
  const document = readJson(files.document) as DidDocument;
  const sealed = readJson(files.key) as SealedKey;
  if (sealed.format !== KEY_FORMAT || sealed.did !== document.id) throw new IssuerIdentityError(`${files.key} is not the signing key of ${document.id}.`);
  const secretKeyMultibase = decryptKey(sealed, passphrase(), files.key);
  return loaded(document.id, document, await issuerSigner({ did: document.id, publicKeyMultibase: sealed.publicKeyMultibase, secretKeyMultibase }));
}

function loaded(did: string, document: DidDocument, signer: IssuerSigner): LoadedIssuerIdentity {
  return { did, document, documentHash: didDocumentHash(document), publishAt: didWebDocumentUrl(did), signer };
}

interface SealedKey {
  format: typeof KEY_FORMAT;
  did: string;
  publicKeyMultibase: string;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: { name: 'aes-256-gcm'; iv: string; tag: string };
  ciphertext: string;
}

function encryptKey(did: string, publicKeyMultibase: string, secretKeyMultibase: string, passphrase: string): SealedKey {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(passphrase, salt, SCRYPT), iv);
  cipher.setAAD(Buffer.from(did));
  const ciphertext = Buffer.concat([cipher.update(secretKeyMultibase, 'utf8'), cipher.final()]);
  return {
    format: KEY_FORMAT,
    did,
    publicKeyMultibase,
    kdf: { name: 'scrypt', ...SCRYPT, salt: salt.toString('base64') },
    cipher: { name: 'aes-256-gcm', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64') },
    ciphertext: ciphertext.toString('base64'),
  };
}

function decryptKey(sealed: SealedKey, passphrase: string, file: string): string {
  try {
    const { N, r, p, salt } = sealed.kdf;
    const decipher = createDecipheriv('aes-256-gcm', deriveKey(passphrase, Buffer.from(salt, 'base64'), { N, r, p }), Buffer.from(sealed.cipher.iv, 'base64'));
    decipher.setAAD(Buffer.from(sealed.did));
    decipher.setAuthTag(Buffer.from(sealed.cipher.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new IssuerIdentityError(`Could not unlock the signing key in ${file}: wrong passphrase, or the file was altered.`);
  }
}

function deriveKey(passphrase: string, salt: Buffer, { N, r, p }: { N: number; r: number; p: number }): Buffer {
  if (N > 1 << 20 || r > 16 || p > 4) throw new Error('key file asks for scrypt parameters beyond what microcred writes');
  return scryptSync(passphrase.normalize('NFC'), salt, 32, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 });
}

function readJson(file: string): unknown {
  try {
    return parseStrictJson(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new IssuerIdentityError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}
