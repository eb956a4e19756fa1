import type { Command } from 'commander';
import { discardBatch } from '../../node/issuer/discardBatch.js';
import { BatchAnchoredError } from '../../node/issuer/errors.js';
import { CliError, emit } from '../output.js';
import { openIssuedStore } from '../store.js';

interface DiscardOptions {
  yes?: boolean;
  json?: boolean;
}

/**
 * `microcred discard <batch> --yes`: undoes a mistaken batch that was never anchored, files and store rows
 * (crash-safe: a rerun finishes an interrupted discard). An anchored batch can only be revoked.
 */
export function registerDiscard(program: Command): void {
  program
    .command('discard')
    .description('delete a batch that was never anchored: its credential files and its records; needs --yes')
    .argument('<batch>', 'batch id (see `microcred status`)')
    .option('--yes', 'confirm: the batch\'s credential files are deleted')
    .option('--json', 'print the result as JSON')
    .action(async (batchId: string, options: DiscardOptions) => {
      const store = openIssuedStore();
      try {
        const batch = store.batches.get(batchId);
        if (!batch) throw new CliError(`${batchId}: no batch with that id in this store (see \`microcred status\`)`, 1, undefined, { code: 'not-found' });
        // Refused before asking for --yes: an anchored batch can't be discarded however sure the issuer is.
        const anchors = store.anchors.forBatch(batchId);
        if (anchors.length > 0) throw new BatchAnchoredError(batchId, anchors);
        if (!options.yes) {
          throw new CliError(`discard deletes the ${batch.size} credential files of batch ${batchId} (${batch.dir}) and its records: add --yes to go ahead`, 1, undefined, {
            code: 'confirmation-needed',
          });
        }
        const result = await discardBatch({ store, batchId });
        emit(options, result, () =>
          [
            `Discarded batch ${result.batchId}: ${result.credentials} credentials${result.resumed ? ' (finished an interrupted discard)' : ''}`,
            result.keptFolder ? `kept   ${result.dir}: it holds files the batch did not write` : `removed ${result.dir}`,
          ].join('\n'),
        );
      } finally {
        store.close();
      }
    });
}
