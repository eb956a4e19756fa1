import { type Address, getAddress, isAddress } from 'viem';
import { InvalidArgumentError } from '../errors.js';
import { anchorProofOf } from './format.js';
import { ISSUER_DID } from './schema.js';
import type { OpenBadgeCredential } from './types.js';

/**
 * The issuer profile id for an Ethereum address: `did:pkh:eip155:<chainId>:<checksummed address>` (the
 * did:pkh method, a CAIP-10 account). `chainId` is the issuer's home chain, 1 (Ethereum) unless given;
 * a batch may be anchored on any chain, and verifiers compare only the address. An issuer with a domain
 * uses its `did:web` instead (see `didWeb`).
 *
 * @example
 * issuerDid('0x70997970c51812dc3a010c7d01b50e0d17dc79c8', 31337)
 * // 'did:pkh:eip155:31337:0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
 */
export function issuerDid(address: string, chainId = 1): string {
  if (!isAddress(address, { strict: false })) throw new InvalidArgumentError('Issuer address is not a 20-byte 0x address.', { details: `got ${address}` });
  if (!Number.isSafeInteger(chainId) || chainId < 1) throw new InvalidArgumentError('Chain id must be a positive integer.', { details: `got ${chainId}` });
  return `did:pkh:eip155:${chainId}:${getAddress(address)}`;
}

/** The account a `did:pkh:eip155:…` DID names (checksummed), or undefined for any other DID. */
export function didPkhAddress(did: string): Address | undefined {
  const match = ISSUER_DID.exec(did);
  return match ? checksummed(match[2]!) : undefined;
}

// The same few addresses (a batch's issuer, its registry) come back for every credential of a passport,
// and each checksum is a keccak: remember the last thousand.
const checksums = new Map<string, Address>();

/** `getAddress`, remembered: the EIP-55 checksummed form of a 20-byte 0x address. */
export function checksummed(address: string): Address {
  let known = checksums.get(address);
  if (known === undefined) {
    known = getAddress(address);
    if (checksums.size >= 1024) checksums.clear();
    checksums.set(address, known);
  }
  return known;
}

/**
 * The account that anchors a credential's batch (checksummed): its anchor proof's issuer, or before the
 * credential has one, the account its did:pkh issuer id names. Throws for an unanchored credential of
 * an issuer identified otherwise (did:web): only its DID document says which accounts anchor for it.
 */
export function issuerAddress(credential: Pick<OpenBadgeCredential, 'issuer' | 'proof'>): Address {
  const proof = anchorProofOf(credential);
  if (proof && isAddress(proof.issuer, { strict: false })) return checksummed(proof.issuer);
  const named = didPkhAddress(credential.issuer?.id ?? '');
  if (!named) throw new InvalidArgumentError('Credential has no anchor proof and its issuer id is not did:pkh:eip155:<chain id>:<address>.', { details: `got ${credential.issuer?.id}` });
  return named;
}
