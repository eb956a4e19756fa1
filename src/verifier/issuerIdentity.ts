import type { Hex } from 'viem';
import { DidResolutionError } from '../core/did/errors.js';
import { resolveDid } from '../core/did/resolve.js';
import type { DidDocument, DidDocumentSource, ResolvedDid } from '../core/did/types.js';
import { parseDidWeb } from '../core/did/web.js';
import { didPkhAddress } from '../core/credential/issuer.js';

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

/** `northfield.edu` for did:web:northfield.edu, `example.com:3000/user/alice` for did:web:example.com%3A3000:user:alice. */
export function domainOf(did: string): string | undefined {
  try {
    const { authority, segments } = parseDidWeb(did);
    return [authority, ...segments].join('/');
  } catch {
    return undefined;
  }
}
