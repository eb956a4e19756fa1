import { type Address, getAddress, isAddress } from 'viem';
import { InvalidArgumentError } from '../core/errors.js';

/** The issuers a verifier names, sorted by kind: Ethereum accounts, DIDs and did:web domains. */
export interface TrustedIssuers {
  issuers: Address[];
  dids: string[];
  domains: string[];
}

// A host (lowercase, as did:web writes it), an optional port, an optional path: `northfield.edu`, `uni.example/faculties/law`.
const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d{1,5})?(\/[\w.-]+)*$/;

/**
 * Sorts what a person typed as "issuers I trust" into a trust policy's lists: `0x…` is an account,
 * `did:…` a DID, anything else must be a domain (`northfield.edu`).
 *
 * @throws InvalidArgumentError naming the value that is none of the three
 * @example
 * trustedIssuers(['northfield.edu', 'did:web:uni.example', '0x7099…79C8'])
 */
export function trustedIssuers(values: readonly string[]): TrustedIssuers {
  const trusted: TrustedIssuers = { issuers: [], dids: [], domains: [] };
  for (const value of values) {
    if (/^0x/i.test(value)) {
      if (!isAddress(value, { strict: false })) throw new InvalidArgumentError(`"${value}" is not an Ethereum address.`);
      trusted.issuers.push(getAddress(value));
    } else if (/^did:[a-z0-9]+:\S+$/.test(value)) trusted.dids.push(value);
    else if (DOMAIN.test(value.toLowerCase())) trusted.domains.push(value.toLowerCase());
    else throw new InvalidArgumentError(`"${value}" is not a domain (northfield.edu), a DID or an Ethereum address.`);
  }
  return trusted;
}
