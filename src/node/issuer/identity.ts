import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Address } from 'viem';
import { buildIssuerDidDocument, didDocumentHash, didWeb, didWebDocumentUrl } from '../../core/did/index.js';
import type { DidDocument } from '../../core/did/types.js';
import { parseStrictJson } from '../../core/json/index.js';
import { type IssuerSigner, generateIssuerKey } from '../../core/signature/index.js';
import { nodeIssuerSigner } from '../keys/nodeSigner.js';
import { MIN_PASSPHRASE, type SealedKey, sealKey, unsealKey } from '../keys/sealedKey.js';
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
  replaceFileAtomic(files.key, `${JSON.stringify(sealKey(KEY_FORMAT, { did, ...key }, passphrase), null, 2)}\n`, 0o600);
  replaceFileAtomic(files.document, `${JSON.stringify(document, null, 2)}\n`);
  syncDir(path.dirname(files.key));
  return loaded(did, document, await nodeIssuerSigner({ did, ...key }));
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
  const sealed = readJson(files.key) as SealedKey<typeof KEY_FORMAT>;
  if (sealed.format !== KEY_FORMAT || sealed.did !== document.id) throw new IssuerIdentityError(`${files.key} is not the signing key of ${document.id}.`);
  const secretKeyMultibase = unsealKey(sealed, passphrase());
  if (secretKeyMultibase === undefined) throw new IssuerIdentityError(`Could not unlock the signing key in ${files.key}: wrong passphrase, or the file was altered.`);
  return loaded(document.id, document, await nodeIssuerSigner({ did: document.id, publicKeyMultibase: sealed.publicKeyMultibase, secretKeyMultibase }));
}

function loaded(did: string, document: DidDocument, signer: IssuerSigner): LoadedIssuerIdentity {
  return { did, document, documentHash: didDocumentHash(document), publishAt: didWebDocumentUrl(did), signer };
}

function readJson(file: string): unknown {
  try {
    return parseStrictJson(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new IssuerIdentityError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}
