import { type Address, type Hex, getAddress, isAddress, keccak256, toBytes } from 'viem';
import { canonicalJson } from '../canonical.js';
import { InvalidArgumentError } from '../errors.js';
import { DID_V1_URL, MULTIKEY_V1_URL } from '../jsonld/contexts.js';
import { absoluteId } from '../jsonld/documentLoader.js';
import type { DidDocument, VerificationMethod } from './types.js';

/** The fragment of an issuer's Ed25519 signing key in its DID document. */
export const SIGNING_KEY_FRAGMENT = 'key-1';

export const ETHEREUM_ACCOUNT_TYPE = 'EcdsaSecp256k1RecoveryMethod2020';

/**
 * Defines the two terms the Ethereum account entries use. Their suite's own context
 * (`https://w3id.org/security/suites/secp256k1recovery-2020/v2`) is not published in any package we can
 * embed, and fetching it is what we refuse to do, so the terms are defined inline, to the IRIs of the
 * Security Vocabulary that the DID Specification Registries give for `blockchainAccountId` and the method
 * type. With it the whole document expands under JSON-LD safe mode; microcred itself reads the entries as
 * JSON and matches accounts by address only.
 */
export const ETHEREUM_ACCOUNT_CONTEXT = {
  EcdsaSecp256k1RecoveryMethod2020: 'https://w3id.org/security#EcdsaSecp256k1RecoveryMethod2020',
  blockchainAccountId: 'https://w3id.org/security#blockchainAccountId',
} as const;

export interface BuildIssuerDidDocumentParameters {
  /** The issuer's DID (did:web recommended). */
  did: string;
  /** The Ed25519 public key credentials are signed with, as a multibase Multikey (`z6Mk…`). */
  signingKey: { publicKeyMultibase: string };
  /** The Ethereum accounts allowed to anchor batches for this issuer (an issuer address, a multisig…). */
  accounts: readonly Address[];
}

/**
 * The issuer's DID document: its signing key `<did>#key-1` (a `Multikey` listed in `assertionMethod`) and
 * one `EcdsaSecp256k1RecoveryMethod2020` entry `<did>#eth-<n>` per account allowed to anchor for it,
 * named by a CAIP-10 id on chain 1 (`eip155:1:<address>`; verifiers match accounts by address only, on
 * every chain). Publish it at `didWebDocumentUrl(did)`; the registry's issuer profile stores `didDocumentHash`.
 *
 * @example
 * buildIssuerDidDocument({ did: 'did:web:credentials.example.edu', signingKey: { publicKeyMultibase: 'z6Mk…' }, accounts: ['0x7099…79C8'] })
 */
export function buildIssuerDidDocument({ did, signingKey, accounts }: BuildIssuerDidDocumentParameters): DidDocument {
  if (typeof did !== 'string' || !/^did:[a-z0-9]+:[^#?\s]+$/.test(did)) throw new InvalidArgumentError('The issuer DID is not a DID.', { details: `got ${JSON.stringify(did)}` });
  if (!/^z6Mk[1-9A-HJ-NP-Za-km-z]{44}$/.test(signingKey.publicKeyMultibase)) {
    throw new InvalidArgumentError('The signing key is not an Ed25519 public key in multibase (z6Mk…).', { details: `got ${JSON.stringify(signingKey.publicKeyMultibase)}` });
  }
  const checksummed = accounts.map((account) => {
    if (!isAddress(account, { strict: false })) throw new InvalidArgumentError('An anchoring account is not a 20-byte 0x address.', { details: `got ${JSON.stringify(account)}` });
    return getAddress(account);
  });
  if (new Set(checksummed).size !== checksummed.length) throw new InvalidArgumentError('An anchoring account is listed twice.');
  const key = `${did}#${SIGNING_KEY_FRAGMENT}`;
  return {
    '@context': [DID_V1_URL, MULTIKEY_V1_URL, ETHEREUM_ACCOUNT_CONTEXT],
    id: did,
    verificationMethod: [
      { id: key, type: 'Multikey', controller: did, publicKeyMultibase: signingKey.publicKeyMultibase },
      ...checksummed.map((address, n) => ({ id: `${did}#eth-${n + 1}`, type: ETHEREUM_ACCOUNT_TYPE, controller: did, blockchainAccountId: `eip155:1:${address}` })),
    ],
    assertionMethod: [key],
  };
}

/**
 * The Ethereum accounts a DID document allows to anchor for its DID (checksummed, each once): the
 * addresses of its `EcdsaSecp256k1RecoveryMethod2020` entries whose `blockchainAccountId` is an eip155
 * CAIP-10 account, whatever the chain.
 */
export function anchoringAccounts(document: DidDocument): Address[] {
  const found = new Set<Address>();
  for (const method of verificationMethods(document)) {
    if (method.type !== ETHEREUM_ACCOUNT_TYPE || typeof method.blockchainAccountId !== 'string') continue;
    const match = /^eip155:[1-9][0-9]*:(0x[0-9a-fA-F]{40})$/.exec(method.blockchainAccountId);
    if (match && isAddress(match[1]!, { strict: false })) found.add(getAddress(match[1]!));
  }
  return [...found];
}

/**
 * The keys a DID document lets sign credentials for its DID: the `Multikey` methods its `assertionMethod`
 * lists (by id, relative or absolute, or embedded) that it controls, with absolute ids.
 */
export function assertionKeys(document: DidDocument): VerificationMethod[] {
  const byId = new Map(verificationMethods(document).map((method) => [absoluteId(document.id, method.id), method]));
  const keys: VerificationMethod[] = [];
  for (const entry of document.assertionMethod ?? []) {
    const method = typeof entry === 'string' ? byId.get(absoluteId(document.id, entry)) : entry;
    if (method === undefined || method.type !== 'Multikey' || typeof method.publicKeyMultibase !== 'string') continue;
    if (method.controller !== document.id) continue;
    keys.push({ ...method, id: absoluteId(document.id, method.id)! });
  }
  return keys;
}

/**
 * The hash an issuer's on-chain profile stores for its DID document (`setIssuerProfile(uri, contentHash)`):
 * keccak256 of the document's RFC 8785 canonical JSON, so any change to the document shows.
 */
export function didDocumentHash(document: DidDocument): Hex {
  return keccak256(toBytes(canonicalJson(document)));
}

function verificationMethods(document: DidDocument): VerificationMethod[] {
  return (Array.isArray(document.verificationMethod) ? document.verificationMethod : []).filter(
    (method): method is VerificationMethod => typeof method === 'object' && method !== null,
  );
}
