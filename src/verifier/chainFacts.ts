import type { Address, Hex, PublicClient } from 'viem';
import { registryReleases } from '../abi/releases.js';
import type { Registry } from '../chain/connect.js';
import { ChainError } from '../chain/errors.js';
import { readAccredited, readIssuerProfile } from '../chain/reads.js';
import { type StatusEvent, findStatusEvents } from '../chain/statusEvents.js';
import { type AnchorRead, type Holding, findAnchors, statusChangeOf } from './anchorFindings.js';
import { type ProfileRead, type Resolution, resolveIssuerDids } from './issuerIdentity.js';
import type { AnchoredResult, OfflineResult } from './offline.js';
import { type RegistryRead, readRegistries, registryKey } from './readRegistries.js';
import type { RegistryReadAhead } from './chainPrefetch.js';
import { resolveAccreditors } from './trust.js';
import type { VerifyOptions } from './verifyCredentials.js';

/**
 * Everything the verdicts of a set of credentials depend on that is read from outside, as plain data: the
 * registries each credential is anchored on (identified, with its batch record and status bits), the
 * issuers' DID documents, their on-chain profiles and accreditations, and when and why a revoked or
 * suspended credential got so. Judging (`judgeCredential`) reads only this; nothing is read while judging.
 */
export interface ChainFacts {
  /** By position in the verified list; undefined for a credential the offline checks refused (nothing is read for it). */
  credentials: (CredentialFacts | undefined)[];
}

export interface CredentialFacts {
  /** The registries its anchor proof lists, in order, then the releases on the verifier's chains it doesn't list. */
  anchors: AnchorRead[];
  /** Its issuer's DID, resolved; undefined for a did:pkh issuer (an account has no document). */
  did: Resolution | undefined;
  /**
   * The issuer profile its anchoring account recorded on the first genuine registry holding the batch that
   * answered; read only when the DID document was obtained.
   */
  profile: ProfileRead;
  /** The accreditors of the trust policy that accredit its anchoring account on a genuine registry, in the policy's order. */
  accreditedBy: { account: Address; name: string }[];
  /** When and why its revocation or suspension happened, from the registry's events (credential scope only). */
  statusEvent?: RecordedStatusEvent;
}

/** A status change's event, with the time of its block. */
export interface RecordedStatusEvent {
  /** ISO time of the block. */
  at: string;
  transactionHash: Hex;
  reasonCode?: number;
}

/**
 * Reads the chain facts of `offline`: the registries (those in `ahead` were read while the workers checked:
 * see `ChainPrefetch`), and the issuers' DID documents meanwhile, then the
 * accreditors named by DID among them, then accreditations, profiles and status events together. Each registry, (registry, account) profile,
 * (registry, accreditor, issuer) accreditation and (registry, batch, kind) event query is read once
 * however many credentials share it; failures become facts (an `error` on the anchor, an Error as the
 * profile), never exceptions.
 */
export async function readChainFacts(offline: readonly OfflineResult[], options: VerifyOptions, ahead?: ChainReadAhead): Promise<ChainFacts> {
  // DID documents come from the issuers' websites (or the caller), not the chains: fetched meanwhile.
  const [registries, resolutions] = await Promise.all([
    readRegistries(offline, options, ahead?.registries),
    resolveIssuerDids(offline.flatMap((result) => (result.ok ? [result.issuerDid] : [])), options),
  ]);
  // The releases' addresses on every chain the verifier can read, in the order they were read: a copy that
  // doesn't list a chain is still judged by what that chain's registry says.
  const canonical = canonicalKeys(registries, options);
  const anchors = offline.map((result, position) => (result.ok ? anchorReads(result, position, registries, canonical) : undefined));
  // What holds each batch decides where profiles, accreditations and status events are read.
  const holdings = offline.map((result, position) => (result.ok ? findAnchors(anchors[position]!, result.ref.index).holding : []));
  const connected = (holding: Holding) => registries.get(registryKey(holding.read.chain, holding.read.address))!.registry!;

  const accreditors = await resolveAccreditors(options.trust?.accreditors ?? [], [...registries.values()].flatMap((read) => (read.registry ? [read.registry] : [])), options);
  const [accredited, profiles, statusEvents] = await Promise.all([
    readAccreditations(offline, holdings, accreditors.accounts, connected),
    readProfiles(offline, holdings, resolutions, connected),
    readStatusEvents(offline, holdings, options, await ahead?.statusEvents),
  ]);

  return {
    credentials: offline.map((result, position) => {
      if (!result.ok) return undefined;
      const issuer = result.ref.issuer.toLowerCase();
      const statusEvent = statusEvents.get(position);
      return {
        anchors: anchors[position]!,
        did: resolutions.get(result.issuerDid),
        profile: profiles.get(position),
        accreditedBy: accreditors.accounts
          .filter((account) => accredited.has(`${account.toLowerCase()}|${issuer}`))
          .map((account) => ({ account, name: accreditors.names.get(account.toLowerCase())! })),
        ...(statusEvent ? { statusEvent } : {}),
      };
    }),
  };
}

/**
 * The releases' addresses on every chain the verifier can read, among `registries`, in the order they were
 * read: a copy that doesn't list a chain is still judged by what that chain's registry says.
 */
export function canonicalKeys(registries: ReadonlyMap<string, unknown>, options: Pick<VerifyOptions, 'chains'>): string[] {
  const releaseKeys = new Set((options.chains ?? []).flatMap((chain) => registryReleases.map((release) => registryKey(chain, release.address))));
  return [...registries.keys()].filter((key) => releaseKeys.has(key));
}

/**
 * The registries read for one credential: those its proof lists, then the canonical ones (each release on
 * each of the verifier's chains) it doesn't. `canonical` has chains × releases entries, so this stays
 * linear however many distinct registries a hostile passport lists.
 */
export function anchorReads(result: AnchoredResult, position: number, registries: ReadonlyMap<string, RegistryRead>, canonical: readonly string[]): AnchorRead[] {
  const listed = result.anchors.map((anchor) => registryKey(anchor.chain, anchor.registry));
  const unlisted = canonical.filter((key) => !listed.includes(key));
  return [...listed.map((key) => ({ key, listed: true })), ...unlisted.map((key) => ({ key, listed: false }))].map(({ key, listed }) => {
    const read = registries.get(key)!;
    const state = read.states.get(position);
    // A registry that answered holds every credential it was asked about; say so if one is missing all the same.
    const error = read.error ?? (state ? undefined : new ChainError(`Could not read ${read.chain}.`));
    return {
      chain: read.chain,
      address: read.address,
      listed,
      ...(read.registry ? { genuine: { release: read.registry.release } } : {}),
      ...(error ? { error } : { state }),
    };
  });
}

/** Accreditations are read only from genuine registries holding a credential's batch; an unreadable one counts as none. */
async function readAccreditations(offline: readonly OfflineResult[], holdings: readonly Holding[][], accreditors: readonly Address[], connected: (holding: Holding) => Registry): Promise<Set<string>> {
  const accredited = new Set<string>();
  if (accreditors.length === 0) return accredited;
  const asked = new Set<string>();
  const pending: Promise<void>[] = [];
  offline.forEach((result, position) => {
    if (!result.ok) return;
    const issuer = result.ref.issuer;
    for (const holding of holdings[position]!) {
      for (const accreditor of accreditors) {
        const key = `${registryKey(holding.read.chain, holding.read.address)}|${accreditor.toLowerCase()}|${issuer.toLowerCase()}`;
        if (asked.has(key)) continue;
        asked.add(key);
        pending.push(
          readAccredited(connected(holding), accreditor, issuer).then(
            (yes) => void (yes && accredited.add(`${accreditor.toLowerCase()}|${issuer.toLowerCase()}`)),
            () => {}, // the anchor facts already report a chain that fails
          ),
        );
      }
    }
  });
  await Promise.all(pending);
  return accredited;
}

/**
 * The issuer profile of each credential's anchoring account, read once per (registry, account) from the
 * first genuine registry holding the batch that answers; only for issuers whose DID document was obtained.
 */
async function readProfiles(
  offline: readonly OfflineResult[],
  holdings: readonly Holding[][],
  resolutions: Map<string, Resolution>,
  connected: (holding: Holding) => Registry,
): Promise<Map<number, ProfileRead>> {
  const byRegistry = new Map<string, Promise<ProfileRead>>();
  const profiles = new Map<number, ProfileRead>();
  await Promise.all(
    offline.map(async (result, position) => {
      const resolution = result.ok ? resolutions.get(result.issuerDid) : undefined;
      if (!result.ok || resolution === undefined || resolution instanceof Error) return;
      let last: ProfileRead = new Error('no genuine registry holding the batch could be read');
      for (const holding of holdings[position]!) {
        const key = `${registryKey(holding.read.chain, holding.read.address)}|${result.ref.issuer.toLowerCase()}`;
        if (!byRegistry.has(key)) byRegistry.set(key, readIssuerProfile(connected(holding), result.ref.issuer).catch((error: Error) => error));
        last = await byRegistry.get(key)!;
        if (!(last instanceof Error)) break;
      }
      profiles.set(position, last);
    }),
  );
  return profiles;
}

/** The credentials whose status events are read together: one registry, batch and kind of change. */
export interface StatusEventGroup {
  chain: string;
  registry: Address;
  issuer: Address;
  root: Hex;
  kind: 'revoke' | 'suspend';
  members: { position: number; index: number }[];
}

/** The credentials of `offline` whose credential-scope revocation or suspension has events to read, grouped by `StatusEventGroup`. */
export function statusEventGroups(offline: readonly OfflineResult[], holdings: readonly Holding[][]): Map<string, StatusEventGroup> {
  const groups = new Map<string, StatusEventGroup>();
  offline.forEach((result, position) => {
    const change = result.ok ? statusChangeOf(holdings[position]!) : undefined;
    if (!result.ok || change === undefined || change.scope !== 'credential') return;
    const kind = change.status === 'revoked' ? 'revoke' : 'suspend';
    const key = `${change.chain}|${change.registry.toLowerCase()}|${result.ref.issuer.toLowerCase()}|${result.ref.root}|${kind}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { chain: change.chain, registry: change.registry, issuer: result.ref.issuer, root: result.ref.root, kind, members: [] }));
    group.members.push({ position, index: result.ref.index });
  });
  return groups;
}

/** Status events read ahead (`ChainPrefetch`): by group key, the indices asked about and their events; block times by `chain|number`. */
export interface StatusEventsAhead {
  /** `events` is undefined when they could not be read. */
  groups: Map<string, { indices: ReadonlySet<number>; events: Promise<Map<number, StatusEvent> | undefined> }>;
  blockTimes: Map<string, Promise<string | undefined>>;
}

/** What was read while the workers checked: see `ChainPrefetch`. */
export interface ChainReadAhead {
  registries: ReadonlyMap<string, Promise<RegistryReadAhead>>;
  /** Settles once the registries read ahead have answered; undefined when no status event was read ahead. */
  statusEvents: Promise<StatusEventsAhead | undefined>;
}

/**
 * When and why each credential-scope revocation or suspension happened (a batch revocation has both in its
 * record already), from the registry's events: two `eth_getLogs` per (registry, batch, kind) and one block
 * per distinct block, nothing for credentials in good standing; a group or block `ahead` read is not read
 * again. What can't be read is left out: the details never change a status.
 */
async function readStatusEvents(
  offline: readonly OfflineResult[],
  holdings: readonly Holding[][],
  options: Pick<VerifyOptions, 'client'>,
  ahead: StatusEventsAhead | undefined,
): Promise<Map<number, RecordedStatusEvent>> {
  const found = new Map<number, RecordedStatusEvent>();
  const blockTimes = new Map(ahead?.blockTimes);
  await Promise.all(
    [...statusEventGroups(offline, holdings)].map(async ([key, { chain, registry, issuer, root, kind, members }]) => {
      const client = options.client(chain);
      if (!client) return;
      const early = ahead?.groups.get(key);
      const events = early !== undefined && members.every(({ index }) => early.indices.has(index)) ? await early.events : await readEvents(client, registry, kind, { issuer, root, indices: members.map(({ index }) => index) });
      if (events === undefined) return;
      await Promise.all(
        members.map(async ({ position, index }) => {
          const event = events.get(index);
          if (!event) return;
          const at = await blockTimeOnce(blockTimes, chain, client, event.blockNumber);
          if (at) found.set(position, { at, transactionHash: event.txHash, ...(event.reason === undefined ? {} : { reasonCode: event.reason }) });
        }),
      );
    }),
  );
  return found;
}

/** `findStatusEvents` from block 0, undefined when they could not be read. */
export function readEvents(client: PublicClient, registry: Address, kind: 'revoke' | 'suspend', { issuer, root, indices }: { issuer: Address; root: Hex; indices: readonly number[] }): Promise<Map<number, StatusEvent> | undefined> {
  return findStatusEvents(client, registry, kind, { issuer, root, indices, fromBlock: 0 }).catch(() => undefined);
}

/** The ISO time of block `blockNumber` on `chain`, read once for all who ask (`blockTimes`). */
export function blockTimeOnce(blockTimes: Map<string, Promise<string | undefined>>, chain: string, client: PublicClient, blockNumber: number): Promise<string | undefined> {
  const key = `${chain}|${blockNumber}`;
  let time = blockTimes.get(key);
  if (time === undefined) blockTimes.set(key, (time = blockTime(client, blockNumber)));
  return time;
}

async function blockTime(client: PublicClient, blockNumber: number): Promise<string | undefined> {
  try {
    const block = await client.getBlock({ blockNumber: BigInt(blockNumber) });
    return new Date(Number(block.timestamp) * 1000).toISOString();
  } catch {
    return undefined;
  }
}
