import { type Address, getAddress, isAddress } from 'viem';
import { InvalidArgumentError } from '../errors.js';
import { ISSUER_DID } from './schema.js';
import type { OpenBadgeCredential } from './types.js';

/**
 * The issuer profile id for an Ethereum address: `did:pkh:eip155:<chainId>:<checksummed address>` (the
 * did:pkh method, a CAIP-10 account). `chainId` is the issuer's home chain, 1 (Ethereum) unless given;
 * a batch may be anchored on any chain, and verifiers compare only the address.
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

/** The issuing address a credential names (checksummed), read from its issuer profile's did:pkh id. */
export function issuerAddress(credential: Pick<OpenBadgeCredential, 'issuer'>): Address {
  const match = ISSUER_DID.exec(credential.issuer?.id ?? '');
  if (!match) throw new InvalidArgumentError('Credential issuer id is not did:pkh:eip155:<chain id>:<address>.', { details: `got ${credential.issuer?.id}` });
  return getAddress(match[2]!);
}
