// Helpers for the end-to-end tests: the real `bin/microcred` run as a child process, and `hardhat node`
// servers that can be stopped and started again on the same port.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { type Address, type Hex, createPublicClient, createWalletClient, getAbiItem, getAddress, http } from 'viem';
import { type AnchoredCredential, type IdentityObject, credentialRegistryAbi, deployRegistry } from '../../src/index.js';
import { type HardhatNode, startHardhatNode } from '../../scripts/dev/hardhatNode.js';

import { REPO_ROOT } from './repo.js';

export { REPO_ROOT };
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

// ---------------------------------------------------------------------------------------------------------
// The CLI's end-to-end files (test/e2e/cli/): rosters, JSON output, exits, and one chain per file.

export const ACHIEVEMENT = path.join(REPO_ROOT, 'examples/achievement.json');
/** The example roster: 25 learners. */
export const ROSTER = path.join(REPO_ROOT, 'examples/roster.csv');
export const CHAIN = 'eip155:31337';
/** A stack trace line, which a user should never see. */
export const STACK_LINE = /^\s+at .+[(:]\d+/m;

export interface Learner {
  id: string;
  name: string;
  email: string;
  valid_from: string;
  valid_until: string;
}

/** `n` learners with the columns of examples/roster.csv, some with commas, quotes and accents in names. */
export function learners(n: number, prefix = 'L'): Learner[] {
  const names = ['Amara Okafor', 'García Márquez, Lucía', 'Jean-Baptiste "JB" Moreau', 'Siobhán O\'Connor', 'Wei Zhang', 'Ngozi Adichie-Ọlá'];
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${String(i + 1).padStart(5, '0')}`,
    name: `${names[i % names.length]} ${i + 1}`,
    email: i % 9 === 8 ? '' : `learner${i + 1}@students.example.edu`,
    valid_from: '2025-01-15',
    valid_until: i % 10 === 3 ? '2035-06-30' : '',
  }));
}

export function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function toCsv(rows: Learner[]): string {
  const header = 'id,name,email,valid_from,valid_until';
  return `${[header, ...rows.map((r) => [r.id, r.name, r.email, r.valid_from, r.valid_until].map(csvField).join(','))].join('\n')}\n`;
}

export interface VerdictJson {
  file: string;
  status: string;
  ok: boolean;
  summary: string;
  issuer?: string;
  checks: { name: string; outcome: string; message: string }[];
  anchors: { chain: string; registry: string; anchoredAt?: string; error?: string }[];
}

export interface StatusJson {
  registries: { chain: string; address: string }[];
  batches: {
    id: string;
    state: string;
    size: number;
    counts: Record<string, number | boolean>;
    anchors: { chain: string; registry: string; state: string; txHash?: string }[];
  }[];
}

export interface IssueJson {
  batchId: string;
  issuer: string;
  root: Hex;
  size: number;
  dir: string;
  credentials: { file: string; learnerId: string; index: number }[];
}

/** Parses stdout of a `--json` run, failing with the whole run described if it isn't JSON. */
export function json<T>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`expected JSON on stdout\n${describeRun(run)}`);
  }
}

export function expectExit(run: CliRun, code: 0 | 'failure'): void {
  if (code === 0) expect(run.code, describeRun(run)).to.equal(0);
  else {
    expect(run.timedOut, describeRun(run)).to.equal(false);
    expect(run.code, describeRun(run)).to.be.a('number').and.not.equal(0);
  }
}

export function expectNoStackTrace(run: CliRun): void {
  expect(run.stderr, `a stack trace reached the user\n${describeRun(run)}`).not.to.match(STACK_LINE);
  expect(run.stdout, `a stack trace reached the user\n${describeRun(run)}`).not.to.match(STACK_LINE);
}

export function readCredential(file: string): AnchoredCredential & { credentialSubject: { identifier: IdentityObject[] } } {
  return JSON.parse(readFileSync(file, 'utf8'));
}

export function byStatus(verdicts: VerdictJson[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const verdict of verdicts) counts[verdict.status] = (counts[verdict.status] ?? 0) + 1;
  return counts;
}

export async function anchoredEvents(url: string, registry: Address, issuer: Address, root: Hex) {
  const client = createPublicClient({ transport: http(url, { retryCount: 0 }) });
  return client.getLogs({
    address: registry,
    event: getAbiItem({ abi: credentialRegistryAbi, name: 'BatchAnchored' }),
    args: { issuer, root },
    fromBlock: 0n,
  });
}

export interface CliChain {
  node: LocalNode;
  rpcArgs: string[];
  accounts: Address[];
  /** A registry deployed with the SDK, for scenarios that don't exercise `deploy` themselves. */
  sharedRegistry: Address;
}

/**
 * One `hardhat node` for a test file's CLI runs, with a registry deployed by the SDK (handed to `ready` once
 * up), temporary folders removed after the file, and one small anchored batch (20 learners) that scenarios
 * take copies of, made once. Registers its own before/after hooks in the calling describe.
 */
export function useCliChain(ready: (chain: CliChain) => void) {
  let chain: CliChain;
  const cleanups: (() => void)[] = [];
  const workDir = (prefix: string) => {
    const temp = tempDir(`microcred-e2e-${prefix}-`);
    cleanups.push(temp.cleanup);
    return temp.dir;
  };
  before(async function () {
    this.timeout(90_000);
    const node = await startNode();
    const transport = http(node.url, { retryCount: 0 });
    const client = createPublicClient({ transport, pollingInterval: 50 });
    const accounts = (await client.request({ method: 'eth_accounts' } as never)) as Address[];
    const wallet = createWalletClient({ account: getAddress(accounts[0]!), transport });
    const sharedRegistry = (await deployRegistry(client as never, wallet)).address;
    chain = { node, rpcArgs: ['--rpc-url', node.url], accounts, sharedRegistry };
    ready(chain);
  });
  after(async () => {
    await chain?.node.stop();
    await killAll();
    for (const cleanup of cleanups) cleanup();
  });
  let small: Promise<{ dir: string; issued: IssueJson }> | undefined;
  const smallBatch = () => {
    small ??= (async () => {
      const dir = workDir('small');
      writeFileSync(path.join(dir, 'roster.csv'), toCsv(learners(20, 'S')));
      const issue = await runCli(['issue', 'roster.csv', '--achievement', ACHIEVEMENT, ...chain.rpcArgs, '--json'], dir);
      expectExit(issue, 0);
      const anchor = await runCli(['anchor', ...chain.rpcArgs, '--registry', chain.sharedRegistry], dir);
      expectExit(anchor, 0);
      return { dir, issued: json<IssueJson>(issue) };
    })();
    return small;
  };
  return { workDir, smallBatch };
}

/** Temporary folders for a test file that needs no chain, removed after it. */
export function useWorkDirs() {
  const cleanups: (() => void)[] = [];
  after(async () => {
    await killAll();
    for (const cleanup of cleanups) cleanup();
  });
  return (prefix: string) => {
    const temp = tempDir(`microcred-e2e-${prefix}-`);
    cleanups.push(temp.cleanup);
    return temp.dir;
  };
}
