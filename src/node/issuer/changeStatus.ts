import type { Hex } from 'viem';
import { type BatchRecord, type CredentialState, readBatch, readCredentialStates } from '../../chain/reads.js';
import { RegistryRevertedError } from '../../chain/errors.js';
import { type RegistryWriter, sendWrite, waitForWrite } from '../../chain/writes.js';
import type { IssuerStore, StatusKind, StoredBatch, StoredCredential } from '../store/index.js';
import { settleActions } from './actionJournal.js';
import { chainHead } from './chainJournal.js';
import { BatchNotAnchoredError } from './errors.js';
import { failpoint } from './failpoint.js';
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
  /** Gas of the transactions this call sent (one per batch touched). */
  gasUsed: bigint;
}

/**
 * Revokes credentials (final), by id or file; one transaction per batch. Idempotent: credentials already
 * revoked are reported `unchanged`, and a rerun after a crash settles what the crashed run had sent
 * before sending anything.
 *
 * @throws CredentialNotFoundError, BatchNotAnchoredError, BatchBusyError, PendingTransactionsError, chain errors
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
  for (const [batchId, group] of byBatch) {
    const batch = store.batches.get(batchId)!;
    const result = await withBatchLock(store, batchId, () => changeBatch(kind, { ...parameters, reason }, batch, group));
    for (const change of result.changes) changes.push(change); // not push(...): a batch's worth of arguments can overflow the stack
    gasUsed += result.gasUsed;
    onProgress?.(changes.length, credentials.length);
  }
  return { kind, changes, gasUsed };
}

async function changeBatch(
  kind: StatusKind,
  { store, writer, reason, note, pendingTimeoutMs }: ChangeStatusParameters & { reason: number },
  batch: StoredBatch,
  credentials: readonly StoredCredential[],
): Promise<{ changes: StatusChange[]; gasUsed: bigint }> {
  const { registry } = writer;
  const onChain = await readBatch(registry, batch.issuer, batch.root);
  if (!onChain) throw new BatchNotAnchoredError(batch.id, registry.chain, registry.address);

  // First settle what an interrupted earlier run left in flight for these credentials, on this registry.
  const ids = new Set(credentials.map((credential) => credential.id));
  const registryKey = registry.address.toLowerCase();
  const unfinished = store.actions
    .unfinished()
    .filter((action) => ids.has(action.credentialId) && action.chain === registry.chain && action.registry.toLowerCase() === registryKey);
  const settled = await settleActions(store, writer, batch, unfinished, pendingTimeoutMs === undefined ? {} : { pendingTimeoutMs });
  const recovered = new Map(settled.confirmed.filter((action) => action.kind === kind).map((action) => [action.credentialId, action]));

  const states = await readCredentialStates(
    registry,
    credentials.map(({ index }) => ({ issuer: batch.issuer, root: batch.root, index })),
  );
  const changes = new Map<string, StatusChange>();
  const toSend: StoredCredential[] = [];
  credentials.forEach((credential, i) => {
    const base = { credentialId: credential.id, batchId: batch.id, index: credential.index, file: credential.file };
    if (!hasStatus(kind, states[i]!, onChain)) {
      toSend.push(credential);
      return;
    }
    const earlier = recovered.get(credential.id) ?? lastConfirmed(store, credential.id, kind);
    changes.set(credential.id, {
      ...base,
      outcome: recovered.has(credential.id) ? 'recovered' : 'unchanged',
      ...(earlier?.txHash ? { txHash: earlier.txHash } : {}),
      ...(earlier?.blockNumber !== undefined ? { blockNumber: earlier.blockNumber } : {}),
    });
  });

  let gasUsed = 0n;
  if (toSend.length > 0) {
    const intents = store.actions.recordIntent({
      credentialIds: toSend.map((credential) => credential.id),
      kind,
      reason: kind === 'unsuspend' ? 0 : reason,
      ...(note === undefined ? {} : { note }),
      chain: registry.chain,
      registry: registry.address,
      fromBlock: await chainHead(registry),
    });
    failpoint('action-after-intent');
    const actionIds = intents.map((action) => action.id);
    // The registry writes each 256-credential bitmap word once when indices come sorted.
    const indices = toSend.map(({ index }) => BigInt(index)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    let hash: Hex;
    try {
      hash = kind === 'unsuspend' ? await sendWrite(writer, kind, [batch.issuer, batch.root, indices]) : await sendWrite(writer, kind, [batch.issuer, batch.root, indices, reason]);
    } catch (error) {
      // A rejected simulation means nothing was sent; any other failure may have reached the node, so the
      // intents stay for the next run to settle.
      if (error instanceof RegistryRevertedError) store.actions.recordAbandoned(actionIds);
      throw error;
    }
    failpoint('action-after-send');
    store.actions.recordSent(actionIds, hash);
    const receipt = await waitForWrite(writer, hash);
    const blockNumber = Number(receipt.blockNumber);
    store.actions.recordConfirmed(actionIds, { txHash: hash, blockNumber });
    gasUsed = receipt.gasUsed;
    for (const credential of toSend) {
      changes.set(credential.id, {
        credentialId: credential.id,
        batchId: batch.id,
        index: credential.index,
        file: credential.file,
        outcome: 'changed',
        txHash: hash,
        blockNumber,
      });
    }
  }
  return { changes: credentials.map((credential) => changes.get(credential.id)!), gasUsed };
}

/** Whether the chain already shows the status `kind` asks for. */
function hasStatus(kind: StatusKind, state: CredentialState, batch: BatchRecord): boolean {
  if (kind === 'revoke') return state.revoked || batch.revoked;
  if (kind === 'suspend') return state.suspended;
  return !state.suspended;
}

function lastConfirmed(store: IssuerStore, credentialId: string, kind: StatusKind) {
  return store.actions
    .forCredential(credentialId)
    .filter((action) => action.kind === kind && action.state === 'confirmed')
    .at(-1);
}

