import type { Address, Hex } from 'viem';
import { asChainError } from '../chain/errors.js';
import { type CredentialRef, type CredentialState, readCredentialStates } from '../chain/reads.js';
import type { AnchoredResult, OfflineResult } from './offline.js';
import { registryReleases } from '../abi/releases.js';
import { findAnchors } from './anchorFindings.js';
import { type ChainReadAhead, type StatusEventsAhead, anchorReads, blockTimeOnce, canonicalKeys, readEvents, statusEventGroups } from './chainFacts.js';
import { type RegistryConnection, type RegistryRead, connectForReading, registriesToRead, registryKey } from './readRegistries.js';
import type { VerifyOptions } from './verifyCredentials.js';

/**
 * A registry read ahead, while the workers were still checking: connected (or why not), and the states of
 * the credentials it was asked about, by batch (`batchKey`) and index.
 */
export interface RegistryReadAhead extends RegistryConnection {
  chain: string;
  address: Address;
  states: StatesReadAhead;
}

/** Credential states by batch and index. */
export class StatesReadAhead {
  private readonly batches = new Map<string, (CredentialState | undefined)[]>();
  /** The batch last asked about: thousands of credentials in a row share it. */
  private last: { issuer: string; root: string; states: (CredentialState | undefined)[] | undefined } | undefined;

  set(ref: CredentialRef, state: CredentialState): void {
    this.batchOf(ref, true)![ref.index] = state;
  }

  /** The state read for `ref`, if it was read. */
  get(ref: CredentialRef): CredentialState | undefined {
    return this.batchOf(ref, false)?.[ref.index];
  }

  /** The indices read of batch `(issuer, root)` whose `status` bit is set, in order. */
  indicesWith(batch: { issuer: Address; root: string }, status: 'revoked' | 'suspended'): number[] {
    const indices: number[] = [];
    this.batchOf({ ...batch, index: 0 } as CredentialRef, false)?.forEach((state, index) => state?.[status] && indices.push(index));
    return indices;
  }

  private batchOf({ issuer, root }: CredentialRef, create: boolean): (CredentialState | undefined)[] | undefined {
    if (this.last?.issuer === issuer && this.last.root === root && (this.last.states || !create)) return this.last.states;
    const key = batchKey(issuer, root);
    let states = this.batches.get(key);
    if (states === undefined && create) this.batches.set(key, (states = []));
    this.last = { issuer, root, states };
    return states;
  }
}

const batchKey = (issuer: Address, root: string) => `${issuer.toLowerCase()}|${root.toLowerCase()}`;

/**
 * Registries read ahead: at most this many (the first met). A hostile passport may name thousands; the
 * others are read with the rest, after the offline checks, at most 8 at a time (`readRegistries`).
 */
const MAX_REGISTRIES_AHEAD = 8;

/**
 * Status words read ahead on one registry, so that its read stays one `multicall` (`readCredentialStates`
 * packs up to 1,500 calls in one): two words (revoked, suspended) per 256 credentials, one call per batch.
 */
const MAX_CALLS_AHEAD = 1_400;

/**
 * The chain reads of a verification started from its first offline results, while the workers check the
 * rest. Each registry the results name (and the releases on the verifier's chains) is connected, and asked
 * about the batches named so far: over the index range the credentials still to come can fill
 * (`refsAhead`) when its words fit one request, so that they need nothing more; otherwise over the
 * indices known. Once those registries answered, the status events of the revocations
 * and suspensions the results seen by then show are read too, with their blocks' times. `readChainFacts`
 * then reads only what is still missing: in the common case of one or a few batches, nothing, and the
 * round trips are those of reading after the checks. Nothing here throws: a failure is the read's
 * `error`, or events left out, as it would have been read later.
 */
export class ChainPrefetch {
  private readonly registries = new Map<string, Promise<RegistryReadAhead>>();
  /** The results that passed the offline checks, as they came in. */
  private readonly seen: AnchoredResult[] = [];
  private statusEvents: Promise<StatusEventsAhead | undefined> | undefined;

  /** `expected`: how many credentials the verification has (it bounds the index range worth reading ahead). */
  constructor(
    private readonly options: VerifyOptions,
    private readonly expected: number,
  ) {}

  /** What was read, or is being read, for `readChainFacts`. */
  get ahead(): ChainReadAhead {
    return { registries: this.registries, statusEvents: this.statusEvents ?? Promise.resolve(undefined) };
  }

  /** Starts the reads of the registries `results` name that no read has started for (an `OnOfflineResults`). */
  readonly see = (_first: number, results: readonly OfflineResult[]): void => {
    const anchored = results.filter((result): result is AnchoredResult => result.ok);
    for (const result of anchored) this.seen.push(result);
    if (this.registries.size >= MAX_REGISTRIES_AHEAD) return;
    const fresh = [...registriesToRead(anchored, this.options)].filter(([key]) => !this.registries.has(key));
    for (const [key, { chain, address, items }] of fresh.slice(0, MAX_REGISTRIES_AHEAD - this.registries.size)) {
      const reading = this.readRegistry(chain, address, items.map((item) => anchored[item]!));
      // Marked handled: a verification that stops before its chain reads (a text that is not JSON) never awaits it.
      reading.catch(() => {});
      this.registries.set(key, reading);
    }
    if (this.statusEvents === undefined && this.registries.size > 0) {
      const first = [...this.registries];
      this.statusEvents = Promise.all(first.map(async ([key, read]) => [key, await read] as const)).then(
        (read) => this.readStatusEvents(new Map(read)),
        () => undefined, // the registry read's failure is `readChainFacts`'s to report, when it awaits it
      );
    }
  };

  private async readRegistry(chain: string, address: Address, results: readonly AnchoredResult[]): Promise<RegistryReadAhead> {
    const connection = await connectForReading(chain, address, this.options);
    const ahead: RegistryReadAhead = { chain, address, ...connection, states: new StatesReadAhead() };
    if (connection.registry === undefined) return ahead;
    const refs = refsAhead(results, this.expected);
    try {
      const states = await readCredentialStates(connection.registry, refs);
      refs.forEach((ref, i) => ahead.states.set(ref, states[i]!));
    } catch (error) {
      ahead.error = asChainError(error, chain);
    }
    return ahead;
  }

  /**
   * The status events of the results seen so far whose every registry is in `read` and answered for them,
   * grouped as `readChainFacts` groups them (`statusEventGroups`), each asked about every index of the
   * range read that has the bit, and the times of the blocks of the seen credentials' events.
   */
  private async readStatusEvents(read: ReadonlyMap<string, RegistryReadAhead>): Promise<StatusEventsAhead | undefined> {
    const releases = (this.options.chains ?? []).flatMap((chain) => registryReleases.map((release) => registryKey(chain, release.address)));
    const registries = new Map<string, RegistryRead>();
    for (const [key, ahead] of read) registries.set(key, { chain: ahead.chain, address: ahead.address, registry: ahead.registry, error: ahead.error, states: new Map() });
    const usable: AnchoredResult[] = [];
    for (const result of this.seen) {
      const keys = [...result.anchors.map((anchor) => registryKey(anchor.chain, anchor.registry)), ...releases];
      const states = keys.map((key) => (read.get(key)?.error === undefined ? read.get(key)?.states.get(result.ref) : undefined));
      // Only a credential with a bit set somewhere can have a credential-scope change: the others (nearly
      // all) are left out at once, rather than sorted to find nothing.
      if (!states.some((state) => state?.revoked || state?.suspended)) continue;
      if (!keys.every((key, k) => read.has(key) && (read.get(key)!.registry === undefined || read.get(key)!.error !== undefined || states[k] !== undefined))) continue;
      keys.forEach((key, k) => states[k] && registries.get(key)!.states.set(usable.length, states[k]));
      usable.push(result);
    }
    const canonical = canonicalKeys(registries, this.options);
    const holdings = usable.map((result, position) => findAnchors(anchorReads(result, position, registries, canonical), result.ref.index).holding);
    const groups = statusEventGroups(usable, holdings);
    if (groups.size === 0) return undefined;

    const ahead: StatusEventsAhead = { groups: new Map(), blockTimes: new Map() };
    await Promise.all(
      [...groups].map(async ([key, { chain, registry, issuer, root, kind, members }]) => {
        const client = this.options.client(chain);
        if (!client) return;
        const indices = read.get(registryKey(chain, registry))!.states.indicesWith({ issuer, root }, kind === 'revoke' ? 'revoked' : 'suspended');
        const events = readEvents(client, registry, kind, { issuer, root, indices });
        ahead.groups.set(key, { indices: new Set(indices), events });
        // The blocks of the events of the credentials seen, each read once: registered before this
        // settles, so that `readChainFacts` finds them.
        const found = await events;
        for (const { index } of members) {
          const event = found?.get(index);
          if (event) void blockTimeOnce(ahead.blockTimes, chain, client, event.blockNumber);
        }
      }),
    );
    return ahead;
  }
}

/**
 * The credentials to ask a registry about for `results`' batches, of a verification of `expected`
 * credentials: the indices from 0 up to where the batch's credentials still to come can be when they run
 * on from the ones known (the least known plus `expected`), but never past the batch's size, when those
 * words fit `MAX_CALLS_AHEAD`; else the indices of `results`. A leaf at depth d of our trees (see
 * `AnchoredResult.proofDepth`) bounds its batch's size below 2^(d + 1); the bound is the least over the
 * batch's results, unless an index shows the layout is not ours (then only the indices known are read).
 * A passport of whole batches, or of runs of one, is covered; credentials scattered further are read
 * after the checks.
 */
function refsAhead(results: readonly AnchoredResult[], expected: number): CredentialRef[] {
  const batches = new Map<string, { ref: CredentialRef; indices: number[]; bound: number }>();
  for (const result of results) {
    const key = batchKey(result.ref.issuer, result.ref.root);
    let batch = batches.get(key);
    if (batch === undefined) batches.set(key, (batch = { ref: result.ref, indices: [], bound: Infinity }));
    batch.indices.push(result.ref.index);
    batch.bound = Math.min(batch.bound, 2 ** (result.proofDepth + 1));
  }
  const refs: CredentialRef[] = [];
  let calls = 0;
  for (const { ref, indices, bound } of batches.values()) {
    const known = indices.reduce(({ least, most }, index) => ({ least: Math.min(least, index), most: Math.max(most, index) }), { least: Infinity, most: -1 });
    const end = Math.min(bound, Math.max(known.most + 1, known.least + expected));
    const whole = known.most < bound ? 1 + 2 * Math.ceil(end / 256) : Infinity;
    // In lower case, which `readCredentialStates` keys its words by: lowering it again then costs nothing
    // for each of the thousands of refs of a whole range (V8 returns an unchanged string as it is).
    const issuer = ref.issuer.toLowerCase() as Address;
    const root = ref.root.toLowerCase() as Hex;
    if (calls + whole <= MAX_CALLS_AHEAD) {
      calls += whole;
      for (let index = 0; index < end; index++) refs.push({ issuer, root, index });
    } else {
      calls += 1 + 2 * new Set(indices.map((index) => Math.floor(index / 256))).size;
      for (const index of indices) refs.push({ issuer, root, index });
    }
  }
  return refs;
}
