import type { Address } from 'viem';
import type { IssuerIdentity } from '../issuerIdentity.js';
import type { Check } from '../verdict.js';
import type { TrustPolicy } from '../verifyCredentials.js';

/** The `trusted` check, and for a pass, the few words a valid verdict's sentence gives as the reason. */
export interface TrustedCheck {
  check: Check;
  reason?: string;
}

/**
 * The `trusted` check: whether the verifier's policy vouches for the issuer: its account on the list, its
 * DID or domain on the list once verified (a DID or domain anyone can write into a credential counts only
 * then), or an accreditor on the list accrediting the account on chain (`accreditedBy`, in the policy's
 * order). Skipped without a policy.
 */
export function trustedCheck(issuer: Address, identity: IssuerIdentity, trust: TrustPolicy | undefined, accreditedBy: readonly { account: Address; name: string }[]): TrustedCheck {
  if (!trust || (!trust.issuers?.length && !trust.accreditors?.length && !trust.dids?.length && !trust.domains?.length)) {
    return { check: { name: 'trusted', outcome: 'skipped', message: 'No trust list given: whether to trust this issuer is up to you.' } };
  }
  const who = identity.verified ? (identity.domain ?? identity.did) : issuer;
  if (trust.issuers?.some((a) => a.toLowerCase() === issuer.toLowerCase())) {
    return { check: { name: 'trusted', outcome: 'pass', message: `Issuer ${issuer} is on your trust list.` }, reason: 'an account on your trust list' };
  }
  if (identity.verified && trust.dids?.includes(identity.did)) {
    return { check: { name: 'trusted', outcome: 'pass', message: `${identity.did} is on your trust list.` }, reason: 'on your trust list' };
  }
  if (identity.verified && identity.domain !== undefined && trust.domains?.some((d) => d.toLowerCase() === identity.domain!.toLowerCase())) {
    return { check: { name: 'trusted', outcome: 'pass', message: `${identity.domain} is on your trust list.` }, reason: 'on your trust list' };
  }
  const by = accreditedBy[0]?.name;
  if (by) return { check: { name: 'trusted', outcome: 'pass', message: `Issuer ${who} is accredited by ${by}.` }, reason: `accredited by ${by}` };
  const unverified = !identity.verified && (trust.dids?.includes(identity.did) || (identity.domain !== undefined && trust.domains?.includes(identity.domain)))
    ? ` It claims to be ${identity.domain ?? identity.did}, which is on your list, but that could not be verified.`
    : '';
  return {
    check: { name: 'trusted', outcome: 'fail', status: 'untrusted-issuer', message: `Issuer ${who} is neither on your trust list nor accredited by an accreditor you trust.${unverified}` },
  };
}

/** A valid verdict's sentence: who the issuer verifiably is, and whether anyone vouched for it. */
export function validSummary(account: Address, identity: IssuerIdentity, trusted: TrustedCheck): string {
  const who = identity.verified ? (identity.domain ?? identity.did) : `account ${account}`;
  if (trusted.check.outcome === 'pass') return `Valid: issued by ${who}, ${trusted.reason}.`;
  if (identity.verified) return `Valid: issued by ${who} (verified). Whether to trust ${who} is your call.`;
  return `Valid, from an unidentified issuer: account ${account} (${identity.did}). No domain vouches for it; trust it only if you know this account.`;
}
