import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { type AnchorStoredBatchReturnType, anchorStoredBatch, findLostAnchors } from '../../node/issuer/anchorStoredBatch.js';
import type { StoredBatch } from '../../node/store/index.js';
import { CliError, emit, progress, table } from '../output.js';
import { type SessionOptions, openSession, withChainOptions, withReplacementOptions } from '../session.js';
import { openIssuedStore } from '../store.js';
import { readIssuerDidDocument } from '../../node/issuer/identity.js';
import { type EnsureIssuerProfileReturnType, ensureIssuerProfile } from '../../node/issuer/issuerProfile.js';

/**
 * `microcred anchor [batch...]`: anchors issued batches (default: every batch not yet anchored). Safe to
 * rerun after a crash or an RPC failure: it reconciles with the chain and never anchors twice. With no
 * batch named it lists what it will anchor and, on a terminal, asks first; elsewhere several pending
 * batches need --yes, so a mistaken batch isn't anchored along with the others unnoticed.
 */
export function registerAnchor(program: Command): void {
  withReplacementOptions(withChainOptions(
    program
      .command('anchor')
      .description('anchor issued batches on the registry (default: all not yet anchored); safe to rerun')
      .argument('[batches...]', 'batch ids (see `microcred status`)')
      .option('--yes', 'with no batch named: anchor every pending batch without asking'),
  )).action(async (batchIds: string[], options: SessionOptions & { yes?: boolean }) => {
    // Decided from the store alone, before any chain is contacted: a refusal costs nothing.
    const named = batchIds.length > 0;
    const ids = named ? batchIds : await confirmPending(options);
    const session = await openSession(options);
    const results: AnchorStoredBatchReturnType[] = [];
    const document = readIssuerDidDocument(process.cwd());
    const profiles: EnsureIssuerProfileReturnType[] = [];
    try {
      // A recent anchor whose block was reorganised away after the store confirmed it is anchored again.
      if (!named) {
        for (const lost of await findLostAnchors(session.store, session.writer)) {
          process.stderr.write(
            `Batch ${lost.batchId}: its anchor (${lost.txHash ?? 'transaction unknown'}, block ${lost.blockNumber}) is no longer on ${session.writer.registry.chain}, its block reorganised away; anchoring it again.\n`,
          );
          if (!ids.includes(lost.batchId)) ids.push(lost.batchId);
        }
        if (ids.length === 0) throw new CliError(NOTHING_PENDING);
      }
      for (const batchId of ids) {
        // The issuer's DID recorded on this chain before its first credential anchored here can be checked.
        const batch = session.store.batches.get(batchId);
        if (document && batch && !profiles.some((p) => p.outcome !== 'not-issuer')) profiles.push(await ensureIssuerProfile(session.writer, document, batch.issuer));
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
    emit(options, results, () => [...profiles.map(renderProfile), renderAnchors(results)].join('\n'));
  });
}

function renderProfile(profile: EnsureIssuerProfileReturnType): string {
  if (profile.outcome === 'set') return `Recorded ${profile.did} as this account's issuer profile (document hash ${profile.contentHash}): ${profile.txHash}`;
  if (profile.outcome === 'unchanged') return `Issuer profile: ${profile.did} (already recorded).`;
  return `Issuer profile not recorded: only the issuer's own account can record ${profile.did}; run \`microcred anchor\` once with it.`;
}

const NOTHING_PENDING = 'no batch waiting to be anchored: issue one with `microcred issue`';

/** The pending batches (not anchored, not being discarded), once the issuer agreed to anchor them all. */
async function confirmPending(options: SessionOptions & { yes?: boolean }): Promise<string[]> {
  const store = openIssuedStore();
  let pending: StoredBatch[];
  let anchored: boolean;
  try {
    const batches = store.batches.list();
    pending = batches.filter((b) => b.state !== 'anchored' && b.discardedAt === undefined);
    anchored = batches.some((b) => b.state === 'anchored');
  } finally {
    store.close();
  }
  // With anchored batches, the chain is asked whether a recent anchor was reorganised away before saying so.
  if (pending.length === 0 && !anchored) throw new CliError(NOTHING_PENDING);
  if (pending.length === 0) return [];
  const listing = pending.map((b) => `${b.id}  ${b.size} credential(s)${b.achievement ? `  ${b.achievement}` : ''}  issued ${b.createdAt.slice(0, 16).replace('T', ' ')}`);
  if (options.yes) return pending.map((b) => b.id);
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true && !options.json;
  if (!interactive) {
    // Scripts and the README's walkthrough anchor their one batch as before; several need saying so.
    if (pending.length === 1) return [pending[0]!.id];
    throw new CliError(`${pending.length} batches are waiting to be anchored; nothing was anchored. Name the ones to anchor, or add --yes to anchor them all:`, 1, listing, {
      code: 'confirmation-needed',
    });
  }
  process.stdout.write(`Batches to anchor:\n${listing.map((line) => `  ${line}`).join('\n')}\n`);
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await prompt.question(`Anchor ${pending.length === 1 ? 'this batch' : `these ${pending.length} batches`}? [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) throw new CliError('nothing was anchored', 1, undefined, { code: 'confirmation-needed' });
  } finally {
    prompt.close();
  }
  return pending.map((b) => b.id);
}

export function renderAnchors(results: AnchorStoredBatchReturnType[]): string {
  const rows = results.map((r) => [r.batchId, r.root, r.chain, r.outcome, r.gasUsed?.toString() ?? '-', r.txHash ?? '-']);
  return table(['batch', 'root', 'chain', 'result', 'gas', 'transaction'], rows);
}
