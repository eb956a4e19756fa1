import { type Address, getAddress, isAddress } from 'viem';
import type { Registry } from '../chain/connect.js';
import { readIssuerProfile } from '../chain/reads.js';
import { didPkhAddress } from '../core/credential/issuer.js';
import { anchoringAccounts, didDocumentHash } from '../core/did/document.js';
import { didWebOfDomain, isDidWebDomain } from '../core/did/web.js';
import { InvalidArgumentError } from '../core/errors.js';
import { type IdentityOptions, domainOf, resolveIssuerDids } from './issuerIdentity.js';

/** The issuers a verifier names, sorted by kind: Ethereum accounts, DIDs and did:web domains. */
export interface TrustedIssuers {
  issuers: Address[];
  dids: string[];
  domains: string[];
}

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
    const kind = nameKind(value);
    if (kind === 'account') trusted.issuers.push(getAddress(value));
    else if (kind === 'did') trusted.dids.push(value);
    else trusted.domains.push(value.toLowerCase());
  }
  return trusted;
}

/**
 * Checks what a person typed as "accreditors I accept" (an account, a DID or a did:web domain, as for
 * issuers) and returns it in the form a trust policy's `accreditors` takes: accounts checksummed, domains
 * lowercase.
 *
 * @throws InvalidArgumentError naming the value that is none of the three
 */
export function trustedAccreditors(values: readonly string[]): string[] {
  return values.map((value) => {
    const kind = nameKind(value);
    return kind === 'account' ? getAddress(value) : kind === 'domain' ? value.toLowerCase() : value;
  });
}

function nameKind(value: string): 'account' | 'did' | 'domain' {
  if (/^0x/i.test(value)) {
    if (!isAddress(value, { strict: false })) throw new InvalidArgumentError(`"${value}" is not an Ethereum address.`);
    return 'account';
  }
  if (/^did:[a-z0-9]+:\S+$/.test(value)) return 'did';
  if (isDidWebDomain(value.toLowerCase())) return 'domain';
  throw new InvalidArgumentError(`"${value}" is not a domain (northfield.edu), a DID or an Ethereum address.`);
}

/**
 * The accreditors of a trust policy as the accounts whose on-chain accreditations count, each with the
 * name a verdict gives it. An accreditor named by account is that account. One named by DID or domain is
 * verified like an issuer: every account its DID document lists counts, if that account's issuer profile
 * on a genuine registry names the DID and this exact document; a DID that can't be resolved, or an account
 * whose profile doesn't vouch for it, gives no account (and so recognises nobody).
 */
export interface Accreditors {
  accounts: Address[];
  /** What to call the accreditor of each account (lowercase key): its verified domain or DID, or the account. */
  names: Map<string, string>;
}

export async function resolveAccreditors(values: readonly string[], registries: readonly Registry[], options: IdentityOptions): Promise<Accreditors> {
  const accreditors: Accreditors = { accounts: [], names: new Map() };
  const add = (account: Address, name: string) => {
    if (accreditors.names.has(account.toLowerCase())) return;
    accreditors.accounts.push(account);
    accreditors.names.set(account.toLowerCase(), name);
  };
  // An account is called as the verifier wrote it.
  const named = values.map((value): { account: Address; name: string } | { did: string } => {
    const account = /^0x/i.test(value) ? getAddress(value) : didPkhAddress(value);
    return account !== undefined ? { account, name: value } : { did: value.startsWith('did:') ? value : didWebOfDomain(value.toLowerCase()) };
  });
  const resolutions = await resolveIssuerDids(named.flatMap((entry) => ('did' in entry ? [entry.did] : [])), options);
  for (const entry of named) {
    if ('account' in entry) {
      add(entry.account, entry.name);
      continue;
    }
    const resolution = resolutions.get(entry.did);
    if (resolution === undefined || resolution instanceof Error) continue;
    const hash = didDocumentHash(resolution.document).toLowerCase();
    for (const account of anchoringAccounts(resolution.document)) {
      const profiles = await Promise.all(registries.map((registry) => readIssuerProfile(registry, account).catch(() => undefined)));
      if (profiles.some((profile) => profile?.uri === entry.did && profile.contentHash.toLowerCase() === hash)) add(account, domainOf(entry.did) ?? entry.did);
    }
  }
  return accreditors;
}
