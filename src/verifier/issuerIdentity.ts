import type { Address, Hex } from 'viem';
import { anchoringAccounts, didDocumentHash } from '../core/did/document.js';
import { DidResolutionError } from '../core/did/errors.js';
import { resolveDid } from '../core/did/resolve.js';
import type { DidDocument, DidDocumentSource, ResolvedDid } from '../core/did/types.js';
import { didWebDocumentUrl, parseDidWeb } from '../core/did/web.js';
import { didPkhAddress } from '../core/credential/issuer.js';
import type { Check } from './verdict.js';

/** Who issued a credential, as far as the verifier could establish it. */
export interface IssuerIdentity {
  /** The issuer's DID, as the credential names it. */
  did: string;
  /**
   * For a `did:web` issuer, the domain (and path) people know it by: `northfield.edu`. Shown only as
   * verified when `verified` is true.
   */
  domain?: string;
  /**
   * The DID and the anchoring account vouch for each other: the DID document lists the account, and the
   * account's on-chain issuer profile names the DID and that document's hash. Never true for did:pkh (an
   * account vouches for nothing but itself).
   */
  verified: boolean;
  /** Where the DID document came from: fetched (`web`), derived (`key`) or supplied by holder or verifier. */
  source?: DidDocumentSource;
}

export interface IdentityOptions {
  /** The fetch did:web documents are read with (default `globalThis.fetch`): inject a cache, a proxy, a fake. */
  fetch?: typeof globalThis.fetch;
  /** How long fetching one DID document may take (default 10 s). */
  didTimeoutMs?: number;
  /**
   * DID documents the holder or the verifier supplies, by DID (for an issuer whose website is gone). One is
   * accepted only if its hash is the one the issuer's account recorded on chain (the `profile` check).
   */
  didDocuments?: Readonly<Record<string, DidDocument>>;
}

export type Resolution = ResolvedDid | DidResolutionError;

/** Resolves each distinct DID once (did:pkh needs no document), at most 8 at a time. */
export async function resolveIssuerDids(dids: Iterable<string>, options: IdentityOptions): Promise<Map<string, Resolution>> {
  const wanted = [...new Set(dids)].filter((did) => didPkhAddress(did) === undefined);
  const resolved = new Map<string, Resolution>();
  let next = 0;
  const worker = async () => {
    while (next < wanted.length) {
      const did = wanted[next++]!;
      try {
        resolved.set(did, await resolveDid(did, { fetch: options.fetch, timeoutMs: options.didTimeoutMs, documents: options.didDocuments }));
      } catch (error) {
        resolved.set(did, error instanceof DidResolutionError ? error : new DidResolutionError({ did, reason: 'unreachable', message: `Could not resolve ${did}: ${(error as Error).message}` }));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, wanted.length) }, worker));
  return resolved;
}

/** The issuer profile an account set on a genuine registry holding its batch; `undefined` if none; an Error if unreadable. */
export type ProfileRead = { uri: string; contentHash: Hex } | undefined | Error;

/**
 * The `identity` and `profile` checks, and the identity a verdict shows. `account` is the anchoring
 * account the anchor checks established.
 */
export function identityChecks(did: string, account: Address, resolution: Resolution | undefined, profile: ProfileRead): { checks: Check[]; identity: IssuerIdentity } {
  const pkh = didPkhAddress(did);
  if (pkh !== undefined) {
    return {
      identity: { did, verified: false },
      checks: [
        { name: 'identity', outcome: 'skipped', message: `The issuer is identified only by its Ethereum account ${pkh} (did:pkh): no domain or DID document vouches for it.` },
        { name: 'profile', outcome: 'skipped', message: 'Not checked: a did:pkh issuer has no DID document to record on chain.' },
      ],
    };
  }
  const domain = did.startsWith('did:web:') ? domainOf(did) : undefined;
  const name = domain ?? did;
  const identity: IssuerIdentity = { did, ...(domain === undefined ? {} : { domain }), verified: false };
  if (resolution === undefined || resolution instanceof DidResolutionError) {
    const why = resolution?.shortMessage ?? `${did} was not resolved.`;
    return {
      identity,
      checks: [
        { name: 'identity', outcome: 'error', status: 'issuer-unresolved', message: `Could not establish who the issuer is: ${why} The anchor checks still stand; the issuer's DID document can also be supplied.` },
        { name: 'profile', outcome: 'skipped', message: 'Not checked: the issuer\'s DID document could not be obtained.' },
      ],
    };
  }
  identity.source = resolution.source;
  const from = resolution.source === 'web' ? ` (from ${didWebDocumentUrl(did)})` : resolution.source === 'supplied' ? ' (supplied)' : '';
  const listed = anchoringAccounts(resolution.document).some((a) => a.toLowerCase() === account.toLowerCase());
  const checks: Check[] = [
    listed
      ? { name: 'identity', outcome: 'pass', message: `${name}'s DID document${from} lists account ${account} as one that anchors for it.` }
      : {
          name: 'identity',
          outcome: 'fail',
          status: 'issuer-unverified',
          message: `${name}'s DID document${from} does not list account ${account}, which anchored this credential: the credential claims an issuer that does not vouch for it.`,
        },
  ];
  checks.push(profileCheck(did, account, resolution.document, profile));
  identity.verified = checks.every((check) => check.outcome === 'pass');
  return { checks, identity };
}

function profileCheck(did: string, account: Address, document: DidDocument, profile: ProfileRead): Check {
  if (profile instanceof Error) {
    return { name: 'profile', outcome: 'error', status: 'unreachable', message: `Could not read the issuer profile of ${account}: ${profile.message}` };
  }
  if (profile === undefined) {
    return { name: 'profile', outcome: 'fail', status: 'issuer-unverified', message: `Account ${account} has recorded no issuer profile on the registry, so nothing on chain ties it to ${did}.` };
  }
  if (profile.uri !== did) {
    return { name: 'profile', outcome: 'fail', status: 'issuer-unverified', message: `Account ${account}'s issuer profile on chain names ${profile.uri}, not ${did}.` };
  }
  const hash = didDocumentHash(document);
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

/** `northfield.edu` for did:web:northfield.edu, `example.com:3000/user/alice` for did:web:example.com%3A3000:user:alice. */
export function domainOf(did: string): string | undefined {
  try {
    const { authority, segments } = parseDidWeb(did);
    return [authority, ...segments].join('/');
  } catch {
    return undefined;
  }
}
