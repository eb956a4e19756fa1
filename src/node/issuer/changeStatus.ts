import type { Hex } from 'viem';
import { type BatchRecord, type CredentialState, readBatch, readCredentialStates } from '../../chain/reads.js';
import { type RegistryWriter, type WriteArgs, estimateWriteGas, sendWrite } from '../../chain/writes.js';
import type { IssuerStore, StatusKind, StoredBatch, StoredCredential } from '../store/index.js';
import { findStatusEvents } from './chainJournal.js';
import { BatchNotAnchoredError } from './errors.js';
import { type WriteKindSpec, journaledWrite } from './journaledWrite.js';
import { withBatchLock } from './lock.js';
import { assertReasonCode } from './reasonCode.js';
import { resolveCredentials } from './resolveCredentials.js';

export interface ChangeStatusParameters {
  store: IssuerStore;
  /** The registry and the account that signs (the issuer or one of its revoke operators). */
  writer: RegistryWriter;
  /** Credential ids or credential files, from any batches of the store. */
  credentials: readonly string[];
  /** Reason code recorded on chain with a revocation or suspension (0-255; default 0, unspecified). */
  reason?: number;
  /** A note kept in the store only (never on chain): why, who asked. */
  note?: string;
  /** Called after each batch's transaction, counting credentials. */
  onProgress?: (done: number, total: number) => void;
  /** How long a rerun waits for the signer's transactions still in flight (default 120 s). */
  pendingTimeoutMs?: number;
  /**
   * The most gas one transaction may use (default 2^24 = 16,777,216, EIP-7825's cap). A batch's change
   * that needs more is sent in several transactions, each crash-safe on its own; a credential whose change
   * alone needs more is a `TransactionGasLimitError`, raised before any of its batch's is sent.
   */
  maxGasPerTransaction?: bigint;
}

export interface StatusChange {
  credentialId: string;
  batchId: string;
  index: number;
  file: string;
  /**
   * `changed`: this call's transaction did it. `recovered`: an interrupted earlier run had done it; this
   * call only recorded it. `unchanged`: the credential already had that status (rerun, or done elsewhere).
   */
  outcome: 'changed' | 'recovered' | 'unchanged';
  /** The transaction that made the change, when known. */
  txHash?: Hex;
  blockNumber?: number;
}

export interface ChangeStatusReturnType {
  kind: StatusKind;
  changes: StatusChange[];
  /** Gas of the transactions this call sent. */
  gasUsed: bigint;
  /** How many transactions this call sent: one per batch touched, more where the gas limit split one. */
  transactions: number;
}

/**
 * Revokes credentials (final), by id or file; one transaction per batch, or several where one would need
 * more gas than `maxGasPerTransaction`. Idempotent: credentials already revoked are reported `unchanged`,
 * and a rerun after a crash settles what the crashed run had sent before sending anything.
 *
 * @throws CredentialNotFoundError, BatchNotAnchoredError, BatchBusyError, PendingTransactionsError,
 *   TransactionGasLimitError, chain errors
 * @example
 * const { changes } = await revokeStoredCredentials({ store, writer, credentials: ['urn:uuid:…'], reason: 1 })
 */
export function revokeStoredCredentials(parameters: ChangeStatusParameters): Promise<ChangeStatusReturnType> {
  return changeStatus('revoke', parameters);
}

/** Suspends credentials (reversible with `unsuspendStoredCredentials`); see `revokeStoredCredentials`. */
export function suspendStoredCredentials(parameters: ChangeStatusParameters): Promise<ChangeStatusReturnType> {
  return changeStatus('suspend', parameters);
}

/** Lifts the suspension of credentials; see `revokeStoredCredentials`. `reason` is not used. */
export function unsuspendStoredCredentials(parameters: ChangeStatusParameters): Promise<ChangeStatusReturnType> {
  return changeStatus('unsuspend', parameters);
}

async function changeStatus(kind: StatusKind, parameters: ChangeStatusParameters): Promise<ChangeStatusReturnType> {
  const { store, credentials: refs, reason = 0, onProgress } = parameters;
  assertReasonCode(reason);
  const credentials = resolveCredentials(store, refs);
  const byBatch = new Map<string, StoredCredential[]>();
  for (const credential of credentials) byBatch.set(credential.batchId, [...(byBatch.get(credential.batchId) ?? []), credential]);

  const changes: StatusChange[] = [];
  let gasUsed = 0n;
  let transactions = 0;
  for (const [batchId, group] of byBatch) {
    const batch = store.batches.get(batchId)!;
    const result = await withBatchLock(store, batchId, () => changeBatch(kind, { ...parameters, reason }, batch, group));
    for (const change of result.changes) changes.push(change); // not push(...): a batch's worth of arguments can overflow the stack
    gasUsed += result.gasUsed;
    transactions += result.transactions;
    onProgress?.(changes.length, credentials.length);
  }
  return { kind, changes, gasUsed, transactions };
}

/** A credential as a status write's target: its index is what the registry's bitmaps are keyed by. */
export interface CredentialTarget {
  credentialId: string;
  index: number;
}

const STATUS_KINDS: readonly StatusKind[] = ['revoke', 'suspend', 'unsuspend'];
const VERBS: Record<StatusKind, string> = { revoke: 'revoking', suspend: 'suspending', unsuspend: 'unsuspending' };

/**
 * Revoke, suspend or unsuspend as a kind of journaled write: the effect is each credential's bit (a
 * revocation also shows as the whole batch revoked), found by the registry's per-credential events. An
 * effect found on chain with no entry of ours is only reported: a credential revoked with its batch, or
 * suspended by another tool, needs no entry of its own.
 */
export function statusWrite(kind: StatusKind, store: IssuerStore, writer: RegistryWriter, batch: StoredBatch): WriteKindSpec<CredentialTarget> {
  const { registry } = writer;
  // The registry writes each 256-credential bitmap word once when indices come sorted.
  const sortedIndices = (targets: readonly CredentialTarget[]) =>
    targets.map(({ index }) => BigInt(index)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const unsuspendArgs = (targets: readonly CredentialTarget[]): WriteArgs<'unsuspend'> => [batch.issuer, batch.root, sortedIndices(targets)];
  const markArgs = (targets: readonly CredentialTarget[], reason: number | undefined): WriteArgs<'revoke' | 'suspend'> => [
    batch.issuer,
    batch.root,
    sortedIndices(targets),
    reason ?? 0,
  ];
  return {
    kind,
    targetOf: (entry) => ({ credentialId: entry.credentialId!, index: store.credentials.get(entry.credentialId!)!.index }),
    showsEffect: async (targets) => {
      const [record, states] = await Promise.all([
        readBatch(registry, batch.issuer, batch.root),
        readCredentialStates(registry, targets.map(({ index }) => ({ issuer: batch.issuer, root: batch.root, index }))),
      ]);
      if (!record) throw new BatchNotAnchoredError(batch.id, registry.chain, registry.address);
      return states.map((state) => hasStatus(kind, state, record));
    },
    findEffects: async (targets, fromBlock) => {
      const events = await findStatusEvents(registry, kind, batch.issuer, batch.root, targets.map(({ index }) => index), fromBlock);
      return targets.map(({ index }) => events.get(index));
    },
    send: (targets, reason, transaction) =>
      kind === 'unsuspend'
        ? sendWrite(writer, kind, unsuspendArgs(targets), transaction)
        : sendWrite(writer, kind, markArgs(targets, reason), transaction),
    gas: {
      estimate: (targets, reason) =>
        kind === 'unsuspend' ? estimateWriteGas(writer, kind, unsuspendArgs(targets)) : estimateWriteGas(writer, kind, markArgs(targets, reason)),
      describe: ({ credentialId, index }) => `${VERBS[kind]} credential ${credentialId} (index ${index} of batch ${batch.id})`,
    },
  };
}

async function changeBatch(
  kind: StatusKind,
  { store, writer, reason, note, pendingTimeoutMs, maxGasPerTransaction }: ChangeStatusParameters & { reason: number },
  batch: StoredBatch,
  credentials: readonly StoredCredential[],
): Promise<{ changes: StatusChange[]; gasUsed: bigint; transactions: number }> {
  const { registry } = writer;
  if (!(await readBatch(registry, batch.issuer, batch.root))) throw new BatchNotAnchoredError(batch.id, registry.chain, registry.address);
  const spec = statusWrite(kind, store, writer, batch);
  // In index order: a split by gas then cuts the batch into ranges of indices, so that each bitmap word is
  // written by one transaction (two where a cut falls inside it) rather than by every part.
  const targets = credentials.map((credential) => ({ credentialId: credential.id, index: credential.index })).sort((a, b) => a.index - b.index);
  const { outcomes, gasUsed, transactions } = await journaledWrite({
    store,
    writer,
    batch,
    spec,
    targets,
    reason: kind === 'unsuspend' ? 0 : reason,
    ...(note === undefined ? {} : { note }),
    // A suspend and an unsuspend of the same credential change the same bit: settle all of them first.
    alsoSettle: STATUS_KINDS.filter((other) => other !== kind).map((other) => statusWrite(other, store, writer, batch)),
    ...(pendingTimeoutMs === undefined ? {} : { pendingTimeoutMs }),
    ...(maxGasPerTransaction === undefined ? {} : { maxGasPerTransaction }),
  });
  // Reported in the order the caller named the credentials.
  const outcomeOf = new Map(outcomes.map((outcome) => [outcome.target.credentialId, outcome]));
  const changes = credentials.map((credential): StatusChange => {
    const { outcome, entry } = outcomeOf.get(credential.id)!;
    return {
      credentialId: credential.id,
      batchId: batch.id,
      index: credential.index,
      file: credential.file,
      outcome: outcome === 'sent' ? 'changed' : outcome,
      ...(entry?.txHash ? { txHash: entry.txHash } : {}),
      ...(entry?.blockNumber !== undefined ? { blockNumber: entry.blockNumber } : {}),
    };
  });
  return { changes, gasUsed, transactions };
}

/** Whether the chain already shows the status `kind` asks for. */
function hasStatus(kind: StatusKind, state: CredentialState, batch: BatchRecord): boolean {
  if (kind === 'revoke') return state.revoked || batch.revoked;
  if (kind === 'suspend') return state.suspended;
  return !state.suspended;
}
