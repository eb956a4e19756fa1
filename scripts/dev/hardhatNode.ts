// One way to start a throwaway `hardhat node`, shared by the tests and the benchmarks.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const HARDHAT_CLI = path.join(REPO_ROOT, 'node_modules/hardhat/dist/src/cli.js');

export interface HardhatNode {
  url: string;
  port: number;
  process: ChildProcess;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the process has exited. */
  stop(): Promise<void>;
}

/** A port nothing listens on right now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `hardhat node` on 127.0.0.1:`port` (a free one if not given; never 0.0.0.0), spawned directly with
 * this Node so its pid is the server's and stopping it can't leave an orphan, and waits until it says it
 * listens and answers `eth_chainId`. Each start is a fresh chain (31337 unless `chainId` says otherwise).
 */
export async function startHardhatNode({ port, chainId }: { port?: number; chainId?: number } = {}): Promise<HardhatNode> {
  const chosen = port ?? (await freePort());
  const args = ['node', '--hostname', '127.0.0.1', '--port', String(chosen), ...(chainId === undefined ? [] : ['--chain-id', String(chainId)])];
  const child = spawn(process.execPath, [HARDHAT_CLI, ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CI: 'true', HARDHAT_DISABLE_TELEMETRY: 'true' },
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${chosen}`;
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
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`hardhat node exited early on port ${chosen}:\n${output}`);
    // The listening line first: an answer on the port could otherwise come from someone else's server.
    if (output.includes(`127.0.0.1:${chosen}`) && (await answersChainId(url))) {
      return { url, port: chosen, process: child, stop };
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`hardhat node did not answer on ${url}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function answersChainId(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
    });
    return response.ok;
  } catch {
    return false;
  }
}
