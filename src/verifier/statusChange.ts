import type { Hex } from 'viem';
import { findStatusEvents } from '../chain/statusEvents.js';
import { statusReasonInWords } from '../core/statusReason.js';
import type { StatusChange, Verdict } from './verdict.js';
import type { VerifyOptions } from './verifyCredentials.js';

/** The sentence of a revoked or suspended verdict, with its date and reason when they are known. */
export function statusChangeMessage(change: StatusChange): string {
  const on = change.at ? ` on ${change.at.slice(0, 10)}` : '';
  const why = change.reasonCode === undefined ? '' : change.reasonCode === 0 ? ' (no reason given)' : `: ${statusReasonInWords(change.reasonCode)}`;
  const unknown = change.at ? '' : ` (recorded on ${change.chain}; when and why could not be read)`;
  if (change.status === 'suspended') return `Suspended by its issuer${on}${why}${unknown}. It may be lifted later.`;
  if (change.scope === 'batch') return `Revoked${on} with its whole batch${why}${unknown}.`;
  return `Revoked by its issuer${on}${why}${unknown}.`;
}

/**
 * Completes each credential-scope revocation or suspension with when and why, from the registry's events
 * (a batch revocation has both in its record already). Only verdicts that are already revoked or suspended
 * are looked up: two `eth_getLogs` per (registry, batch, kind) and one block per distinct block, nothing
 * for valid credentials. What can't be read leaves the verdict as it was, still revoked or suspended: the
 * details never change a status.
 */
export async function completeStatusChanges(verdicts: readonly Verdict[], options: Pick<VerifyOptions, 'client'>): Promise<Verdict[]> {
  const groups = new Map<string, { positions: number[] }>();
  verdicts.forEach((verdict, position) => {
    const change = verdict.statusChange;
    if (!change || change.scope !== 'credential' || change.at || verdict.issuer === undefined || verdict.root === undefined || verdict.index === undefined) return;
    const key = `${change.chain}|${change.registry.toLowerCase()}|${verdict.issuer.toLowerCase()}|${verdict.root}|${change.status}`;
    const group = groups.get(key);
    if (group) group.positions.push(position);
    else groups.set(key, { positions: [position] });
  });
  if (groups.size === 0) return [...verdicts];

  const completed = [...verdicts];
  const blockTimes = new Map<string, Promise<string | undefined>>();
  await Promise.all(
    [...groups.values()].map(async ({ positions }) => {
      const first = verdicts[positions[0]!]!;
      const change = first.statusChange!;
      const client = options.client(change.chain);
      if (!client) return;
      let events: Map<number, { txHash: Hex; blockNumber: number; reason?: number }>;
      try {
        events = await findStatusEvents(client, change.registry, change.status === 'revoked' ? 'revoke' : 'suspend', {
          issuer: first.issuer!,
          root: first.root!,
          indices: positions.map((position) => verdicts[position]!.index!),
          fromBlock: 0,
        });
      } catch {
        return;
      }
      await Promise.all(
        positions.map(async (position) => {
          const verdict = verdicts[position]!;
          const event = events.get(verdict.index!);
          if (!event) return;
          const timeKey = `${change.chain}|${event.blockNumber}`;
          if (!blockTimes.has(timeKey)) blockTimes.set(timeKey, blockTime(client, event.blockNumber));
          const at = await blockTimes.get(timeKey)!;
          if (!at) return;
          completed[position] = withChange(verdict, { ...verdict.statusChange!, at, transactionHash: event.txHash, ...reasonOf(event.reason) });
        }),
      );
    }),
  );
  return completed;
}

export function reasonOf(code: number | undefined): Pick<StatusChange, 'reasonCode' | 'reason'> {
  return code === undefined ? {} : { reasonCode: code, reason: statusReasonInWords(code) };
}

/** The verdict with its status change completed: the deciding check's sentence, and the summary it gave, follow. */
function withChange(verdict: Verdict, change: StatusChange): Verdict {
  const checkName = change.status === 'revoked' ? 'revoked' : 'suspended';
  const before = verdict.checks.find((check) => check.name === checkName)?.message;
  const message = statusChangeMessage(change);
  return {
    ...verdict,
    statusChange: change,
    checks: verdict.checks.map((check) => (check.name === checkName ? { ...check, message } : check)),
    summary: verdict.summary === before ? message : verdict.summary,
  };
}

async function blockTime(client: NonNullable<ReturnType<VerifyOptions['client']>>, blockNumber: number): Promise<string | undefined> {
  try {
    const block = await client.getBlock({ blockNumber: BigInt(blockNumber) });
    return new Date(Number(block.timestamp) * 1000).toISOString();
  } catch {
    return undefined;
  }
}
