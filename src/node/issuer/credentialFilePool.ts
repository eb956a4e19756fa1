import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnchorProof } from '../../core/anchorProof.js';
import type { RegistryStatusEntry } from '../../core/credential/types.js';
import { IssuerError } from './errors.js';
import type { NodeIssuerSigner } from '../keys/nodeSigner.js';

/** A credential file to write: the credential's text before anchoring, and what anchoring adds. */
export interface CredentialFileContent {
  /** The file's name in the part's folder. */
  name: string;
  /** `JSON.stringify(credential, null, 2)` of the salted credential, without status entry or proofs. */
  text: string;
  credentialStatus: RegistryStatusEntry;
  proof: AnchorProof;
}

/** A part of a batch for a thread: its files, all new in `folder`. */
export interface CredentialFileJob {
  job: number;
  folder: string;
  files: readonly CredentialFileContent[];
}

export type CredentialFileJobResult = { job: number } | { job: number; error: { name: string; message: string; code?: string; file?: string } };

interface Pending {
  job: CredentialFileJob;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** A thread of the pool failed, or could not sign a part (nothing of that part was written). */
export class SigningThreadError extends IssuerError {
  override name = 'SigningThreadError';
}

/** A thread of the pool could not write a credential file (its `code`, as Node gives it: EEXIST, ENOSPC...). */
export class CredentialFileWriteError extends IssuerError {
  override name = 'CredentialFileWriteError';
  constructor(
    readonly file: string,
    readonly code: string | undefined,
    message: string,
  ) {
    super(`Could not write ${file}: ${message}`);
  }
}

export interface CredentialFilePoolOptions {
  /** The issuer's key: each file then carries its eddsa-rdfc-2022 signature before the anchor proof. */
  signer?: NodeIssuerSigner;
  /** The proofs' `created`, as `signCredentials` takes it. */
  created: string;
  /** Threads (default: one per core when signing, else one: writing alone keeps one thread busy). */
  threads?: number;
}

/**
 * Credential files of a batch written on worker threads, signed there too when the issuer signs, so the
 * main thread only reads the spool, anchors and records rows: `write(folder, files)` writes each file, new,
 * with the bytes `BatchBuilder.anchor` then `signCredentials` give (`renderCredentialFile`). The same
 * signing code runs in each thread as on the main thread. The signing key goes to each thread as a
 * KeyObject, cloned in memory: it is never written anywhere. Parts go to whichever thread is free;
 * `close()` ends the threads, and once it has resolved no thread writes anything more.
 *
 * The threads run `credentialFileWorker.js` beside this file when it is compiled, or
 * `credentialFileWorker.ts` through tsx when the sources run as TypeScript (tests, `bin/microcred` in a clone).
 *
 * @example
 * const pool = new CredentialFilePool({ signer, created })
 * try { await Promise.all(parts.map((files) => pool.write(folder, files))) } finally { await pool.close() }
 */
export class CredentialFilePool {
  readonly #idle: Worker[] = [];
  readonly #all: Worker[] = [];
  readonly #queue: Pending[] = [];
  readonly #running = new Map<Worker, Pending>();
  #failure: Error | undefined;
  #next = 0;

  constructor({ signer, created, threads = signer ? availableParallelism() : 1 }: CredentialFilePoolOptions) {
    const { file, execArgv } = workerEntry();
    for (let i = 0; i < Math.max(1, threads); i++) {
      const worker = new Worker(file, { workerData: { key: signer?.key(), created }, execArgv });
      worker.on('message', (result: CredentialFileJobResult) => this.#settle(worker, result));
      worker.on('error', (error) => this.#fail(new SigningThreadError('A credential file thread failed.', { cause: error })));
      worker.on('exit', (code) => {
        if (this.#all.includes(worker)) this.#fail(new SigningThreadError(`A credential file thread stopped (exit code ${code}).`));
      });
      worker.unref(); // a pool left open never keeps the process alive
      this.#all.push(worker);
      this.#idle.push(worker);
    }
  }

  /** How many threads there are. */
  get threads(): number {
    return this.#all.length;
  }

  /** Signs (with a signer) and writes `files` into `folder`, none of which may exist. */
  write(folder: string, files: readonly CredentialFileContent[]): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#queue.push({ job: { job: this.#next++, folder, files }, resolve, reject });
      this.#dispatch();
    });
  }

  /** Ends the threads (parts still queued or being written are refused). */
  async close(): Promise<void> {
    const workers = this.#all.splice(0);
    this.#fail(new SigningThreadError('The credential file pool is closed.'));
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

  #settle(worker: Worker, result: CredentialFileJobResult): void {
    const entry = this.#running.get(worker);
    this.#running.delete(worker);
    worker.unref();
    this.#idle.push(worker);
    if (entry) {
      if (!('error' in result)) entry.resolve();
      else if (result.error.file === undefined) entry.reject(new SigningThreadError(`A signing thread could not sign: ${result.error.name}: ${result.error.message}`));
      else entry.reject(new CredentialFileWriteError(path.join(entry.job.folder, result.error.file), result.error.code, result.error.message));
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
  if (!here.endsWith('.ts')) return { file: new URL('./credentialFileWorker.js', here), execArgv: loaders };
  // Loader hooks registered in this thread (`tsx/esm/api`'s register(), Hardhat's) do not reach a new
  // thread: it registers tsx itself, unless the process was started with it (then it inherits the flag).
  const inherited = loaders.some((arg) => /\btsx\b/.test(arg));
  return { file: new URL('./credentialFileWorker.ts', here), execArgv: inherited ? loaders : [...loaders, '--import', import.meta.resolve('tsx')] };
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
