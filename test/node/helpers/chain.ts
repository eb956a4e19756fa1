import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { network } from 'hardhat';
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
  http,
} from 'viem';
import { type Registry, connectRegistry } from '../../../src/chain/connect.js';
import { type RegistryWriter, deployRegistry } from '../../../src/chain/writes.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface TestChain {
  client: PublicClient;
  wallet: WalletClient<Transport, Chain | undefined, Account>;
  accounts: Address[];
  registry: Registry;
  writer: RegistryWriter;
}

/** A fresh registry on Hardhat's in-process chain, signed for by its first account. */
export async function inProcessChain(): Promise<TestChain> {
  const { provider } = await network.create();
  return onTransport(custom(provider), 10);
}

/** A fresh registry on the node at `url` (e.g. a `hardhat node`). */
export async function httpChain(url: string): Promise<TestChain> {
  return onTransport(http(url, { retryCount: 0 }), 50);
}

async function onTransport(transport: Transport, pollingInterval: number): Promise<TestChain> {
  const client = createPublicClient({ transport, pollingInterval }) as PublicClient;
  const accounts = (await client.request({ method: 'eth_accounts' } as never)) as Address[];
  const wallet = createWalletClient({ account: accounts[0]!, transport });
  const { address } = await deployRegistry(client, wallet);
  const registry = await connectRegistry({ client, address });
  return { client, wallet, accounts, registry, writer: { registry, wallet } };
}

/** A signer for another of the chain's accounts, on the same registry. */
export function writerFor(chain: TestChain, account: Address, transport: Transport): RegistryWriter {
  return { registry: chain.registry, wallet: createWalletClient({ account, transport }) };
}

export interface HardhatNode {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `hardhat node` on a free 127.0.0.1 port, spawned directly (its pid is the server's, so stopping
 * it can't leave an orphan), and waits until it answers `eth_chainId`.
 */
export async function startHardhatNode(): Promise<HardhatNode> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [path.join(REPO_ROOT, 'node_modules/hardhat/dist/src/cli.js'), 'node', '--hostname', '127.0.0.1', '--port', String(port)],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true' } },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`hardhat node exited early:\n${output}`);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      });
      if (response.ok) return { url, process: child, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`hardhat node did not answer on ${url}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
