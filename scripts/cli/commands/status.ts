import type { Command } from 'commander';
import { CliError, emit, table } from '../output.js';
import { openIssuedStore } from '../store.js';

/** `microcred status [credential...]`: what the local store knows — batches, or given credentials' history. */
export function registerStatus(program: Command): void {
  program
    .command('status')
    .description("show the local store: batches and their anchors, or a credential's record and actions")
    .argument('[credentials...]', 'credential ids, files or learner ids to look up')
    .option('--json', 'print as JSON')
    .action((refs: string[], options: { json?: boolean }) => {
      const store = openIssuedStore();
      try {
        if (refs.length === 0) {
          const batches = store.batches.list().map((batch) => ({
            ...batch,
            counts: store.batches.counts(batch.id),
            anchors: store.anchors.forBatch(batch.id),
            revocations: store.batchRevocations.forBatch(batch.id),
          }));
          emit(options, { registries: store.registries.list(), batches }, () => {
            if (batches.length === 0) return 'No batches yet: issue one with `microcred issue <roster> --achievement <file>`.';
            const rows = batches.map((b) => [
              b.id,
              b.size,
              b.counts.batchRevoked ? `${b.state}, revoked` : b.state,
              b.anchors.map((a) => `${a.chain} ${a.state}${a.anchoredAt ? ` ${a.anchoredAt}` : ''}`).join('; ') || '-',
              Object.entries(b.counts).filter(([, n]) => typeof n === 'number' && n > 0).map(([k, n]) => `${k} ${n}`).join(', ') || '-',
              b.dir,
            ]);
            return table(['batch', 'size', 'state', 'anchors', 'counts', 'files'], rows);
          });
          return;
        }
        const found = refs.map((ref) => {
          const credentials = store.credentials.get(ref) ? [store.credentials.get(ref)!] : store.credentials.byLearner(ref);
          const byFile = credentials.length ? credentials : [store.credentials.byFile(ref)].filter((c) => c !== undefined);
          if (byFile.length === 0) throw new CliError(`${ref}: no credential with that id, learner id or file in this store`);
          return byFile.map((credential) => ({
            ...credential,
            actions: store.actions.forCredential(credential.id),
            batchRevocations: store.batchRevocations.forBatch(credential.batchId),
          }));
        }).flat();
        emit(options, found, () =>
          table(
            ['credential', 'learner', 'batch', 'index', 'actions', 'file'],
            found.map((c) => {
              const actions = [...c.actions.map((a) => `${a.kind}:${a.state}`), ...c.batchRevocations.map((r) => `batch revoke:${r.state}`)];
              return [c.id, `${c.learnerId} ${c.learnerName}`, c.batchId, c.index, actions.join(', ') || '-', c.file];
            }),
          ),
        );
      } finally {
        store.close();
      }
    });
}
