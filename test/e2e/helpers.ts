// Helpers for the end-to-end tests: the real `bin/microcred` run as a child process, and `hardhat node`
// servers that can be stopped and started again on the same port.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type HardhatNode, startHardhatNode } from '../../scripts/dev/hardhatNode.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(REPO_ROOT, 'bin/microcred');

// Every child process group still alive, so a failed or timed-out test can't leave one behind.
const live = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the group: bash wrapper → tsx → node
  } catch {
    // already gone
  }
}

/** Kills every CLI run and node these helpers started that is still running. */
export async function killAll(): Promise<void> {
  const waits = [...live].map((child) => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    killGroup(child, 'SIGKILL');
  }));
  await Promise.all(waits);
  live.clear();
}

export interface CliRun {
  args: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** The run was killed for exceeding `timeoutMs`. */
  timedOut: boolean;
}

export interface RunningCli {
  child: ChildProcess;
  done: Promise<CliRun>;
}

/**
 * Starts `bin/microcred ...args` in `cwd` as a user would (the bash wrapper, not an import), in its own
 * process group so it can be killed with every process under it. It is killed after `timeoutMs`.
 */
export function startCli(args: string[], cwd: string, { timeoutMs = 120_000, env = {} }: { timeoutMs?: number; env?: Record<string, string | undefined> } = {}): RunningCli {
  const started = Date.now();
  const child = spawn(BIN, args, {
    cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // `undefined` in `env` removes a variable (e.g. CI, for a run that must look like a person's terminal).
    env: Object.fromEntries(Object.entries({ ...process.env, CI: 'true', NO_COLOR: '1', MICROCRED_DEBUG: '', ...env }).filter(([, value]) => value !== undefined)),
  });
  live.add(child);
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child, 'SIGKILL');
  }, timeoutMs);
  const done = new Promise<CliRun>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      resolve({ args, code, signal, stdout, stderr, ms: Date.now() - started, timedOut });
    });
  });
  return { child, done };
}

export function runCli(args: string[], cwd: string, options?: { timeoutMs?: number; env?: Record<string, string | undefined> }): Promise<CliRun> {
  return startCli(args, cwd, options).done;
}

/** What a failed expectation about a run should show. */
export function describeRun(run: CliRun): string {
  const tail = (text: string) => (text.length > 3000 ? `…${text.slice(-3000)}` : text);
  return `microcred ${run.args.slice(0, 6).join(' ')}${run.args.length > 6 ? ' …' : ''}\n` +
    `exit ${run.code}${run.signal ? ` (${run.signal})` : ''}${run.timedOut ? ' TIMED OUT' : ''} after ${run.ms} ms\n` +
    `stdout: ${tail(run.stdout)}\nstderr: ${tail(run.stderr)}`;
}

export function tempDir(prefix: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export { freePort } from '../../scripts/dev/hardhatNode.js';

export async function rpc<T = unknown>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

export type LocalNode = HardhatNode;

/**
 * A fresh `hardhat node` on 127.0.0.1:`port` (a free one if not given), tracked so `killAll` stops it if a
 * test fails before its own `after` does.
 */
export async function startNode(port?: number, chainId?: number): Promise<LocalNode> {
  const node = await startHardhatNode({ port, chainId });
  live.add(node.process);
  node.process.once('exit', () => live.delete(node.process));
  return node;
}

/** Polls `check` every `everyMs` until it returns true or `timeoutMs` passes; returns whether it did. */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
