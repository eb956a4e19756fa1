import type { Address, PublicClient } from 'viem';
import { parseCaip2 } from '../chain/caip.js';
import { InvalidArgumentError } from '../core/errors.js';
import { type ChainReadAhead, readChainFacts } from './chainFacts.js';
import type { IdentityOptions } from './issuerIdentity.js';
import { judgeCredential } from './judge.js';
import { assertPassportSize } from './limits.js';
import type { DidDocument } from '../core/did/types.js';
import { type OfflineInput, type OfflineStage, type OfflineWorkers, checkInThread } from './offlineStage.js';
import { ChainPrefetch } from './chainPrefetch.js';
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
  /**
   * Worker threads (Node, `microcred/workers`) or Web Workers (the page) for the offline checks of a
   * large input: see `OfflineWorkerPool`. Used for the credentials given as `{ text }` to
   * `verifySourcedCredentials`, when there are at least `workers.minCredentials` of them; the verdicts
   * are the same as without.
   */
  workers?: OfflineWorkers;
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
  return verifyInputs(credentials.map((credential) => ({ credential })), options);
}

/** The verdicts of `inputs`, their offline checks in `options.workers` when it is given and they are many texts. */
async function verifyInputs(inputs: readonly OfflineInput[], options: VerifyOptions): Promise<Verdict[]> {
  assertPassportSize(inputs.length);
  for (const chain of options.chains ?? []) {
    if (parseCaip2(chain) === undefined) throw new InvalidArgumentError(`chains: ${chain} is not a CAIP-2 chain id such as eip155:1`);
  }
  const { workers } = options;
  const texts = inputs.reduce((count, input) => count + (input.text === undefined ? 0 : 1), 0);
  if (workers === undefined || texts < workers.minCredentials) {
    const stage = checkInThread(inputs);
    return judgeStage(stage, options).finally(() => stage.release());
  }
  // The chains are read from the first results on, while the workers check the rest.
  const prefetch = new ChainPrefetch(options, inputs.length);
  const stage = await workers.check(inputs, prefetch.see);
  return judgeStage(stage, options, prefetch.ahead).finally(() => stage.release());
}

/** The chain reads (once for all credentials, those in `ahead` already started), the signatures, then each verdict. */
async function judgeStage(stage: OfflineStage, options: VerifyOptions, ahead?: ChainReadAhead): Promise<Verdict[]> {
  const offline = stage.results;
  const facts = await readChainFacts(offline, options, ahead);
  // A signed credential's signature is verified against the DID document the identity checks obtained.
  const documents = new Map<string, DidDocument>();
  offline.forEach((result, position) => {
    const resolution = facts.credentials[position]?.did;
    if (result.ok && result.signed && resolution !== undefined && !(resolution instanceof Error)) documents.set(result.issuerDid, resolution.document);
  });
  const signatures = await stage.verifySignatures(documents);
  const policy = { trust: options.trust, requireEveryAnchor: options.requireEveryAnchor, now: options.now ?? new Date() };
  return offline.map((result, position) => judgeCredential({ offline: result, facts: facts.credentials[position], signature: signatures.get(position), policy }));
}

/**
 * A credential and where the caller found it: a file name, a passport's entry, whatever its caller needs
 * back. The credential is a value, or the JSON text of a passport's entry (`splitCredentialList`,
 * `textCredential`), read strictly where it is checked: a worker of `options.workers`, for a large input.
 */
export interface SourcedInput<source> extends OfflineInput {
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
 *
 * @throws CredentialTextError (its `position` naming the input) when a `{ text }` is not strict JSON
 * @throws OfflineWorkerError when a worker of `options.workers` fails
 */
export async function verifySourcedCredentials<source>(inputs: readonly SourcedInput<source>[], options: VerifyOptions): Promise<SourcedVerdict<source>[]> {
  const verdicts = await verifyInputs(inputs, options);
  return verdicts.map((verdict, i) => ({ ...verdict, source: inputs[i]!.source }));
}
