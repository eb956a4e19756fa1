import { type Address, type Hex, type PublicClient, getAbiItem } from 'viem';
import { credentialRegistryAbi } from '../abi/index.js';

/** A registry's status change of credentials, by the name of its transaction. */
export type StatusEventKind = 'revoke' | 'suspend' | 'unsuspend';

/** The event that last changed one credential's status. */
export interface StatusEvent {
  txHash: Hex;
  blockNumber: number;
  /** The reason code the issuer gave (revoke and suspend; an unsuspension has none). */
  reason?: number;
}

/** Per status change, the event of a run of one credential and the event of a longer run in one bitmap word. */
const STATUS_EVENTS = {
  revoke: { one: 'CredentialRevoked', run: 'CredentialsRevoked' },
  suspend: { one: 'CredentialSuspended', run: 'CredentialsSuspended' },
  unsuspend: { one: 'CredentialUnsuspended', run: 'CredentialsUnsuspended' },
} as const;

/**
 * For each of `indices`, the last event of `kind` at or after `fromBlock` that set its bit in `(issuer, root)`
 * on the registry at `address`. Status events name one credential (`index`) or a 256-bit word of them
 * (`wordIndex * 256 + bit` for each bit). Two `eth_getLogs` calls, whatever the number of indices.
 *
 * The issuer's crash recovery uses it to tell whether an intended change happened; the verifier to say
 * when and why a credential was revoked or suspended.
 */
export async function findStatusEvents(
  client: PublicClient,
  address: Address,
  kind: StatusEventKind,
  { issuer, root, indices, fromBlock }: { issuer: Address; root: Hex; indices: readonly number[]; fromBlock: number },
): Promise<Map<number, StatusEvent>> {
  const { one, run } = STATUS_EVENTS[kind];
  const query = { address, args: { issuer, root }, fromBlock: BigInt(fromBlock), toBlock: 'latest' } as const;
  // The three pairs share the indexed (issuer, root) and the fields read below (an unsuspension's `reason` is
  // absent); typing them as one pair keeps viem's inference from collapsing the union.
  const [ones, runs] = await Promise.all([
    client.getLogs({ ...query, event: getAbiItem({ abi: credentialRegistryAbi, name: one as 'CredentialRevoked' }) }),
    client.getLogs({ ...query, event: getAbiItem({ abi: credentialRegistryAbi, name: run as 'CredentialsRevoked' }) }),
  ]);
  // The indices each event covers, looked up by index rather than testing every index against every event.
  const wanted = new Set(indices);
  type Log = (typeof ones)[number] | (typeof runs)[number];
  const covered: { log: Log; indices: number[] }[] = [];
  for (const log of ones) {
    const index = log.args.index;
    if (index !== undefined && index <= BigInt(Number.MAX_SAFE_INTEGER) && wanted.has(Number(index))) covered.push({ log, indices: [Number(index)] });
  }
  const byWord = groupByWord(wanted);
  for (const log of runs) {
    const { wordIndex, bits } = log.args;
    if (wordIndex === undefined || bits === undefined || wordIndex > BigInt(Number.MAX_SAFE_INTEGER)) continue;
    const inWord = (byWord.get(Number(wordIndex)) ?? []).filter((index) => ((bits >> BigInt(index % 256)) & 1n) === 1n);
    if (inWord.length > 0) covered.push({ log, indices: inWord });
  }
  // In chain order, so that the last event covering an index wins.
  covered.sort(({ log: a }, { log: b }) =>
    a.blockNumber === b.blockNumber ? (a.logIndex ?? 0) - (b.logIndex ?? 0) : Number((a.blockNumber ?? 0n) - (b.blockNumber ?? 0n)),
  );
  const found = new Map<number, StatusEvent>();
  for (const { log, indices: hit } of covered) {
    if (log.removed || !log.transactionHash || log.blockNumber === null) continue;
    const event: StatusEvent = { txHash: log.transactionHash, blockNumber: Number(log.blockNumber), ...(log.args.reason === undefined ? {} : { reason: log.args.reason }) };
    for (const index of hit) found.set(index, event);
  }
  return found;
}

function groupByWord(indices: ReadonlySet<number>): Map<number, number[]> {
  const byWord = new Map<number, number[]>();
  for (const index of indices) {
    const word = Math.floor(index / 256);
    const list = byWord.get(word);
    if (list) list.push(index);
    else byWord.set(word, [index]);
  }
  return byWord;
}
