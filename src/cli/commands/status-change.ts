import type { Command } from 'commander';
import type { StoredAnchor } from '../../node/store/index.js';
import { resolveCredentials } from '../../node/issuer/resolveCredentials.js';
import {
  type ChangeStatusReturnType,
  type StatusChange,
  revokeStoredCredentials,
  suspendStoredCredentials,
  unsuspendStoredCredentials,
} from '../../node/issuer/changeStatus.js';
import { CliError, emit, progress, table } from '../output.js';
import { anchorTargets, reportUnreached } from '../anchorWriters.js';
import { type SessionOptions, openSession, withChainOptions, withOtherChains, withReplacementOptions } from '../session.js';
import { parseReason, reasonCodes } from '../reasons.js';
import { DEFAULT_MAX_GAS_PER_TRANSACTION } from '../../node/issuer/splitByGas.js';
import { shortHex } from '../terminal.js';
import { statusReasonInWords } from '../../core/statusReason.js';

const ACTIONS = {
  revoke: { run: revokeStoredCredentials, done: 'revoked', about: 'revoke credentials (final)' },
  suspend: { run: suspendStoredCredentials, done: 'suspended', about: 'suspend credentials (reversible with unsuspend)' },
  unsuspend: { run: unsuspendStoredCredentials, done: 'unsuspended', about: 'lift the suspension of credentials' },
} as const;

export const registerRevoke = (program: Command) => registerStatusChange(program, 'revoke');
export const registerSuspend = (program: Command) => registerStatusChange(program, 'suspend');
export const registerUnsuspend = (program: Command) => registerStatusChange(program, 'unsuspend');

/**
 * `microcred revoke|suspend|unsuspend <credential file, id or learner id...>`: one transaction per batch
 * touched, or several where one would need more gas than `--max-gas-per-transaction`.
 */
function registerStatusChange(program: Command, name: keyof typeof ACTIONS): void {
  const action = ACTIONS[name];
  const command = program
    .command(name)
    .description(`${action.about}, by credential file, credential id or learner id`)
    .argument('<credentials...>', 'credential files, credential ids, or learner ids (from the roster) of learners with one credential here');
  if (name !== 'unsuspend') {
    command.option('--reason <code>', `reason recorded on chain: a code 0-255 or one of ${Object.keys(reasonCodes).join(', ')}`, 'unspecified');
  }
  command.option('--note <text>', 'a note kept in the local store only (never on chain)');
  command.option(
    '--max-gas-per-transaction <gas>',
    `the most gas one transaction may use; more credentials than fit are sent in several transactions (default ${DEFAULT_MAX_GAS_PER_TRANSACTION}, EIP-7825's cap)`,
  );
  type Options = SessionOptions & { reason?: string; note?: string; maxGasPerTransaction?: string };
  withReplacementOptions(withOtherChains(withChainOptions(command))).action(async (refs: string[], options: Options) => {
    const reason = options.reason === undefined ? 0 : parseReason(options.reason);
    const maxGasPerTransaction = options.maxGasPerTransaction === undefined ? undefined : parseGasLimit(options.maxGasPerTransaction);
    const session = await openSession(options);
    const bar = progress(name, options);
    const changes: (StatusChange & { chain: string; registry: string; learner: { id: string; name: string } })[] = [];
    const learners = new Map<string, { id: string; name: string }>();
    let gasUsed = 0n;
    let transactions = 0;
    let unreached: StoredAnchor[] = [];
    try {
      // Resolved once here to learn the batches; every registry they are anchored on gets the change.
      const credentials = resolveCredentials(session.store, refs);
      for (const credential of credentials) learners.set(credential.id, { id: credential.learnerId, name: credential.learnerName });
      const batchIds = [...new Set(credentials.map((credential) => credential.batchId))];
      const targets = await anchorTargets(session, batchIds, options);
      try {
        unreached = targets.unreached;
        const idsOf = (batchIds: readonly string[]) => credentials.filter((c) => batchIds.includes(c.batchId)).map((c) => c.id);
        // A batch the store knows no anchor of goes to the session's registry, whose answer says why it can't be done.
        const runs = [
          ...targets.reached.map(({ anchor, writer }) => ({ writer, ids: idsOf([anchor.batchId]) })),
          ...(targets.unanchored.length > 0 ? [{ writer: session.writer, ids: idsOf(targets.unanchored) }] : []),
        ];
        for (const { writer, ids } of runs) {
          const result: ChangeStatusReturnType = await action.run({
            store: session.store,
            writer,
            credentials: ids,
            reason,
            note: options.note,
            ...(maxGasPerTransaction === undefined ? {} : { maxGasPerTransaction }),
            onProgress: (done, total) => bar.update(done, total),
          });
          changes.push(...result.changes.map((change) => ({ ...change, chain: writer.registry.chain, registry: writer.registry.address, learner: learners.get(change.credentialId)! })));
          gasUsed += result.gasUsed;
          transactions += result.transactions;
        }
      } finally {
        await targets.close();
      }
    } finally {
      bar.stop();
      await session.close();
    }
    if (changes.length === 0 && unreached.length === 0) throw new CliError(`nothing to ${name}`);
    emit(options, { kind: name, changes, gasUsed, transactions, unreached }, () => {
      // The learner as the registrar knows them; the credential's urn:uuid id stays in --json.
      const rows = changes.map((c) => [`${c.learner.name} (${c.learner.id})`, c.batchId, c.index, c.chain, c.outcome === 'unchanged' ? `already ${action.done}` : action.done, c.txHash ? shortHex(c.txHash) : '']);
      const done = changes.filter((c) => c.outcome !== 'unchanged').length;
      const why = reason === 0 || name === 'unsuspend' ? '' : ` (${statusReasonInWords(reason)})`;
      const summary = `${action.done[0]!.toUpperCase()}${action.done.slice(1)} ${done} credential${done === 1 ? '' : 's'}${why}, ${changes.length - done} already ${action.done}; gas used ${gasUsed}${transactions > 1 ? ` in ${transactions} transactions` : ''}.`;
      return `${table(['learner', 'batch', 'index', 'chain', 'result', 'transaction'], rows, { shrink: [0] })}\n\n${summary}`;
    });
    reportUnreached(unreached, action.done, options);
  });
}

/** The least gas a transaction can have (its intrinsic cost), so no smaller limit could ever be met. */
const INTRINSIC_GAS = 21_000n;

/** `--max-gas-per-transaction`: a whole number of gas, at least a transaction's intrinsic 21,000. */
function parseGasLimit(value: string): bigint {
  if (/^\d+$/.test(value) && BigInt(value) >= INTRINSIC_GAS) return BigInt(value);
  throw new CliError(`--max-gas-per-transaction: "${value}" is not a whole number of gas of at least ${INTRINSIC_GAS}`, 1, undefined, { code: 'usage' });
}
