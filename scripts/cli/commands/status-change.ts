import type { Command } from 'commander';
import {
  type ChangeStatusReturnType,
  revokeStoredCredentials,
  suspendStoredCredentials,
  unsuspendStoredCredentials,
} from '../../../src/node/issuer/changeStatus.js';
import { CliError, emit, progress, table } from '../output.js';
import { type SessionOptions, openSession, withChainOptions } from '../session.js';
import { parseReason, reasonCodes } from '../reasons.js';

const ACTIONS = {
  revoke: { run: revokeStoredCredentials, done: 'revoked', about: 'revoke credentials (final)' },
  suspend: { run: suspendStoredCredentials, done: 'suspended', about: 'suspend credentials (reversible with unsuspend)' },
  unsuspend: { run: unsuspendStoredCredentials, done: 'unsuspended', about: 'lift the suspension of credentials' },
} as const;

/** `microcred revoke|suspend|unsuspend <credential file, id or learner id...>`: one transaction per batch touched. */
export function registerStatusChanges(program: Command): void {
  for (const [name, action] of Object.entries(ACTIONS)) {
    const command = program
      .command(name)
      .description(`${action.about}, by credential file, credential id or learner id`)
      .argument('<credentials...>', 'credential files, credential ids, or learner ids (from the roster) of learners with one credential here');
    if (name !== 'unsuspend') {
      command.option('--reason <code>', `reason recorded on chain: a code 0-255 or one of ${Object.keys(reasonCodes).join(', ')}`, 'unspecified');
    }
    command.option('--note <text>', 'a note kept in the local store only (never on chain)');
    withChainOptions(command).action(async (refs: string[], options: SessionOptions & { reason?: string; note?: string }) => {
      const reason = options.reason === undefined ? 0 : parseReason(options.reason);
      const session = await openSession(options);
      const bar = progress(name, options);
      let result: ChangeStatusReturnType;
      try {
        result = await action.run({
          store: session.store,
          writer: session.writer,
          credentials: refs,
          reason,
          note: options.note,
          onProgress: (done, total) => bar.update(done, total),
        });
      } finally {
        bar.stop();
        await session.close();
      }
      if (result.changes.length === 0) throw new CliError(`nothing to ${name}`);
      emit(options, result, () => {
        const rows = result.changes.map((c) => [c.credentialId, c.batchId, c.index, c.outcome === 'unchanged' ? `already ${action.done}` : action.done, c.txHash ?? '']);
        return `${table(['credential', 'batch', 'index', 'result', 'transaction'], rows)}\n\ngas used: ${result.gasUsed}`;
      });
    });
  }
}
