import type { Command } from 'commander';
import { connectRegistry } from '../chain/connect.js';
import { RegistryNotFoundError } from '../chain/errors.js';
import { parseGwei } from 'viem';
import { REPLACEMENT_BUMP_PERCENT } from '../chain/fees.js';
import type { RegistryWriter, ReplacementPolicy } from '../chain/writes.js';
import { DEFAULT_CEILING_MULTIPLE, DEFAULT_REPLACE_AFTER_MS } from '../node/issuer/replaceStuck.js';
import type { IssuerStore } from '../node/store/index.js';
import { type ChainConnection, type NetworkOptions, connectNetwork } from './network.js';
import { CliError } from './output.js';
import { openIssuedStore, resolveRegistryAddress } from './store.js';

export interface SessionOptions extends NetworkOptions {
  registry?: string;
  /** Endpoints of the other chains a batch is anchored on (status changes reach every anchor). */
  alsoRpcUrl?: string[];
  confirmations?: string;
  /** Seconds a transaction may stay unmined before it is replaced (commands that write through the journal). */
  replaceAfter?: string;
  /** The most a transaction may offer per gas, in gwei. */
  maxFeePerGas?: string;
  json?: boolean;
}

/** How a command picks its chain and signing account. */
export function withNetworkOptions(command: Command): Command {
  return command
    .option('--network <name>', 'Hardhat network: localhost (`microcred chain`), sepolia, hardhat (in-process)', 'localhost')
    .option('--rpc-url <url>', 'use this JSON-RPC endpoint instead of a named network')
    .option('--account <index|address>', "the network's account that signs (the issuer or its operator)", '0');
}

/** The options every command that writes to the registry takes. */
export function withChainOptions(command: Command): Command {
  return withNetworkOptions(command)
    .option('--registry <address>', 'registry address (default: the released registry, at the same address on every chain)')
    .option('--confirmations <n>', 'blocks to wait for after inclusion', '1')
    .option('--json', 'print the result as JSON');
}

/**
 * For commands whose writes go through the journal (anchor, revoke, revoke-batch, suspend, unsuspend): when
 * a transaction not mined is replaced, and the most any of them may offer per gas.
 */
export function withReplacementOptions(command: Command): Command {
  return command
    .option('--replace-after <seconds>', `replace a transaction not mined after this long by one with the same nonce and fees raised ${REPLACEMENT_BUMP_PERCENT}%`, String(DEFAULT_REPLACE_AFTER_MS / 1000))
    .option(
      '--max-fee-per-gas <gwei>',
      `the most any transaction may offer per gas (EIP-1559 max fee, or gas price); at it, a transaction still not mined is left pending and the command stops (default: ${DEFAULT_CEILING_MULTIPLE}x the fees of the first send, or of a pending one found from an earlier run)`,
    );
}

/** For commands that change a batch's status: the endpoints of the other chains it is anchored on. */
export function withOtherChains(command: Command): Command {
  return command.option(
    '--also-rpc-url <url>',
    'JSON-RPC endpoint of another chain the batch is anchored on (repeat per chain): the change is sent on every chain the store knows the batch is anchored on',
    (value: string, previous: string[] = []) => [...previous, value],
  );
}

/** A chain connection and a writer for the resolved registry: what `accredit` and `operator` act through. */
export interface WriterSession {
  connection: ChainConnection;
  writer: RegistryWriter;
  close(): Promise<void>;
}

/** A writer session with the store of the working folder: for commands acting on what was issued here. */
export interface IssuerSession extends WriterSession {
  store: IssuerStore;
}

/**
 * The working folder's store (which must exist: `store-missing` otherwise, checked before any chain is
 * contacted) and a writer for the resolved registry.
 */
export async function openSession(options: SessionOptions): Promise<IssuerSession> {
  const store = openIssuedStore();
  try {
    const session = await openWriterSession(options);
    return {
      ...session,
      store,
      close: async () => {
        store.close();
        await session.close();
      },
    };
  } catch (error) {
    store.close();
    throw error;
  }
}

/** A writer for the resolved registry on the chosen network, without any store (nothing local is read or kept). */
export async function openWriterSession(options: SessionOptions): Promise<WriterSession> {
  let connection: ChainConnection | undefined;
  try {
    connection = await connectNetwork(options);
    if (!connection.wallet) throw new CliError(`network ${connection.name} offers no account to sign with`);
    const address = resolveRegistryAddress(options.registry);
    // A registry the issuer names itself is its own choice (a test deployment); the default must be genuine.
    const allow = options.registry === undefined ? [] : [address];
    const registry = await connectRegistry({ client: connection.publicClient, address, expectedChainId: connection.chainId, allow });
    const confirmations = Number(options.confirmations ?? 1);
    if (!Number.isInteger(confirmations) || confirmations < 1) throw new CliError('--confirmations must be a whole number ≥ 1', 1, undefined, { code: 'usage' });
    const writer: RegistryWriter = { registry, wallet: connection.wallet, confirmations, replacement: replacementPolicy(options) };
    const opened = connection;
    return { connection: opened, writer, close: () => opened.close() };
  } catch (error) {
    await connection?.close();
    if (error instanceof RegistryNotFoundError && (options.network ?? 'localhost') === 'hardhat') {
      throw new CliError(error.shortMessage, 1, [
        'The in-process chain starts empty in every command. Run `microcred chain` in another terminal and use',
        '--network localhost (the default), or run the whole flow in one process with `microcred demo`.',
      ], { cause: error, code: 'registry-not-found' });
    }
    if (error instanceof RegistryNotFoundError && options.registry === undefined) {
      throw new CliError(error.shortMessage, 1, ['Run `microcred deploy` first: it puts the registry at this address, the same on every chain.'], {
        cause: error,
        code: 'registry-not-found',
      });
    }
    throw error;
  }
}

/** `--replace-after` and `--max-fee-per-gas`, checked before any chain is contacted. */
function replacementPolicy(options: SessionOptions): ReplacementPolicy {
  const policy: ReplacementPolicy = {};
  if (options.replaceAfter !== undefined) {
    const seconds = Number(options.replaceAfter);
    if (!Number.isFinite(seconds) || seconds <= 0) throw new CliError('--replace-after must be a number of seconds > 0', 1, undefined, { code: 'usage' });
    policy.replaceAfterMs = Math.round(seconds * 1000);
  }
  if (options.maxFeePerGas !== undefined) {
    let wei: bigint | undefined;
    try {
      wei = /^\d+(\.\d+)?$/.test(options.maxFeePerGas) ? parseGwei(options.maxFeePerGas) : undefined;
    } catch {
      wei = undefined;
    }
    if (wei === undefined || wei === 0n) throw new CliError('--max-fee-per-gas must be an amount of gwei > 0 (e.g. 40 or 2.5)', 1, undefined, { code: 'usage' });
    policy.maxFeePerGas = wei;
  }
  return policy;
}
