import type { Command } from 'commander';
import { type AnchorStoredBatchReturnType, anchorStoredBatch } from '../../../src/node/issuer/anchorStoredBatch.js';
import { CliError, emit, progress, table } from '../output.js';
import { type SessionOptions, openSession, withChainOptions } from '../session.js';

/**
 * `microcred anchor [batch...]`: anchors issued batches (default: every batch not yet anchored). Safe to
 * rerun after a crash or an RPC failure: it reconciles with the chain and never anchors twice.
 */
export function registerAnchor(program: Command): void {
  withChainOptions(
    program
      .command('anchor')
      .description('anchor issued batches on the registry (default: all not yet anchored); safe to rerun')
      .argument('[batches...]', 'batch ids (see `microcred status`)'),
  ).action(async (batchIds: string[], options: SessionOptions) => {
    const session = await openSession(options);
    const results: AnchorStoredBatchReturnType[] = [];
    try {
      const ids = batchIds.length > 0 ? batchIds : session.store.batches.list().filter((b) => b.state !== 'anchored').map((b) => b.id);
      if (ids.length === 0) throw new CliError('no batch waiting to be anchored: issue one with `microcred issue`');
      for (const batchId of ids) {
        const bar = progress(`anchor ${batchId}`, options);
        try {
          results.push(await anchorStoredBatch({ store: session.store, batchId, writer: session.writer, onProgress: (d, t) => bar.update(d, t) }));
        } finally {
          bar.stop();
        }
      }
    } finally {
      await session.close();
    }
    emit(options, results, () => renderAnchors(results));
  });
}

export function renderAnchors(results: AnchorStoredBatchReturnType[]): string {
  const rows = results.map((r) => [r.batchId, r.root, r.chain, r.outcome, r.gasUsed?.toString() ?? '-', r.txHash ?? '-']);
  return table(['batch', 'root', 'chain', 'result', 'gas', 'transaction'], rows);
}
