import type { Address, PublicClient } from 'viem';
import { parseCaip2 } from '../chain/caip.js';
import { type Registry, connectRegistry } from '../chain/connect.js';
import { ChainError, ChainMismatchError, ChainUnreachableError, RegistryNotFoundError, asChainError } from '../chain/errors.js';
import { type CredentialState, readAccredited, readCredentialStates } from '../chain/reads.js';
import { type AnchorSighting, type Check, type Verdict, type VerdictStatus, toVerdict } from './verdict.js';
import { type OfflineResult, checkOffline } from './offline.js';

export interface TrustPolicy {
  /** Issuer addresses the verifier trusts directly. */
  issuers?: readonly Address[];
  /** Accreditors (ministries, agencies) whose on-chain accreditation of the issuer the verifier accepts. */
  accreditors?: readonly Address[];
}

export interface VerifyOptions {
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
 * Offline checks (schema, digest, Merkle proof) run first; then each registry is checked once and all
 * its credentials' states are read together, in as few round trips as the chain client allows.
 */
export async function verifyCredentials(credentials: readonly unknown[], options: VerifyOptions): Promise<Verdict[]> {
  const offline = credentials.map((credential) => checkOffline(credential));
  const lookups = await readAnchors(offline, options);
  const accreditation = await readAccreditations(offline, lookups, options.trust);
  return offline.map((result, i) => judge(result, lookups, accreditation, options, i));
}

interface AnchorLookup {
  chain: string;
  registry: Registry | undefined;
  error: ChainError | undefined;
  states: Map<number, CredentialState>;
}

const anchorKey = (chain: string, registry: string) => `${chain}|${registry.toLowerCase()}`;

async function readAnchors(offline: readonly OfflineResult[], options: VerifyOptions): Promise<Map<string, AnchorLookup>> {
  const groups = new Map<string, { chain: string; address: Address; items: number[] }>();
  offline.forEach((result, i) => {
    if (!result.ok) return;
    for (const anchor of result.anchors) {
      const key = anchorKey(anchor.chain, anchor.registry);
      const group = groups.get(key) ?? { chain: anchor.chain, address: anchor.registry, items: [] };
      group.items.push(i);
      groups.set(key, group);
    }
  });

  const lookups = new Map<string, AnchorLookup>();
  await Promise.all(
    [...groups].map(async ([key, { chain, address, items }]) => {
      const lookup: AnchorLookup = { chain, registry: undefined, error: undefined, states: new Map() };
      lookups.set(key, lookup);
      const client = options.client(chain);
      if (!client) {
        lookup.error = new ChainUnreachableError(chain, undefined, 'no RPC endpoint is configured for it');
        return;
      }
      try {
        lookup.registry = await connectRegistry({ client, address, expectedChainId: parseCaip2(chain) });
        const refs = items.map((i) => offline[i]!.ref!);
        const states = await readCredentialStates(lookup.registry, refs);
        items.forEach((item, k) => lookup.states.set(item, states[k]!));
      } catch (error) {
        lookup.error = asChainError(error, chain);
      }
    }),
  );
  return lookups;
}

async function readAccreditations(
  offline: readonly OfflineResult[],
  lookups: Map<string, AnchorLookup>,
  trust: TrustPolicy | undefined,
): Promise<Set<string>> {
  const accredited = new Set<string>();
  if (!trust?.accreditors?.length) return accredited;
  const asked = new Set<string>();
  const reads: Promise<void>[] = [];
  for (const result of offline) {
    if (!result.ok) continue;
    for (const anchor of result.anchors) {
      const registry = lookups.get(anchorKey(anchor.chain, anchor.registry))?.registry;
      if (!registry) continue;
      for (const accreditor of trust.accreditors) {
        const key = `${anchor.chain}|${accreditor.toLowerCase()}|${result.ref!.issuer.toLowerCase()}`;
        if (asked.has(key)) continue;
        asked.add(key);
        reads.push(
          readAccredited(registry, accreditor, result.ref!.issuer).then(
            (yes) => void (yes && accredited.add(`${accreditor.toLowerCase()}|${result.ref!.issuer.toLowerCase()}`)),
            () => {}, // an unreadable accreditation counts as not accredited; the anchor check reports the chain
          ),
        );
      }
    }
  }
  await Promise.all(reads);
  return accredited;
}

function judge(
  result: OfflineResult,
  lookups: Map<string, AnchorLookup>,
  accreditation: Set<string>,
  options: VerifyOptions,
  position: number,
): Verdict {
  const base = { id: result.id, issuer: result.ref?.issuer, root: result.ref?.root, index: result.ref?.index };
  if (!result.ok) {
    // The proof naming another issuer than the credential is a mismatch, not tampering: say so.
    const failed = result.status === 'issuer-mismatch' ? 'issuer' : 'integrity';
    const checks: Check[] =
      failed === 'issuer'
        ? [
            { name: 'integrity', outcome: 'pass', message: 'The credential is well-formed.' },
            { name: 'anchored', outcome: 'skipped', message: 'Not checked: the issuer check failed.' },
            { name: 'issuer', outcome: 'fail', message: result.message },
            ...skippedAfter('issuer'),
          ]
        : [{ name: 'integrity', outcome: 'fail', message: result.message }, ...skippedAfter('integrity')];
    return toVerdict(checks, () => result.status, { ...base, anchors: [] });
  }
  const ref = result.ref!;
  const checks: Check[] = [{ name: 'integrity', outcome: 'pass', message: 'The credential is untampered and its Merkle proof leads to its root.' }];

  const sightings: AnchorSighting[] = [];
  const seen: CredentialState[] = [];
  const errors: ChainError[] = [];
  for (const anchor of result.anchors) {
    const lookup = lookups.get(anchorKey(anchor.chain, anchor.registry))!;
    const state = lookup.states.get(position);
    if (lookup.error || !state) {
      const error = lookup.error ?? new ChainError(`Could not read ${anchor.chain}.`);
      errors.push(error);
      sightings.push({ chain: anchor.chain, registry: anchor.registry, error: error.shortMessage });
    } else if (state.batch && ref.index < state.batch.size) {
      seen.push(state);
      sightings.push({ chain: anchor.chain, registry: anchor.registry, anchoredAt: isoTime(state.batch.anchoredAt) });
    } else {
      sightings.push({ chain: anchor.chain, registry: anchor.registry });
    }
  }

  let anchorStatus: VerdictStatus = 'not-anchored';
  if (seen.length > 0) {
    const where = sightings.filter((s) => s.anchoredAt).map((s) => `${s.chain} at ${s.anchoredAt}`).join(', ');
    checks.push({ name: 'anchored', outcome: 'pass', message: `Anchored by ${ref.issuer} on ${where}.` });
  } else if (result.anchors.length === 0) {
    checks.push({ name: 'anchored', outcome: 'fail', message: 'The credential names no anchor: its batch was never anchored.' });
  } else if (errors.length > 0) {
    const error = errors[0]!;
    anchorStatus = error instanceof ChainMismatchError ? 'chain-mismatch' : error instanceof RegistryNotFoundError ? 'registry-not-found' : 'unreachable';
    checks.push({ name: 'anchored', outcome: 'error', message: error.shortMessage });
  } else {
    checks.push({ name: 'anchored', outcome: 'fail', message: `Batch ${ref.root} is not anchored by ${ref.issuer} on ${result.anchors.map((a) => a.chain).join(', ')}.` });
  }
  if (seen.length === 0) {
    checks.push(...skippedAfter('anchored'));
    return toVerdict(checks, (check) => (check.name === 'anchored' ? anchorStatus : 'not-anchored'), { ...base, anchors: sightings });
  }

  checks.push(
    result.credentialIssuer.toLowerCase() === ref.issuer.toLowerCase()
      ? { name: 'issuer', outcome: 'pass', message: `Issued and anchored by ${ref.issuer}.` }
      : { name: 'issuer', outcome: 'fail', message: `The credential names issuer ${result.credentialIssuer}, but its batch was anchored by ${ref.issuer}.` },
  );

  const batchRevoked = seen.find((s) => s.batch!.revoked);
  const revoked = seen.some((s) => s.revoked);
  checks.push(
    batchRevoked
      ? { name: 'revoked', outcome: 'fail', message: `Revoked: its whole batch was revoked on ${isoTime(batchRevoked.batch!.revokedAt)} (reason code ${batchRevoked.batch!.revokeReason}).` }
      : revoked
        ? { name: 'revoked', outcome: 'fail', message: `Revoked by its issuer (credential ${ref.index} of batch ${ref.root}).` }
        : { name: 'revoked', outcome: 'pass', message: 'Not revoked.' },
  );
  checks.push(
    seen.some((s) => s.suspended)
      ? { name: 'suspended', outcome: 'fail', message: 'Suspended by its issuer (this may be lifted later).' }
      : { name: 'suspended', outcome: 'pass', message: 'Not suspended.' },
  );
  checks.push(validityCheck(result, options.now ?? new Date()));
  checks.push(trustCheck(ref.issuer, options.trust, accreditation));

  return toVerdict(checks, statusOf, { ...base, anchors: sightings });
}

function statusOf(check: Check): VerdictStatus {
  switch (check.name) {
    case 'issuer':
      return 'issuer-mismatch';
    case 'revoked':
      return 'revoked';
    case 'suspended':
      return 'suspended';
    case 'validity':
      return check.message.startsWith('Expired') ? 'expired' : 'not-yet-valid';
    case 'trusted':
      return 'untrusted-issuer';
    default:
      return 'tampered';
  }
}

function validityCheck(result: Extract<OfflineResult, { ok: true }>, now: Date): Check {
  const from = new Date(result.validFrom);
  if (now < from) return { name: 'validity', outcome: 'fail', message: `Not yet valid: valid from ${result.validFrom}.` };
  if (result.validUntil && now > new Date(result.validUntil)) {
    return { name: 'validity', outcome: 'fail', message: `Expired on ${result.validUntil}.` };
  }
  return { name: 'validity', outcome: 'pass', message: result.validUntil ? `Valid from ${result.validFrom} until ${result.validUntil}.` : `Valid since ${result.validFrom}.` };
}

function trustCheck(issuer: Address, trust: TrustPolicy | undefined, accreditation: Set<string>): Check {
  if (!trust || (!trust.issuers?.length && !trust.accreditors?.length)) {
    return { name: 'trusted', outcome: 'skipped', message: 'No trust list given: whether to trust this issuer is up to you.' };
  }
  if (trust.issuers?.some((a) => a.toLowerCase() === issuer.toLowerCase())) {
    return { name: 'trusted', outcome: 'pass', message: `Issuer ${issuer} is on your trust list.` };
  }
  const accreditor = trust.accreditors?.find((a) => accreditation.has(`${a.toLowerCase()}|${issuer.toLowerCase()}`));
  if (accreditor) return { name: 'trusted', outcome: 'pass', message: `Issuer ${issuer} is accredited by ${accreditor}.` };
  return { name: 'trusted', outcome: 'fail', message: `Issuer ${issuer} is neither on your trust list nor accredited by an accreditor you trust.` };
}

function skippedAfter(name: Check['name']): Check[] {
  const order: Check['name'][] = ['integrity', 'registry', 'anchored', 'issuer', 'revoked', 'suspended', 'validity', 'trusted'];
  return order.slice(order.indexOf(name) + 1).map((n) => ({ name: n, outcome: 'skipped', message: `Not checked: the ${name} check failed.` }));
}

function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
