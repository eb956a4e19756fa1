import { type Address, type Hex, type PublicClient, getAbiItem } from 'viem';
import { credentialRegistryAbi } from '../abi/index.js';
import { reasonInWords } from './reasons.js';
import type { Verdict } from './verdict.js';

/** When and why a credential was revoked or suspended, as its registry recorded it. */
export interface StatusChange {
  kind: 'revoked' | 'suspended';
  /** `batch`: the whole batch was revoked at once; `credential`: this credential (alone or in a run). */
  scope: 'batch' | 'credential';
  /** The CAIP-2 chain whose registry recorded it. */
  chain: string;
  /** ISO time of the block that recorded it. */
  at: string;
  /** The code the issuer gave (0-255) and the code in words (`superseded`; `reason code 17` if unnamed). */
  reasonCode: number;
  reason: string;
}

/** A status change that could not be read: the verdict stands; only its date and reason are unknown. */
export interface StatusChangeUnread {
  kind: 'revoked' | 'suspended';
  /** Why not, in a sentence (the last anchor's failure). */
  error: string;
}

/**
 * The date and reason of a `revoked` or `suspended` verdict, read from the registries the verifier found
 * the credential anchored on (`verdict.anchors` with an `anchoredAt`: genuine ones only). A whole-batch
 * revocation is in the batch record; a credential's own revocation or suspension only in the registry's
 * events, so this asks each such registry for its events of the batch (one `eth_getLogs` per event type,
 * from the first block: an endpoint that caps log ranges makes this fail, not the verdict).
 *
 * @returns undefined for any other verdict
 * @example
 * const change = await readStatusChange(verdict, endpoints.client)
 * if (change && 'reason' in change) console.log(`${change.kind} on ${change.at}: ${change.reason}`)
 */
export async function readStatusChange(verdict: Verdict, client: (chain: string) => PublicClient | undefined): Promise<StatusChange | StatusChangeUnread | undefined> {
  if (verdict.status !== 'revoked' && verdict.status !== 'suspended') return undefined;
  const kind = verdict.status;
  const { issuer, root, index } = verdict;
  if (issuer === undefined || root === undefined || index === undefined) return { kind, error: 'The verdict names no batch to read.' };
  let error = 'No registry holding the credential could be read again.';
  for (const anchor of verdict.anchors) {
    const reader = anchor.anchoredAt === undefined ? undefined : client(anchor.chain);
    if (!reader) continue;
    try {
      const found = await readAt(reader, anchor.registry, kind, issuer, root, index);
      if (found) return { kind, chain: anchor.chain, ...found };
    } catch (cause) {
      error = `Could not read when and why from ${anchor.chain}: ${(cause as { shortMessage?: string }).shortMessage ?? (cause as Error).message}`;
    }
  }
  return { kind, error };
}

async function readAt(client: PublicClient, registry: Address, kind: 'revoked' | 'suspended', issuer: Address, root: Hex, index: number) {
  if (kind === 'revoked') {
    const batch = await client.readContract({ address: registry, abi: credentialRegistryAbi, functionName: 'getBatch', args: [issuer, root] });
    if (batch.revoked) return { scope: 'batch' as const, at: isoTime(Number(batch.revokedAt)), reasonCode: Number(batch.revokeReason), reason: reasonInWords(Number(batch.revokeReason)) };
  }
  const log = await lastEventCovering(client, registry, kind, issuer, root, index);
  if (!log) return undefined;
  const block = await client.getBlock({ blockNumber: log.blockNumber });
  return { scope: 'credential' as const, at: isoTime(Number(block.timestamp)), reasonCode: log.reason, reason: reasonInWords(log.reason) };
}

/** The event of a run of one credential, and of a longer run in one 256-credential bitmap word. */
const EVENTS = {
  revoked: { one: 'CredentialRevoked', run: 'CredentialsRevoked' },
  suspended: { one: 'CredentialSuspended', run: 'CredentialsSuspended' },
} as const;

/**
 * The last event of `kind` that covers credential `index` of `(issuer, root)`: a revocation happens once; a
 * credential may be suspended, lifted and suspended again, and the last one is the one in force.
 */
async function lastEventCovering(client: PublicClient, registry: Address, kind: 'revoked' | 'suspended', issuer: Address, root: Hex, index: number) {
  const { one, run } = EVENTS[kind];
  const query = { address: registry, args: { issuer, root }, fromBlock: 'earliest', toBlock: 'latest', strict: true } as const;
  // Each pair shares the indexed (issuer, root) and the fields read here; typing them as the revocation pair
  // keeps viem's inference from collapsing the union.
  const [ones, runs] = await Promise.all([
    client.getLogs({ ...query, event: getAbiItem({ abi: credentialRegistryAbi, name: one as 'CredentialRevoked' }) }),
    client.getLogs({ ...query, event: getAbiItem({ abi: credentialRegistryAbi, name: run as 'CredentialsRevoked' }) }),
  ]);
  const wanted = BigInt(index);
  const covering = [
    ...ones.filter((log) => log.args.index === wanted),
    ...runs.filter((log) => log.args.wordIndex === wanted / 256n && ((log.args.bits >> (wanted % 256n)) & 1n) === 1n),
  ].filter((log) => !log.removed && log.blockNumber !== null);
  covering.sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1));
  const last = covering.at(-1);
  return last ? { blockNumber: last.blockNumber, reason: last.args.reason } : undefined;
}

function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.000Z$/, 'Z');
}
