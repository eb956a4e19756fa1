import type { RegistryWriter } from '../../chain/writes.js';
import type { IssuerStore, StatusKind, StoredAction, StoredBatch } from '../store/index.js';
import { type FoundEvent, findStatusEvents, transactionOutcome, waitForIdleSigner } from './chainJournal.js';

export interface ActionReconciliation {
  confirmed: StoredAction[];
  abandoned: StoredAction[];
}

/**
 * Settles status actions an earlier run left as `intent` or `sent` on the writer's registry: each becomes
 * `confirmed` (with the transaction that did it) or `abandoned` (it never took effect). Nothing is sent:
 * whether the change is still wanted is the caller's decision.
 */
export async function settleActions(
  store: IssuerStore,
  writer: RegistryWriter,
  batch: StoredBatch,
  actions: readonly StoredAction[],
  { pendingTimeoutMs }: { pendingTimeoutMs?: number } = {},
): Promise<ActionReconciliation> {
  const result: ActionReconciliation = { confirmed: [], abandoned: [] };
  if (actions.length === 0) return result;
  const unresolved: StoredAction[] = [];

  // Actions whose hash was recorded: the receipt says what happened, unless the node forgot the transaction.
  const outcomes = new Map<string, Awaited<ReturnType<typeof transactionOutcome>>>();
  for (const action of actions) {
    if (!action.txHash) {
      unresolved.push(action);
      continue;
    }
    if (!outcomes.has(action.txHash)) outcomes.set(action.txHash, await transactionOutcome(writer, action.txHash));
    const outcome = outcomes.get(action.txHash)!;
    if (outcome.status === 'success') settle(store, result, action, { txHash: action.txHash, blockNumber: outcome.blockNumber });
    else if (outcome.status === 'reverted') settle(store, result, action, undefined);
    else unresolved.push(action);
  }
  if (unresolved.length === 0) return result;

  // No usable hash: once nothing of the signer's is in flight, the registry's events say whether it happened.
  await waitForIdleSigner(writer, pendingTimeoutMs === undefined ? {} : { timeoutMs: pendingTimeoutMs });
  const byKind = new Map<StatusKind, StoredAction[]>();
  for (const action of unresolved) byKind.set(action.kind, [...(byKind.get(action.kind) ?? []), action]);
  for (const [kind, group] of byKind) {
    const indexOf = new Map(group.map((action) => [action.id, store.credentials.get(action.credentialId)!.index]));
    // The intent recorded the head before anything was sent, so its transaction is in a later block.
    const fromBlock = group.reduce((lowest, action) => Math.min(lowest, action.fromBlock), Number.POSITIVE_INFINITY) + 1;
    const events = await findStatusEvents(writer.registry, kind, batch.issuer, batch.root, [...indexOf.values()], fromBlock);
    for (const action of group) {
      const event = events.get(indexOf.get(action.id)!);
      settle(store, result, action, event && event.blockNumber > action.fromBlock ? event : undefined);
    }
  }
  return result;
}

function settle(store: IssuerStore, result: ActionReconciliation, action: StoredAction, event: FoundEvent | undefined): void {
  if (event) {
    store.actions.recordConfirmed([action.id], event);
    result.confirmed.push(store.actions.get(action.id)!);
  } else {
    store.actions.recordAbandoned([action.id]);
    result.abandoned.push(store.actions.get(action.id)!);
  }
}
