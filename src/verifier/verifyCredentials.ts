import type { Address, PublicClient } from 'viem';
import { parseCaip2 } from '../chain/caip.js';
import { InvalidArgumentError } from '../core/errors.js';
import { readChainFacts } from './chainFacts.js';
import type { IdentityOptions } from './issuerIdentity.js';
import { judgeCredential } from './judge.js';
import { assertPassportSize } from './limits.js';
import { checkOffline } from './offline.js';
import { verifySignatures } from './signatures.js';
import type { Verdict } from './verdict.js';

export interface TrustPolicy {
  /** Issuer accounts the verifier trusts directly (the anchoring account, or a did:pkh issuer's). */
  issuers?: readonly Address[];
  /** Issuer DIDs the verifier trusts, once verified (`did:web:northfield.edu`). */
  dids?: readonly string[];
  /** did:web domains the verifier trusts, once verified (`northfield.edu`). */
  domains?: readonly string[];
  /**
   * Accreditors (ministries, agencies) whose on-chain accreditation of the issuer the verifier accepts: an
   * account, or a DID or did:web domain, verified like an issuer's (see `resolveAccreditors`).
   */
  accreditors?: readonly string[];
}

export interface VerifyOptions extends IdentityOptions {
  /** A viem public client for a CAIP-2 chain (`eip155:31337`), or undefined if the verifier has none. */
  client: (chain: string) => PublicClient | undefined;
  /**
   * CAIP-2 chains the verifier has an endpoint for (`connectEndpoints(...).chains.keys()`): the canonical
   * registry is read on each of them too, so a revocation there counts even if the credential doesn't list it.
   */
  chains?: readonly string[];
  /** Who the verifier trusts; without one the `trusted` check is skipped (and says so). */
  trust?: TrustPolicy;
  /**
   * Registry addresses the verifier accepts whatever their code (its own allowlist). Without it, only
   * registries whose runtime code is a released `CredentialRegistry` are read.
   */
  registries?: readonly Address[];
  /** Every anchor the credential lists must be read and agree (default: at least one genuine anchor read). */
  requireEveryAnchor?: boolean;
  /** The time validity is judged at (default: now). */
  now?: Date;
}

/**
 * Verifies one credential. See `verifyCredentials`.
 *
 * @example
 * const verdict = await verifyCredential(json, { client: () => publicClient, trust: { issuers: [university] } })
 * if (!verdict.ok) console.log(verdict.status, verdict.summary)
 */
export async function verifyCredential(credential: unknown, options: VerifyOptions): Promise<Verdict> {
  const [verdict] = await verifyCredentials([credential], options);
  return verdict!;
}

/**
 * Verifies many credentials (a skills passport, a whole batch) and returns one verdict each, in order.
 * Offline checks (schema, digest, Merkle proof) run first. Then everything the verdicts depend on is read
 * once (`readChainFacts`): every registry the credentials list and the released registry on every chain in
 * `chains`, the issuers' DID documents, profiles and accreditations, the events of revocations. A registry
 * is believed only if its code is a released `CredentialRegistry` (or it is on `registries`); a credential
 * is valid only if at least one genuine registry shows its batch anchored by its issuer and none shows it
 * revoked or suspended. Each verdict is then judged from what was read (`judgeCredential`).
 *
 * @throws PassportLimitError for more than `MAX_PASSPORT_CREDENTIALS` credentials, before any work
 * @throws InvalidArgumentError when `chains` holds something that is not a CAIP-2 `eip155:<n>` chain id
 */
export async function verifyCredentials(credentials: readonly unknown[], options: VerifyOptions): Promise<Verdict[]> {
  assertPassportSize(credentials.length);
  for (const chain of options.chains ?? []) {
    if (parseCaip2(chain) === undefined) throw new InvalidArgumentError(`chains: ${chain} is not a CAIP-2 chain id such as eip155:1`);
  }
  const offline = credentials.map((credential) => checkOffline(credential));
  const facts = await readChainFacts(offline, options);
  const signatures = await verifySignatures(offline, facts);
  const policy = { trust: options.trust, requireEveryAnchor: options.requireEveryAnchor, now: options.now ?? new Date() };
  return offline.map((result, position) => judgeCredential({ offline: result, facts: facts.credentials[position], signature: signatures.get(position), policy }));
}

/** A credential and where the caller found it: a file name, a passport's entry, whatever its caller needs back. */
export interface SourcedInput<source> {
  credential: unknown;
  source: source;
}

/** A verdict with the `source` of the input it judges. */
export type SourcedVerdict<source> = Verdict & { source: source };

/**
 * `verifyCredentials` for credentials that come with their source: each verdict carries its input's
 * `source` back, so a caller never pairs verdicts with files by position.
 *
 * @example
 * const verdicts = await verifySourcedCredentials(credentialsFromText(text, 'passport.json'), options)
 * for (const verdict of verdicts) console.log(verdict.source, verdict.status) // 'passport.json[0]' 'valid'
 */
export async function verifySourcedCredentials<source>(inputs: readonly SourcedInput<source>[], options: VerifyOptions): Promise<SourcedVerdict<source>[]> {
  const verdicts = await verifyCredentials(inputs.map((input) => input.credential), options);
  return verdicts.map((verdict, i) => ({ ...verdict, source: inputs[i]!.source }));
}
