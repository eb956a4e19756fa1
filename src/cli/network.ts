import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Account,
  type Address,
  type Chain,
  type PublicClient,
  type Transport,
  type WalletClient,
  createPublicClient,
  createWalletClient,
  custom,
  getAddress,
} from 'viem';
import { RpcEndpointError, endpointLabel, isUnreachable } from '../chain/errors.js';
import { rpcTransport } from '../chain/transport.js';
import { CliError } from './output.js';

/** Root of this package (examples, package.json), from src/cli or dist/cli alike, whatever the cwd. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Hardhat and the CLI's configuration for it. Hardhat is an optional peer dependency: only the commands
 * that run or name a Hardhat network need it (`chain`, `demo`, `--network`), and the library and every
 * `--rpc-url` command work without it.
 */
export async function loadHardhat() {
  try {
    const [{ createHardhatRuntimeEnvironment }, { default: config, HARDHAT_CONFIG_FILE }] = await Promise.all([
      import('hardhat/hre'),
      import('./chain/hardhatConfig.js'),
    ]);
    return { createHardhatRuntimeEnvironment, config, configFile: HARDHAT_CONFIG_FILE };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new CliError('Hardhat networks (a local chain, --network) need Hardhat, which is not installed: npm install hardhat@3 (or use --rpc-url <url> with any node)', 1, undefined, {
      cause: error,
      code: 'usage',
    });
  }
}

/** Where `--network localhost` is: `microcred chain`'s address (the same as Hardhat's `localhost`). */
export const LOCALHOST_URL = 'http://127.0.0.1:8545';

export interface NetworkOptions {
  /** A network of hardhat.config.ts: `hardhat` (in-process, the default), `localhost`, `sepolia`... */
  network?: string;
  /** Any JSON-RPC URL instead of a named network (reads only, unless the node holds unlocked accounts). */
  rpcUrl?: string;
  /** Which of the network's accounts signs: an index (default 0) or an address. */
  account?: string;
}

export interface ChainConnection {
  name: string;
  chainId: number;
  publicClient: PublicClient;
  /** Undefined when the network offers no account to sign with. */
  wallet: WalletClient<Transport, Chain | undefined, Account> | undefined;
  close(): Promise<void>;
}

/**
 * Connects to the chain the user named. Named networks go through Hardhat, so an in-process chain,
 * `hardhat node` and a testnet whose URL and key live in Hardhat's keystore all work the same way
 * (keys are resolved by Hardhat and never pass through, or get printed by, this CLI).
 */
export async function connectNetwork(options: NetworkOptions): Promise<ChainConnection> {
  const name = options.network ?? 'hardhat';
  // `localhost` is `microcred chain` (or any node) at its one address, signing with the node's own accounts:
  // Hardhat would only pass the requests on, so it isn't loaded (a second of start-up, and not installed).
  if (options.rpcUrl || name === 'localhost') {
    // Reads retried as a public provider needs (429, 5xx, timeouts), sends never; errors name the endpoint
    // by scheme and host only, so an API key in the URL stays out of messages.
    const transport = rpcTransport(options.rpcUrl ?? LOCALHOST_URL, { timeoutMs: 15_000 });
    const publicClient = createPublicClient({ transport, batch: { multicall: false }, pollingInterval: 500 });
    const label = options.rpcUrl ? endpointLabel(options.rpcUrl) : 'network localhost';
    const chainId = await reachChain(publicClient, label);
    const wallet = await walletFor(transport, options.account);
    return { name: options.rpcUrl ? label : name, chainId, publicClient, wallet, close: async () => {} };
  }
  const { createHardhatRuntimeEnvironment, config, configFile } = await loadHardhat();
  const hre = await createHardhatRuntimeEnvironment(config, { config: configFile }, path.dirname(configFile));
  // Hardhat 3 calls its in-process network `default`; users know it as `hardhat`.
  const connection = await hre.network.create({ network: name === 'hardhat' ? 'default' : name });
  const transport = custom(connection.provider, { retryCount: 0 });
  // An HTTP network (localhost, sepolia) is read as `--rpc-url` is, with rpcTransport's retries; Hardhat's
  // provider still signs and sends, so keys from its keystore never pass through this CLI.
  const reads = connection.networkConfig.type === 'http' ? rpcTransport(await connection.networkConfig.url.getUrl(), { timeoutMs: 15_000 }) : transport;
  const publicClient = createPublicClient({ transport: reads, pollingInterval: name === 'hardhat' || name === 'default' ? 10 : 500 });
  const chainId = await reachChain(publicClient, `network ${name}`).catch(async (error: unknown) => {
    await connection.close();
    throw error;
  });
  const wallet = await walletFor(transport, options.account);
  return { name, chainId, publicClient, wallet, close: () => connection.close() };
}

/** The endpoint's chain id; an endpoint that doesn't answer is one clear sentence, not a stack trace. */
async function reachChain(client: PublicClient, label: string): Promise<number> {
  try {
    return await client.getChainId();
  } catch (error) {
    if (!isUnreachable(error)) throw error;
    // An endpoint that answered, with 429s, 5xx or garbage, is running: its own sentence says what it did.
    if (error instanceof RpcEndpointError && error.answered) throw error;
    throw new CliError(`could not reach ${label}: is the node running? (\`microcred chain\` starts one on 127.0.0.1:8545)`, 1, [
      `cause: ${(error as { shortMessage?: string }).shortMessage ?? (error as Error).message}`,
    ], { cause: error, code: 'chain-unreachable' });
  }
}

/** A wallet for `account` (index or address) among the accounts `transport` signs for; undefined when it has none. */
async function walletFor(transport: Transport, account: string | undefined): Promise<WalletClient<Transport, Chain | undefined, Account> | undefined> {
  const addresses = await createWalletClient({ transport }).getAddresses();
  let chosen: Address | undefined;
  if (account === undefined) chosen = addresses[0];
  else if (/^\d+$/.test(account)) chosen = addresses[Number(account)];
  else chosen = addresses.find((a) => a.toLowerCase() === account.toLowerCase());
  if (!chosen) {
    if (account !== undefined) throw new CliError(`--account: ${account} is not an account of this network`, 1, undefined, { code: 'usage' });
    return undefined;
  }
  return createWalletClient({ account: getAddress(chosen), transport }) as WalletClient<Transport, Chain | undefined, Account>;
}

/**
 * The address of the network's signing account (`--account`), for commands that only need to know it.
 * `instead` names the option to pass when the network offers none.
 */
export async function signingAccount(options: NetworkOptions, instead: string, code?: 'usage'): Promise<Address> {
  const connection = await connectNetwork(options);
  try {
    if (!connection.wallet) throw new CliError(`network ${connection.name} offers no account: pass ${instead} <address>`, 1, undefined, code ? { code } : undefined);
    return connection.wallet.account.address;
  } finally {
    await connection.close();
  }
}
