import type { Address, PublicClient } from 'viem';
import { registryReleases } from '../abi/releases.js';
import { parseCaip2 } from '../chain/caip.js';
import { ChainError, ChainMismatchError, RegistryNotFoundError, UnknownRegistryError } from '../chain/errors.js';
import { type CredentialState, readAccredited, readIssuerProfile } from '../chain/reads.js';
import { InvalidArgumentError } from '../core/errors.js';
import { assertPassportSize } from './limits.js';
import { type OfflineResult, checkOffline } from './offline.js';
import { type RegistryRead, readRegistries, registryKey } from './readRegistries.js';
import { type AnchorSighting, type Check, type StatusChange, type Verdict, type VerdictStatus, toVerdict } from './verdict.js';
import { completeStatusChanges, reasonOf, statusChangeMessage } from './statusChange.js';
import { type IdentityOptions, type IssuerIdentity, type ProfileRead, type Resolution, identityChecks, resolveIssuerDids } from './issuerIdentity.js';
import { signatureProofsOf } from '../core/credential/format.js';
import { type Accreditors, resolveAccreditors } from './trust.js';
import type { SignatureVerdict } from '../core/signature/verify.js';
import { verifyCredentialSignatures } from '../core/signature/batchVerify.js';

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
 * Offline checks (schema, digest, Merkle proof) run first. Then every registry the verdicts depend on is
 * read once: the anchors the credentials list and the released registry on every chain in `chains`. A
 * registry is believed only if its code is a released `CredentialRegistry` (or it is on `registries`);
 * a credential is valid only if at least one genuine registry shows its batch anchored by its issuer and
 * none shows it revoked or suspended.
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
  const all = await readRegistries(offline, options);
  // The releases' addresses on every chain the verifier can read, whether or not some credential also lists
  // them: a copy that doesn't list a chain is still judged by what that chain's registry says.
  const canonicalKeys = new Set((options.chains ?? []).flatMap((chain) => registryReleases.map((release) => registryKey(chain, release.address))));
  const reads: Registries = { all, canonical: [...all.entries()].filter(([key]) => canonicalKeys.has(key)).map(([, read]) => read) };
  const accreditors = await resolveAccreditors(options.trust?.accreditors ?? [], [...all.values()].flatMap((read) => (read.registry ? [read.registry] : [])), options);
  const [accreditation, resolutions] = await Promise.all([
    readAccreditations(offline, reads, accreditors.accounts),
    resolveIssuerDids(offline.flatMap((result) => (result.ok ? [result.issuerDid] : [])), options),
  ]);
  const [profiles, signatures] = await Promise.all([readProfiles(offline, reads, resolutions), checkSignatures(offline, resolutions)]);
  const verdicts = offline.map((result, i) => judge(result, reads, { accreditation, accreditors, resolutions, profiles, signatures }, options, i));
  return completeStatusChanges(verdicts, options);
}

/** What was learned about the issuers, once per verification run. */
interface Issuers {
  accreditation: Set<string>;
  accreditors: Accreditors;
  resolutions: Map<string, Resolution>;
  /** By `profileKey`. */
  profiles: Map<string, ProfileRead>;
  /** By position: the signature check of each credential that carries a signature. */
  signatures: Map<number, Check>;
}

/** The genuine registries that hold a credential's batch. */
function holding(result: Extract<OfflineResult, { ok: true }>, reads: Registries, position: number): RegistryRead[] {
  const { listed, extra } = readsFor(result, reads, position);
  return [...listed, ...extra].filter((read) => read.registry !== undefined && anchoredIn(read.states.get(position), result.ref.index));
}

const profileKey = (position: number) => String(position);

/**
 * The issuer profile each anchoring account recorded, read once per (registry, account) from the first
 * genuine registry holding the batch that answers; only for issuers whose DID document was obtained.
 */
async function readProfiles(offline: readonly OfflineResult[], reads: Registries, resolutions: Map<string, Resolution>): Promise<Map<string, ProfileRead>> {
  const byRegistry = new Map<string, Promise<ProfileRead>>();
  const profiles = new Map<string, ProfileRead>();
  await Promise.all(
    offline.map(async (result, position) => {
      if (!result.ok || !(resolutions.get(result.issuerDid) && !(resolutions.get(result.issuerDid) instanceof Error))) return;
      let last: ProfileRead = new Error('no genuine registry holding the batch could be read');
      for (const read of holding(result, reads, position)) {
        const key = `${registryKey(read.chain, read.address)}|${result.ref.issuer.toLowerCase()}`;
        if (!byRegistry.has(key)) byRegistry.set(key, readIssuerProfile(read.registry!, result.ref.issuer).catch((error: Error) => error));
        last = await byRegistry.get(key)!;
        if (!(last instanceof Error)) break;
      }
      profiles.set(profileKey(position), last);
    }),
  );
  return profiles;
}

/**
 * The `signature` check of each credential that carries an issuer signature, against the DID document
 * the identity checks use (so a supplied document is held to the same on-chain hash): one batch
 * verification per issuer DID, whose resolver answers only that DID.
 */
async function checkSignatures(offline: readonly OfflineResult[], resolutions: Map<string, Resolution>): Promise<Map<number, Check>> {
  const checks = new Map<number, Check>();
  const byIssuer = new Map<string, number[]>();
  for (const [position, result] of offline.entries()) {
    if (!result.ok || signatureProofsOf(result.credential).length === 0) continue;
    const resolution = resolutions.get(result.issuerDid);
    if (resolution === undefined || resolution instanceof Error) {
      checks.set(position, { name: 'signature', outcome: 'skipped', message: 'Not checked: the issuer\'s DID document, which holds its key, could not be obtained.' });
      continue;
    }
    const positions = byIssuer.get(result.issuerDid);
    if (positions === undefined) byIssuer.set(result.issuerDid, [position]);
    else positions.push(position);
  }
  for (const [did, positions] of byIssuer) {
    const { document } = resolutions.get(did) as Exclude<Resolution, Error>;
    const credentials = positions.map((position) => (offline[position] as Extract<OfflineResult, { ok: true }>).credential);
    const verdicts = await verifyCredentialSignatures(credentials, { resolveDid: async (asked) => (asked === did ? document : undefined) });
    verdicts.forEach((verdict, i) => checks.set(positions[i]!, signatureCheck(verdict)));
  }
  return new Map([...checks].sort(([a], [b]) => a - b));
}

function signatureCheck(verdict: SignatureVerdict): Check {
  if (verdict.verified) return { name: 'signature', outcome: 'pass', message: `Signed by the issuer's key ${verdict.verificationMethod} (eddsa-rdfc-2022).` };
  switch (verdict.reason) {
    case 'invalid':
      return { name: 'signature', outcome: 'fail', status: 'tampered', message: verdict.message };
    case 'wrong-key':
      return { name: 'signature', outcome: 'fail', status: 'issuer-unverified', message: verdict.message };
    default:
      return { name: 'signature', outcome: 'skipped', message: `Not checked: ${verdict.message}` };
  }
}

/** The `signature` check of a credential that carries none. */
function unsignedCheck(result: Extract<OfflineResult, { ok: true }>): Check {
  if (result.format === 'v1') return { name: 'signature', outcome: 'skipped', message: 'Format v1 credentials carry no signature: the anchor alone proves them untampered.' };
  if (result.redacted) return { name: 'signature', outcome: 'skipped', message: 'A copy with hidden fields carries no signature (hiding a field breaks it): it verifies by its anchor.' };
  return { name: 'signature', outcome: 'skipped', message: 'Not signed by the issuer: it verifies by its anchor alone.' };
}

/**
 * The registries read for one credential: those its proof lists, then the canonical ones it doesn't.
 * `canonical` is computed once per call of `verifyCredentials` (chains × releases entries), so this stays
 * linear however many distinct registries a hostile passport lists.
 */
function readsFor(result: Extract<OfflineResult, { ok: true }>, reads: Registries, position: number) {
  const listed = result.anchors.map((anchor) => reads.all.get(registryKey(anchor.chain, anchor.registry))!);
  const extra = reads.canonical.filter((read) => !listed.includes(read) && (read.states.has(position) || read.error));
  return { listed, extra };
}

/** Every registry read, by `registryKey`, and apart the ones read only as a release's address on a chain. */
interface Registries {
  all: Map<string, RegistryRead>;
  canonical: RegistryRead[];
}

/** Accreditations are read only from registries that proved genuine and hold the credential's batch. */
async function readAccreditations(offline: readonly OfflineResult[], reads: Registries, accreditors: readonly Address[]): Promise<Set<string>> {
  const accredited = new Set<string>();
  if (accreditors.length === 0) return accredited;
  const asked = new Set<string>();
  const pending: Promise<void>[] = [];
  offline.forEach((result, position) => {
    if (!result.ok) return;
    const { listed, extra } = readsFor(result, reads, position);
    for (const read of [...listed, ...extra]) {
      if (!read.registry || !anchoredIn(read.states.get(position), result.ref!.index)) continue;
      for (const accreditor of accreditors) {
        const key = `${registryKey(read.chain, read.address)}|${accreditor.toLowerCase()}|${result.ref!.issuer.toLowerCase()}`;
        if (asked.has(key)) continue;
        asked.add(key);
        pending.push(
          readAccredited(read.registry, accreditor, result.ref!.issuer).then(
            (yes) => void (yes && accredited.add(`${accreditor.toLowerCase()}|${result.ref!.issuer.toLowerCase()}`)),
            () => {}, // an unreadable accreditation counts as not accredited; the anchor check reports the chain
          ),
        );
      }
    }
  });
  await Promise.all(pending);
  return accredited;
}

function anchoredIn(state: CredentialState | undefined, index: number): state is CredentialState & { batch: NonNullable<CredentialState['batch']> } {
  return state?.batch !== undefined && index < state.batch.size;
}

function judge(result: OfflineResult, reads: Registries, issuers: Issuers, options: VerifyOptions, position: number): Verdict {
  const base = { id: result.id, issuer: result.ref?.issuer, root: result.ref?.root, index: result.ref?.index };
  if (!result.ok) {
    // The proof naming another issuer than the credential is a mismatch, not tampering: say so.
    const checks: Check[] =
      result.status === 'issuer-mismatch'
        ? [
            { name: 'integrity', outcome: 'pass', message: 'The credential is well-formed.' },
            { name: 'signature', outcome: 'skipped', message: 'Not checked: the issuer check failed.' },
            { name: 'registry', outcome: 'skipped', message: 'Not checked: the issuer check failed.' },
            { name: 'anchored', outcome: 'skipped', message: 'Not checked: the issuer check failed.' },
            { name: 'issuer', outcome: 'fail', status: 'issuer-mismatch', message: result.message },
            ...skippedAfter('issuer'),
          ]
        : [{ name: 'integrity', outcome: 'fail', status: result.status, message: result.message }, ...skippedAfter('integrity')];
    return toVerdict(checks, { ...base, anchors: [] });
  }
  const ref = result.ref!;
  const checks: Check[] = [
    { name: 'integrity', outcome: 'pass', message: 'The credential is untampered and its Merkle proof leads to its root.' },
    issuers.signatures.get(position) ?? unsignedCheck(result),
  ];
  const { listed, extra } = readsFor(result, reads, position);

  const sightings: AnchorSighting[] = [];
  const seen: { read: RegistryRead; state: CredentialState & { batch: NonNullable<CredentialState['batch']> } }[] = [];
  const unread: RegistryRead[] = [];
  const notAnchored: RegistryRead[] = [];
  for (const read of listed) {
    const state = read.states.get(position);
    if (read.error || !state) {
      unread.push(read);
      sightings.push({ chain: read.chain, registry: read.address, error: (read.error ?? new ChainError(`Could not read ${read.chain}.`)).shortMessage });
    } else if (anchoredIn(state, ref.index)) {
      seen.push({ read, state });
      sightings.push({ chain: read.chain, registry: read.address, anchoredAt: isoTime(state.batch.anchoredAt) });
    } else {
      notAnchored.push(read);
      sightings.push({ chain: read.chain, registry: read.address });
    }
  }
  for (const read of extra) {
    const state = read.states.get(position);
    // A release's address where nothing is deployed is no news; an anchor found there, or a failed read, is.
    if (anchoredIn(state, ref.index)) {
      seen.push({ read, state });
      sightings.push({ chain: read.chain, registry: read.address, anchoredAt: isoTime(state.batch.anchoredAt), unlisted: true });
    } else if (read.error && !(read.error instanceof RegistryNotFoundError)) {
      sightings.push({ chain: read.chain, registry: read.address, error: read.error.shortMessage, unlisted: true });
    }
  }

  const unknown = unread.filter((read) => read.error instanceof UnknownRegistryError);
  checks.push(registryCheck(listed, seen.map((s) => s.read), unknown, options));
  checks.push(anchoredCheck(result, ref, seen, unread, notAnchored, options));
  // Without a genuine anchor nothing after can be read; a bad signature still lets the rest be reported.
  const failed = checks.find((check) => (check.name === 'registry' || check.name === 'anchored') && (check.outcome === 'fail' || check.outcome === 'error'));
  if (failed) return toVerdict([...checks, ...skippedAfter('anchored', failed.name)], { ...base, anchors: sightings });

  checks.push({ name: 'issuer', outcome: 'pass', message: `Anchored by account ${ref.issuer}, for ${result.issuerDid}.` });
  const batchRevoked = seen.find((s) => s.state.batch.revoked);
  const revoked = seen.find((s) => s.state.revoked);
  const suspended = seen.find((s) => s.state.suspended);
  // Revocation wins over suspension; a whole batch's revocation carries its date and reason in its record.
  const statusChange: StatusChange | undefined = batchRevoked
    ? {
        status: 'revoked',
        scope: 'batch',
        chain: batchRevoked.read.chain,
        registry: batchRevoked.read.address,
        at: isoTime(batchRevoked.state.batch.revokedAt),
        ...reasonOf(batchRevoked.state.batch.revokeReason),
      }
    : revoked
      ? { status: 'revoked', scope: 'credential', chain: revoked.read.chain, registry: revoked.read.address }
      : suspended
        ? { status: 'suspended', scope: 'credential', chain: suspended.read.chain, registry: suspended.read.address }
        : undefined;
  checks.push(
    statusChange?.status === 'revoked'
      ? { name: 'revoked', outcome: 'fail', status: 'revoked', message: statusChangeMessage(statusChange) }
      : { name: 'revoked', outcome: 'pass', message: 'Not revoked.' },
  );
  checks.push(
    suspended
      ? {
          name: 'suspended',
          outcome: 'fail',
          status: 'suspended',
          message: statusChangeMessage({ status: 'suspended', scope: 'credential', chain: suspended.read.chain, registry: suspended.read.address }),
        }
      : { name: 'suspended', outcome: 'pass', message: 'Not suspended.' },
  );
  checks.push(validityCheck(result, options.now ?? new Date()));
  const { checks: identity, identity: issuerIdentity } = identityChecks(result.issuerDid, ref.issuer, issuers.resolutions.get(result.issuerDid), issuers.profiles.get(profileKey(position)));
  checks.push(...identity);
  const { reason, ...trusted } = trustCheck(ref.issuer, issuerIdentity, options.trust, issuers.accreditation, issuers.accreditors);
  checks.push(trusted);
  const accreditedBy = issuers.accreditors.accounts.filter((a) => issuers.accreditation.has(`${a.toLowerCase()}|${ref.issuer.toLowerCase()}`));
  const recognisedBy = [...new Set(accreditedBy.map((a) => issuers.accreditors.names.get(a.toLowerCase())!))];
  return toVerdict(
    checks,
    { ...base, issuerIdentity, ...(accreditedBy.length > 0 ? { accreditedBy, recognisedBy } : {}), anchors: sightings, ...(statusChange ? { statusChange } : {}) },
    validSummary(ref.issuer, issuerIdentity, { ...trusted, reason }),
  );
}

/** A valid verdict's sentence says who the issuer verifiably is, and whether anyone vouched for it. */
function validSummary(account: Address, identity: IssuerIdentity, trusted: Check & { reason?: string }): string {
  const who = identity.verified ? (identity.domain ?? identity.did) : `account ${account}`;
  if (trusted.outcome === 'pass') return `Valid: issued by ${who}, ${trusted.reason}.`;
  if (identity.verified) return `Valid: issued by ${who} (verified). Whether to trust ${who} is your call.`;
  return `Valid, from an unidentified issuer: account ${account} (${identity.did}). No domain vouches for it; trust it only if you know this account.`;
}

/** Whether what was read comes from genuine registries; a look-alike is named, and decides if nothing else answered. */
function registryCheck(listed: readonly RegistryRead[], genuine: readonly RegistryRead[], unknown: readonly RegistryRead[], options: VerifyOptions): Check {
  if (listed.length === 0 && genuine.length === 0) return { name: 'registry', outcome: 'skipped', message: 'Not checked: the credential names no anchor.' };
  const lookAlikes = unknown.map((read) => `${read.address} on ${read.chain}`).join(', ');
  if (unknown.length > 0 && (genuine.length === 0 || options.requireEveryAnchor)) {
    return { name: 'registry', outcome: 'fail', status: 'unknown-registry', message: unknown[0]!.error!.shortMessage };
  }
  if (genuine.length === 0) return { name: 'registry', outcome: 'skipped', message: 'Not checked: no registry the credential names could be read.' };
  const kinds = [...new Set(genuine.map((read) => (read.registry!.release ? `microcred registry release ${read.registry!.release.version}` : 'a registry on your allowlist')))];
  const where = [...new Set(genuine.map((read) => `${read.address} on ${read.chain}`))].join(', ');
  const ignored = lookAlikes ? ` ${lookAlikes} is not a microcred registry and was ignored.` : '';
  return { name: 'registry', outcome: 'pass', message: `Read from ${kinds.join(' and ')} (${where}).${ignored}` };
}

function anchoredCheck(
  result: Extract<OfflineResult, { ok: true }>,
  ref: NonNullable<OfflineResult['ref']>,
  seen: readonly { read: RegistryRead; state: { batch: { anchoredAt: number } } }[],
  unread: readonly RegistryRead[],
  notAnchored: readonly RegistryRead[],
  options: VerifyOptions,
): Check {
  const unreadText = (list: readonly RegistryRead[]) => list.map((read) => `${read.address} on ${read.chain} (${read.error!.shortMessage})`).join('; ');
  if (seen.length > 0) {
    if (options.requireEveryAnchor && unread.length > 0) {
      return { name: 'anchored', outcome: 'error', status: statusOfReadError(unread[0]!.error!), message: `Your policy requires every listed anchor to be read, and these could not be: ${unreadText(unread)}.` };
    }
    if (options.requireEveryAnchor && notAnchored.length > 0) {
      return { name: 'anchored', outcome: 'fail', status: 'not-anchored', message: `Your policy requires every listed anchor to hold the batch, and ${notAnchored.map((r) => `${r.address} on ${r.chain}`).join(', ')} does not.` };
    }
    const where = seen.map(({ read, state }) => `${read.chain} at ${isoTime(state.batch.anchoredAt)}`).join(', ');
    const missing = unread.length > 0 ? ` Could not read: ${unreadText(unread)}.` : '';
    return { name: 'anchored', outcome: 'pass', message: `Anchored by ${ref.issuer} on ${where}.${missing}` };
  }
  if (result.anchors.length === 0) {
    return { name: 'anchored', outcome: 'fail', status: 'not-anchored', message: 'The credential names no anchor: its batch was never anchored.' };
  }
  const readable = unread.filter((read) => !(read.error instanceof UnknownRegistryError));
  if (unread.length > 0 && readable.length === unread.length) {
    return { name: 'anchored', outcome: 'error', status: statusOfReadError(unread[0]!.error!), message: unread[0]!.error!.shortMessage };
  }
  if (notAnchored.length === 0) return { name: 'anchored', outcome: 'skipped', message: 'Not checked: no genuine registry the credential names could be read.' };
  return { name: 'anchored', outcome: 'fail', status: 'not-anchored', message: `Batch ${ref.root} is not anchored by ${ref.issuer} on ${notAnchored.map((r) => r.chain).join(', ')}.` };
}

function statusOfReadError(error: ChainError): VerdictStatus {
  if (error instanceof UnknownRegistryError) return 'unknown-registry';
  if (error instanceof ChainMismatchError) return 'chain-mismatch';
  if (error instanceof RegistryNotFoundError) return 'registry-not-found';
  return 'unreachable';
}

function validityCheck(result: Extract<OfflineResult, { ok: true }>, now: Date): Check {
  const from = new Date(result.validFrom);
  if (now < from) return { name: 'validity', outcome: 'fail', status: 'not-yet-valid', message: `Not yet valid: valid from ${result.validFrom}.` };
  if (result.validUntil && now > new Date(result.validUntil)) {
    return { name: 'validity', outcome: 'fail', status: 'expired', message: `Expired on ${result.validUntil}.` };
  }
  return { name: 'validity', outcome: 'pass', message: result.validUntil ? `Valid from ${result.validFrom} until ${result.validUntil}.` : `Valid since ${result.validFrom}.` };
}

/**
 * Whether the verifier's policy vouches for the issuer: its account on the list, its DID or domain on the
 * list once verified (a DID or domain anyone can write into a credential counts only then), or an
 * accreditor on the list accrediting the account on chain.
 */
function trustCheck(issuer: Address, identity: IssuerIdentity, trust: TrustPolicy | undefined, accreditation: Set<string>, accreditors: Accreditors): Check & { reason?: string } {
  if (!trust || (!trust.issuers?.length && !trust.accreditors?.length && !trust.dids?.length && !trust.domains?.length)) {
    return { name: 'trusted', outcome: 'skipped', message: 'No trust list given: whether to trust this issuer is up to you.' };
  }
  const who = identity.verified ? (identity.domain ?? identity.did) : issuer;
  if (trust.issuers?.some((a) => a.toLowerCase() === issuer.toLowerCase())) {
    return { name: 'trusted', outcome: 'pass', message: `Issuer ${issuer} is on your trust list.`, reason: 'an account on your trust list' };
  }
  if (identity.verified && trust.dids?.includes(identity.did)) {
    return { name: 'trusted', outcome: 'pass', message: `${identity.did} is on your trust list.`, reason: 'on your trust list' };
  }
  if (identity.verified && identity.domain !== undefined && trust.domains?.some((d) => d.toLowerCase() === identity.domain!.toLowerCase())) {
    return { name: 'trusted', outcome: 'pass', message: `${identity.domain} is on your trust list.`, reason: 'on your trust list' };
  }
  const accreditor = accreditors.accounts.find((a) => accreditation.has(`${a.toLowerCase()}|${issuer.toLowerCase()}`));
  const by = accreditor && accreditors.names.get(accreditor.toLowerCase());
  if (by) return { name: 'trusted', outcome: 'pass', message: `Issuer ${who} is accredited by ${by}.`, reason: `accredited by ${by}` };
  const unverified = !identity.verified && (trust.dids?.includes(identity.did) || (identity.domain !== undefined && trust.domains?.includes(identity.domain)))
    ? ` It claims to be ${identity.domain ?? identity.did}, which is on your list, but that could not be verified.`
    : '';
  return { name: 'trusted', outcome: 'fail', status: 'untrusted-issuer', message: `Issuer ${who} is neither on your trust list nor accredited by an accreditor you trust.${unverified}` };
}

const CHECK_ORDER: Check['name'][] = ['integrity', 'signature', 'registry', 'anchored', 'issuer', 'revoked', 'suspended', 'validity', 'identity', 'profile', 'trusted'];

/** The checks after `last`, skipped because `failed` failed. */
function skippedAfter(last: Check['name'], failed: Check['name'] = last): Check[] {
  return CHECK_ORDER.slice(CHECK_ORDER.indexOf(last) + 1).map((n) => ({ name: n, outcome: 'skipped', message: `Not checked: the ${failed} check failed.` }));
}

function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
