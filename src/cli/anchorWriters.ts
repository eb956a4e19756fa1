import type { Address } from 'viem';
import { toCaip2 } from '../chain/caip.js';
import { connectRegistry } from '../chain/connect.js';
import type { RegistryWriter } from '../chain/writes.js';
import type { IssuerStore, StoredAnchor } from '../node/store/index.js';
import { type ChainConnection, connectNetwork } from './network.js';
import { CliError } from './output.js';
import type { IssuerSession, SessionOptions } from './session.js';

/** A registry a batch is anchored on, and the writer that reaches it. */
export interface AnchorTarget {
  anchor: StoredAnchor;
  writer: RegistryWriter;
}

export interface AnchorTargets {
  /** Every confirmed anchor of the batches on a chain this command is connected to. */
  reached: AnchorTarget[];
  /** Confirmed anchors on chains no connection serves: the status change can't reach them in this run. */
  unreached: StoredAnchor[];
  /** Batches the store knows no confirmed anchor of (acted on through the session's registry, which says why not). */
  unanchored: string[];
  close(): Promise<void>;
}

/**
 * Revocation and suspension must reach every registry a batch is anchored on: a verifier reading only one
 * chain sees only that chain's registry. This finds, for each batch, the anchors the store recorded and a
 * writer for each on the chains the command is connected to: the session's chain and one more per
 * `--also-rpc-url`. `--registry` narrows it to that registry.
 */
export async function anchorTargets(session: IssuerSession, batchIds: readonly string[], options: SessionOptions): Promise<AnchorTargets> {
  const extra: ChainConnection[] = [];
  const close = async () => void (await Promise.all(extra.map((connection) => connection.close())));
  try {
    const connections = new Map<string, ChainConnection>([[toCaip2(session.connection.chainId), session.connection]]);
    for (const url of options.alsoRpcUrl ?? []) {
      const connection = await connectNetwork({ rpcUrl: url, account: options.account });
      extra.push(connection);
      const chain = toCaip2(connection.chainId);
      if (connections.has(chain)) throw new CliError(`--also-rpc-url ${url} serves ${chain}, which this command is already connected to`, 1, undefined, { code: 'usage' });
      if (!connection.wallet) throw new CliError(`--also-rpc-url ${url} offers no account to sign with`, 1, undefined, { code: 'usage' });
      connections.set(chain, connection);
    }
    const targets: AnchorTargets = { reached: [], unreached: [], unanchored: [], close };
    const only = options.registry?.toLowerCase();
    for (const batchId of batchIds) {
      const anchors = confirmedAnchors(session.store, batchId).filter((anchor) => !only || anchor.registry.toLowerCase() === only);
      if (anchors.length === 0) targets.unanchored.push(batchId);
      for (const anchor of anchors) {
        const connection = connections.get(anchor.chain);
        if (!connection) {
          targets.unreached.push(anchor);
          continue;
        }
        targets.reached.push({ anchor, writer: await writerFor(session, connection, anchor.registry) });
      }
    }
    return targets;
  } catch (error) {
    await close();
    throw error;
  }
}

function confirmedAnchors(store: IssuerStore, batchId: string): StoredAnchor[] {
  return store.anchors.forBatch(batchId).filter((anchor) => anchor.state === 'confirmed');
}

async function writerFor(session: IssuerSession, connection: ChainConnection, address: Address): Promise<RegistryWriter> {
  if (connection === session.connection && address.toLowerCase() === session.writer.registry.address.toLowerCase()) return session.writer;
  // The store recorded this anchor itself: the registry is the one the issuer anchored on, whatever its code.
  const registry = await connectRegistry({ client: connection.publicClient, address, expectedChainId: connection.chainId, allow: [address] });
  return { registry, wallet: connection.wallet!, confirmations: session.writer.confirmations, replacement: session.writer.replacement };
}

/**
 * Ends a run that could not reach every registry a batch is anchored on: exit 1, and (unless the output is
 * JSON, which lists `unreached` itself) a message on stderr naming each anchor left and how to reach it.
 */
export function reportUnreached(unreached: readonly StoredAnchor[], what: string, { json }: { json?: boolean }): void {
  if (unreached.length === 0) return;
  process.exitCode = 1;
  if (json) return;
  const chains = [...new Set(unreached.map((anchor) => anchor.chain))];
  process.stderr.write(
    [
      `error: not ${what} on ${chains.join(', ')}, where the store says the batch is also anchored: a verifier reading only that chain still sees it as before.`,
      ...unreached.map((anchor) => `  batch ${anchor.batchId} on ${anchor.chain}, registry ${anchor.registry}`),
      'Rerun with --also-rpc-url <endpoint> for each of those chains (what is done already is not sent again).',
      '',
    ].join('\n'),
  );
}
