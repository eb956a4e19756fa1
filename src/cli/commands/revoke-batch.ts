import type { Command } from 'commander';
import { type RevokeStoredBatchReturnType, revokeStoredBatch } from '../../node/issuer/revokeStoredBatch.js';
import type { StoredAnchor } from '../../node/store/index.js';
import { anchorTargets, reportUnreached } from '../anchorWriters.js';
import { CliError, emit, table } from '../output.js';
import { parseReason, reasonCodes } from '../reasons.js';
import { type SessionOptions, openSession, withChainOptions, withOtherChains, withReplacementOptions } from '../session.js';
import { openIssuedStore } from '../store.js';

/** `microcred revoke-batch <batch> --yes`: every credential of a batch, in one transaction; final. */
export function registerRevokeBatch(program: Command): void {
  const command = program
    .command('revoke-batch')
    .description('revoke every credential of a batch at once, in one transaction (final); needs --yes')
    .argument('<batch>', 'batch id (see `microcred status`)')
    .option('--reason <code>', `reason recorded on chain: a code 0-255 or one of ${Object.keys(reasonCodes).join(', ')}`, 'unspecified')
    .option('--note <text>', 'a note kept in the local store only (never on chain)')
    .option('--yes', 'confirm: every credential of the batch will verify as revoked, for good');
  withReplacementOptions(withOtherChains(withChainOptions(command))).action(async (batchId: string, options: SessionOptions & { reason: string; note?: string; yes?: boolean }) => {
    const reason = parseReason(options.reason);
    // Checked before any connection, so a typo or a missing --yes costs nothing and changes nothing.
    const store = openIssuedStore();
    const batch = store.batches.get(batchId);
    store.close();
    if (!batch) throw new CliError(`${batchId}: no batch with that id in this store (see \`microcred status\`)`);
    if (!options.yes) {
      throw new CliError(`revoke-batch revokes all ${batch.size} credentials of batch ${batchId}, and revocation is final: add --yes to go ahead`);
    }
    const session = await openSession(options);
    const results: RevokeStoredBatchReturnType[] = [];
    let unreached: StoredAnchor[] = [];
    try {
      const targets = await anchorTargets(session, [batchId], options);
      try {
        unreached = targets.unreached;
        // No anchor known: the session's registry is asked, and its answer says why nothing can be revoked.
        const writers = targets.reached.length > 0 || targets.unreached.length > 0 ? targets.reached.map((target) => target.writer) : [session.writer];
        for (const writer of writers) {
          results.push(
            await revokeStoredBatch({
              store: session.store,
              writer,
              batchId,
              reason,
              ...(options.note === undefined ? {} : { note: options.note }),
            }),
          );
        }
      } finally {
        await targets.close();
      }
    } finally {
      await session.close();
    }
    emit(options, results.length === 1 && unreached.length === 0 ? results[0] : { revocations: results, unreached }, () => {
      const said = { sent: 'revoked', recovered: 'already revoked on chain (recorded now)', unchanged: 'already revoked' };
      const rows = results.map((r) => [r.batchId, r.credentials, r.chain, said[r.outcome], r.reason, r.gasUsed?.toString() ?? '', r.txHash ?? '']);
      return table(['batch', 'credentials', 'chain', 'result', 'reason', 'gas', 'transaction'], rows);
    });
    reportUnreached(unreached, 'revoked', options);
  });
}
