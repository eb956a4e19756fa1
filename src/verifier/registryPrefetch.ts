import type { Address, Hex } from 'viem';
import { asChainError } from '../chain/errors.js';
import { type CredentialRef, type CredentialState, readCredentialStates } from '../chain/reads.js';
import type { AnchoredResult, OfflineResult } from './offline.js';
import { type RegistryConnection, connectForReading, registriesToRead } from './readRegistries.js';
import type { VerifyOptions } from './verifyCredentials.js';

/**
 * A registry read ahead, while the workers were still checking: connected (or why not), and the states of
 * the credentials it was asked about, by batch (`batchKey`) and index.
 */
export interface RegistryReadAhead extends RegistryConnection {
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
 * rest: each registry the results name (and the releases on the verifier's chains) is connected, and asked
 * about the batches named so far. A batch is read over its whole index range when the results bound it
 * (`proofDepth`) and the words fit one request, so that the credentials still to come need nothing more;
 * otherwise over the indices known. `readRegistries` then reads only what is still missing: in the common
 * case of one or a few batches, nothing, and the round trips are those of reading after the checks.
 * Never throws: a failure is the read's `error`, as it would have been read later.
 */
export class RegistryPrefetch {
  private readonly started = new Map<string, Promise<RegistryReadAhead>>();

  constructor(private readonly options: VerifyOptions) {}

  /** The reads started, by `registryKey`. */
  get reads(): ReadonlyMap<string, Promise<RegistryReadAhead>> {
    return this.started;
  }

  /** Starts the reads of the registries `results` name that no read has started for (an `OnOfflineResults`). */
  readonly see = (_first: number, results: readonly OfflineResult[]): void => {
    if (this.started.size >= MAX_REGISTRIES_AHEAD) return;
    const anchored = results.filter((result): result is AnchoredResult => result.ok);
    const fresh = [...registriesToRead(anchored, this.options)].filter(([key]) => !this.started.has(key));
    for (const [key, { chain, address, items }] of fresh.slice(0, MAX_REGISTRIES_AHEAD - this.started.size)) {
      const reading = this.read(chain, address, items.map((item) => anchored[item]!));
      // Marked handled: a verification that stops before its chain reads (a text that is not JSON) never awaits it.
      reading.catch(() => {});
      this.started.set(key, reading);
    }
  };

  private async read(chain: string, address: Address, results: readonly AnchoredResult[]): Promise<RegistryReadAhead> {
    const connection = await connectForReading(chain, address, this.options);
    const ahead: RegistryReadAhead = { ...connection, states: new StatesReadAhead() };
    if (connection.registry === undefined) return ahead;
    const refs = refsAhead(results);
    try {
      const states = await readCredentialStates(connection.registry, refs);
      refs.forEach((ref, i) => ahead.states.set(ref, states[i]!));
    } catch (error) {
      ahead.error = asChainError(error, chain);
    }
    return ahead;
  }
}

/**
 * The credentials to ask a registry about for `results`' batches: every index below the batch's bound when
 * the words fit `MAX_CALLS_AHEAD`, else the indices of `results`. A leaf at depth d of our trees (see
 * `AnchoredResult.proofDepth`) bounds its batch's size below 2^(d + 1); the bound is the least over the
 * batch's results, unless an index shows the layout is not ours (then only the indices known are read).
 */
function refsAhead(results: readonly AnchoredResult[]): CredentialRef[] {
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
    const whole = indices.every((index) => index < bound) ? 1 + 2 * Math.ceil(bound / 256) : Infinity;
    // In lower case, which `readCredentialStates` keys its words by: lowering it again then costs nothing
    // for each of the thousands of refs of a whole range (V8 returns an unchanged string as it is).
    const issuer = ref.issuer.toLowerCase() as Address;
    const root = ref.root.toLowerCase() as Hex;
    if (calls + whole <= MAX_CALLS_AHEAD) {
      calls += whole;
      for (let index = 0; index < bound; index++) refs.push({ issuer, root, index });
    } else {
      calls += 1 + 2 * new Set(indices.map((index) => Math.floor(index / 256))).size;
      for (const index of indices) refs.push({ issuer, root, index });
    }
  }
  return refs;
}
