import type { Command } from 'commander';
import { type AnchorOnChain, anchorKey, checkAnchorsOnChain } from '../anchorsOnChain.js';
import { CliError, emit, table } from '../output.js';
import { openIssuedStore } from '../store.js';

/**
 * `microcred status [credential...]`: what the local store knows — batches, or given credentials' history.
 * Offline unless `--rpc-url`/`--network` is given: then each confirmed anchor on that chain is checked there,
 * and the command exits 1 when the chain could not be reached (the store is still shown).
 */
export function registerStatus(program: Command): void {
  program
    .command('status')
    .description("show the local store: batches and their anchors, or a credential's record and actions")
    .argument('[credentials...]', 'credential ids, files or learner ids to look up')
    .option('--network <name>', 'also check each anchor on this Hardhat network (localhost, sepolia); offline without it')
    .option('--rpc-url <url>', 'also check each anchor on the chain at this JSON-RPC endpoint')
    .option('--json', 'print as JSON')
    .action(async (refs: string[], options: { json?: boolean; network?: string; rpcUrl?: string }) => {
      const store = openIssuedStore();
      try {
        if (refs.length === 0) {
          const stored = store.batches.list().map((batch) => ({
            ...batch,
            counts: store.batches.counts(batch.id),
            anchors: store.anchors.forBatch(batch.id),
            revocations: store.batchRevocations.forBatch(batch.id),
          }));
          // Only when asked: by default status never contacts a chain (it works offline, and fast).
          const checked = options.rpcUrl !== undefined || options.network !== undefined;
          const verdicts = checked ? await checkAnchorsOnChain({ rpcUrl: options.rpcUrl, network: options.network }, stored) : new Map<string, AnchorOnChain>();
          const batches = stored.map((batch) => ({
            ...batch,
            anchors: batch.anchors.map((anchor) => ({ ...anchor, ...verdicts.get(anchorKey(anchor)) })),
          }));
          const notes = batches.flatMap((b) => b.anchors.filter((a) => a.onChainNote !== undefined).map((a) => `${b.id}: ${a.onChainNote}`));
          emit(options, { registries: store.registries.list(), batches }, () => {
            if (batches.length === 0) return 'No batches yet: issue one with `microcred issue <roster> --achievement <file>`.';
            const rows = batches.map((b) => [
              b.id,
              b.size,
              b.counts.batchRevoked ? `${b.state}, revoked` : b.state,
              b.anchors.map((a) => `${a.chain} ${a.state}${a.anchoredAt ? ` ${a.anchoredAt}` : ''}${a.onChain ? ` (on chain: ${ON_CHAIN_WORDS[a.onChain]})` : ''}`).join('; ') || '-',
              Object.entries(b.counts).filter(([, n]) => typeof n === 'number' && n > 0).map(([k, n]) => `${k} ${n}`).join(', ') || '-',
              b.dir,
            ]);
            return [table(['batch', 'size', 'state', 'anchors', 'counts', 'files'], rows), ...notes].join('\n');
          });
          // The store is shown whatever the chain did, but a check that could not be made is a failure a
          // script must see: exit 1, as `verify` does for an anchor it could not read.
          if ([...verdicts.values()].some((verdict) => verdict.onChain === 'unreachable')) process.exitCode = 1;
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

const ON_CHAIN_WORDS: Record<AnchorOnChain['onChain'], string> = {
  anchored: 'anchored',
  'missing-batch': 'batch missing',
  'missing-registry': 'registry missing',
  unreachable: 'not reachable',
};
