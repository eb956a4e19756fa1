import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DataIntegrityProof } from '../../core/signature/types.js';
import { IssuerError } from './errors.js';
import type { NodeIssuerSigner } from '../keys/nodeSigner.js';

/** A part of a batch for a signing thread: credentials as JSON texts. */
export interface SignJob {
  job: number;
  texts: readonly string[];
}

export type SignJobResult = { job: number; proofs: DataIntegrityProof[] } | { job: number; error: string };

interface Pending {
  job: SignJob;
  resolve: (proofs: DataIntegrityProof[]) => void;
  reject: (error: Error) => void;
}

export class SigningThreadError extends IssuerError {
  override name = 'SigningThreadError';
}

export interface SigningPoolOptions {
  signer: NodeIssuerSigner;
  /** The proofs' `created`, as `signCredentials` takes it. */
  created: string;
  /** Signing threads (default: one per core). */
  threads?: number;
}

/**
 * Eddsa-rdfc-2022 signing on worker threads, so that a batch's signatures are made while the main thread
 * builds and writes: `sign(texts)` gives the proofs `signCredentials` gives for those credentials (the
 * same code runs in each thread), in order. The signing key goes to each thread as a KeyObject, cloned in
 * memory: it is never written anywhere. Jobs go to whichever thread is free; `close()` ends the threads.
 *
 * The threads run `signWorker.js` beside this file when it is compiled, or `signWorker.ts` through tsx
 * when the sources run as TypeScript (tests, `bin/microcred`).
 *
 * @example
 * const pool = new SigningPool({ signer, created })
 * try { proofs = await pool.sign(parts.map(JSON.stringify)) } finally { await pool.close() }
 */
export class SigningPool {
  readonly #idle: Worker[] = [];
  readonly #all: Worker[] = [];
  readonly #queue: Pending[] = [];
  readonly #running = new Map<Worker, Pending>();
  #failure: Error | undefined;
  #next = 0;

  constructor({ signer, created, threads = availableParallelism() }: SigningPoolOptions) {
    const { file, execArgv } = workerEntry();
    for (let i = 0; i < Math.max(1, threads); i++) {
      const worker = new Worker(file, { workerData: { key: signer.key(), created }, execArgv });
      worker.on('message', (result: SignJobResult) => this.#settle(worker, result));
      worker.on('error', (error) => this.#fail(new SigningThreadError('A signing thread failed.', { cause: error })));
      worker.on('exit', (code) => {
        if (this.#all.includes(worker)) this.#fail(new SigningThreadError(`A signing thread stopped (exit code ${code}).`));
      });
      worker.unref(); // a pool left open never keeps the process alive
      this.#all.push(worker);
      this.#idle.push(worker);
    }
  }

  /** How many signing threads there are. */
  get threads(): number {
    return this.#all.length;
  }

  /** The proofs of `texts` (each a credential's JSON; its `proof`, if any, is not signed), in order. */
  sign(texts: readonly string[]): Promise<DataIntegrityProof[]> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#queue.push({ job: { job: this.#next++, texts }, resolve, reject });
      this.#dispatch();
    });
  }

  /** Ends the threads (jobs still queued or running are refused). */
  async close(): Promise<void> {
    const workers = this.#all.splice(0);
    this.#fail(new SigningThreadError('The signing pool is closed.'));
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  #dispatch(): void {
    while (this.#idle.length > 0 && this.#queue.length > 0) {
      const worker = this.#idle.pop()!;
      const entry = this.#queue.shift()!;
      this.#running.set(worker, entry);
      worker.ref(); // busy: the process waits for its answer
      worker.postMessage(entry.job);
    }
  }

  #settle(worker: Worker, result: SignJobResult): void {
    const entry = this.#running.get(worker);
    this.#running.delete(worker);
    worker.unref();
    this.#idle.push(worker);
    if (entry) {
      if ('error' in result) entry.reject(new SigningThreadError(`A signing thread could not sign: ${result.error}`));
      else entry.resolve(result.proofs);
    }
    this.#dispatch();
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    for (const entry of [...this.#running.values(), ...this.#queue.splice(0)]) entry.reject(this.#failure);
    this.#running.clear();
  }
}

/** The worker's module, and the loader flags it needs when these sources run as TypeScript. */
function workerEntry(): { file: URL; execArgv: string[] } {
  const here = import.meta.url;
  const loaders = loaderFlags(process.execArgv);
  if (!here.endsWith('.ts')) return { file: new URL('./signWorker.js', here), execArgv: loaders };
  // Loader hooks registered in this thread (`tsx/esm/api`'s register(), Hardhat's) do not reach a new
  // thread: it registers tsx itself, unless the process was started with it (then it inherits the flag).
  const inherited = loaders.some((arg) => /\btsx\b/.test(arg));
  return { file: new URL('./signWorker.ts', here), execArgv: inherited ? loaders : [...loaders, '--import', import.meta.resolve('tsx')] };
}

/**
 * The module-loading flags of `execArgv` (`--import x`, `--require=x`, `--loader x`...): a worker refuses
 * the flags of the whole process (`--expose-gc`, `--max-old-space-size`), and needs only these.
 */
function loaderFlags(execArgv: readonly string[]): string[] {
  const flags: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!;
    const name = arg.split('=')[0]!;
    if (!['--import', '--require', '-r', '--loader', '--experimental-loader'].includes(name)) continue;
    flags.push(arg);
    if (!arg.includes('=') && i + 1 < execArgv.length) flags.push(execArgv[++i]!);
  }
  return flags;
}
