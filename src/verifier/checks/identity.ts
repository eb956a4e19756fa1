import type { Address } from 'viem';
import { anchoringAccounts, didDocumentHash } from '../../core/did/document.js';
import { didPkhAddress } from '../../core/credential/issuer.js';
import { didWebDocumentUrl } from '../../core/did/web.js';
import { type IssuerIdentity, type ProfileRead, type Resolution, domainOf } from '../issuerIdentity.js';
import type { Check } from '../verdict.js';

/**
 * The `identity` check: the issuer's DID document lists `account`, the account that anchored the
 * credential, as one that anchors for it. Skipped for did:pkh (an account vouches for nothing but itself);
 * an `error` (`issuer-unresolved`) when the document could not be obtained.
 */
export function identityCheck(did: string, account: Address, resolution: Resolution | undefined): Check {
  const pkh = didPkhAddress(did);
  if (pkh !== undefined) {
    return { name: 'identity', outcome: 'skipped', message: `The issuer is identified only by its Ethereum account ${pkh} (did:pkh): no domain or DID document vouches for it.` };
  }
  if (resolution === undefined || resolution instanceof Error) {
    const why = resolution?.shortMessage ?? `${did} was not resolved.`;
    return {
      name: 'identity',
      outcome: 'error',
      status: 'issuer-unresolved',
      message: `Could not establish who the issuer is: ${why} The anchor checks still stand; the issuer's DID document can also be supplied.`,
    };
  }
  const name = nameOf(did);
  const from = resolution.source === 'web' ? ` (from ${didWebDocumentUrl(did)})` : resolution.source === 'supplied' ? ' (supplied)' : '';
  if (anchoringAccounts(resolution.document).some((a) => a.toLowerCase() === account.toLowerCase())) {
    return { name: 'identity', outcome: 'pass', message: `${name}'s DID document${from} lists account ${account} as one that anchors for it.` };
  }
  return {
    name: 'identity',
    outcome: 'fail',
    status: 'issuer-unverified',
    message: `${name}'s DID document${from} does not list account ${account}, which anchored this credential: the credential claims an issuer that does not vouch for it.`,
  };
}

/**
 * The `profile` check: `account`'s issuer profile on a genuine registry holding the batch names the DID
 * and the hash of this exact DID document, so the binding holds without the website.
 */
export function profileCheck(did: string, account: Address, resolution: Resolution | undefined, profile: ProfileRead): Check {
  if (didPkhAddress(did) !== undefined) return { name: 'profile', outcome: 'skipped', message: 'Not checked: a did:pkh issuer has no DID document to record on chain.' };
  if (resolution === undefined || resolution instanceof Error) return { name: 'profile', outcome: 'skipped', message: 'Not checked: the issuer\'s DID document could not be obtained.' };
  if (profile instanceof Error) {
    return { name: 'profile', outcome: 'error', status: 'unreachable', message: `Could not read the issuer profile of ${account}: ${profile.message}` };
  }
  if (profile === undefined) {
    return { name: 'profile', outcome: 'fail', status: 'issuer-unverified', message: `Account ${account} has recorded no issuer profile on the registry, so nothing on chain ties it to ${did}.` };
  }
  if (profile.uri !== did) {
    return { name: 'profile', outcome: 'fail', status: 'issuer-unverified', message: `Account ${account}'s issuer profile on chain names ${profile.uri}, not ${did}.` };
  }
  const hash = didDocumentHash(resolution.document);
  if (profile.contentHash.toLowerCase() !== hash.toLowerCase()) {
    return {
      name: 'profile',
      outcome: 'fail',
      status: 'issuer-unverified',
      message: `The DID document of ${did} is not the one account ${account} recorded on chain (hash ${hash}, recorded ${profile.contentHash}).`,
    };
  }
  return { name: 'profile', outcome: 'pass', message: `Account ${account}'s issuer profile on chain names ${did} and this exact DID document.` };
}

/** Who the issuer verifiably is, given the two checks above: verified only when both passed (never for did:pkh). */
export function issuerIdentityOf(did: string, resolution: Resolution | undefined, checks: { identity: Check; profile: Check }): IssuerIdentity {
  if (didPkhAddress(did) !== undefined) return { did, verified: false };
  const domain = did.startsWith('did:web:') ? domainOf(did) : undefined;
  const source = resolution === undefined || resolution instanceof Error ? {} : { source: resolution.source };
  return { did, ...(domain === undefined ? {} : { domain }), verified: checks.identity.outcome === 'pass' && checks.profile.outcome === 'pass', ...source };
}

const nameOf = (did: string) => (did.startsWith('did:web:') ? domainOf(did) : undefined) ?? did;
