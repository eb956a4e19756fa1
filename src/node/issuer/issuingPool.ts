import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Address, Hex } from 'viem';
import type { AnchorProof } from '../../core/anchorProof.js';
import type { BuildCredentialOptions } from '../../core/credential/build.js';
import type { AchievementTemplate } from '../../core/credential/validate.js';
import type { RegistryStatusEntry } from '../../core/credential/types.js';
import type { CredentialValidationError } from '../../core/errors.js';
import type { NodeIssuerSigner, NodeSignerKey } from '../keys/nodeSigner.js';
import type { RosterLearner } from '../roster/index.js';
import { IssuerError } from './errors.js';
import type { EncodedSpool, SpoolRange } from './spool.js';

/** A credential file to write: the credential's text before anchoring, and what anchoring adds. */
export interface CredentialFileContent {
  /** The file's name in the part's folder. */
  name: string;
  /** `JSON.stringify(credential, null, 2)` of the salted credential, without status entry or proofs (or its UTF-8 bytes). */
  text: string | Uint8Array;
  credentialStatus: RegistryStatusEntry;
  proof: AnchorProof;
}

/** What a thread is started with: the issuer's key (to sign), the issuance time, and what salting needs. */
export interface IssuingThreadData {
  key: NodeSignerKey | undefined;
  /** The credentials' `validFrom` unless a learner has one, and the signatures' `created`. */
  created: string;
  salting: SaltingOptions | undefined;
  /** One Int32 shared by the pool's threads: 1 while one of them creates files (see issuingWorker.ts). */
  folderLock: SharedArrayBuffer;
}

/** What every credential of the batch is built from, besides its learner. */
export interface SaltingOptions {
  template: AchievementTemplate;
  issuer: BuildCredentialOptions['issuer'];
  /** The batch's issuer account (`BatchBuilder.issuer`). */
  batchIssuer: Address;
}

/** A learner's credential, built and salted on a thread: its digest (the rest is in the part's spool records), or the core's objections. */
export type SaltedLearner = { digest: Hex } | { problem: Pick<CredentialValidationError, 'issues' | 'count'> };

/** Learners salted on a thread: each one's digest or objections, and the spool records of those salted, in order (`encodeSpooled`). */
export interface SaltedPart {
  learners: SaltedLearner[];
  records: EncodedSpool;
}

export type IssuingJob =
  /** Learners of the roster, the first of them the batch's credential `first`. */
  | { kind: 'salt'; job: number; first: number; learners: readonly RosterLearner[] }
  /** A part of a batch: its files, all new in `folder`; their texts, or where the thread reads them. */
  | { kind: 'write'; job: number; folder: string; files: readonly PackedFile[]; texts: Uint8Array<ArrayBuffer> | SpoolRange };

/** A file of a `write` job: its text is `length` bytes of the job's texts, after the files before it. */
export type PackedFile = Omit<CredentialFileContent, 'text'> & { length: number };

export type IssuingJobResult = { job: number; salted?: SaltedPart } | { job: number; error: { name: string; message: string; code?: string; file?: string } };

interface Pending {
  job: IssuingJob;
  resolve: (result: IssuingJobResult) => void;
  reject: (error: Error) => void;
}

/** A thread of the pool failed, or could not salt or sign a part (nothing of that part was written). */
export class IssuingThreadError extends IssuerError {
  override name = 'IssuingThreadError';
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

export interface IssuingPoolOptions {
  /** The issuer's key: each file then carries its eddsa-rdfc-2022 signature before the anchor proof. */
  signer?: NodeIssuerSigner;
  /** The issuance time: credentials' `validFrom` unless a learner has one, and the proofs' `created`. */
  created: string;
  /** What every credential is built from: needed to `salt`. */
  salting?: SaltingOptions;
  /** Threads (default: one per core). */
  threads?: number;
}

/**
 * The per-credential work of issuing a large batch, on worker threads, so the main thread only reads the
 * roster and the spool, keeps the Merkle tree and records rows:
 * - `salt(first, learners)`: each learner's credential built, validated, salted and digested, by the code
 *   of `buildCredential` and `BatchBuilder.add` (the pass before the root exists), and its spool record
 *   encoded there;
 * - `write(folder, files)`: each file signed (with a signer) and written, new, with the bytes
 *   `BatchBuilder.anchor` then `signCredentials` give (`renderCredentialFile`).
 * The signing key goes to each thread as a KeyObject, cloned in memory: it is never written anywhere. Jobs
 * go to whichever thread is free; `close()` ends the threads, and once it has resolved no thread writes
 * anything more.
 *
 * The threads run `issuingWorker.js` beside this file when it is compiled, or `issuingWorker.ts` through
 * tsx when the sources run as TypeScript (tests, `bin/microcred` in a clone).
 *
 * @example
 * const pool = new IssuingPool({ signer, created })
 * try { await Promise.all(parts.map((files) => pool.write(folder, files))) } finally { await pool.close() }
 */
export class IssuingPool {
  readonly #idle: Worker[] = [];
  readonly #all: Worker[] = [];
  readonly #queue: Pending[] = [];
  readonly #running = new Map<Worker, Pending>();
  #failure: Error | undefined;
  #next = 0;

  constructor({ signer, created, salting, threads = availableParallelism() }: IssuingPoolOptions) {
    const { file, execArgv } = workerEntry();
    const workerData: IssuingThreadData = { key: signer?.key(), created, salting, folderLock: new SharedArrayBuffer(4) };
    for (let i = 0; i < Math.max(1, threads); i++) {
      // No heap limits: a thread's heap stays near 100-150 MB (measured), and any old-space limit made V8
      // collect so often that issuing 100,000 credentials took 25 s more CPU.
      const worker = new Worker(file, { workerData, execArgv });
      worker.on('message', (result: IssuingJobResult) => this.#settle(worker, result));
      worker.on('error', (error) => this.#fail(new IssuingThreadError('An issuing thread failed.', { cause: error })));
      worker.on('exit', (code) => {
        if (this.#all.includes(worker)) this.#fail(new IssuingThreadError(`An issuing thread stopped (exit code ${code}).`));
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

  /** The credentials of `learners`, the first of them the batch's credential `first`, salted, in order. */
  async salt(first: number, learners: readonly RosterLearner[]): Promise<SaltedPart> {
    const result = await this.#run({ kind: 'salt', job: this.#next++, first, learners });
    return (result as { salted: SaltedPart }).salted;
  }

  /**
   * Signs (with a signer) and writes `files` into `folder`, none of which may exist, their texts read by
   * the thread from `texts` (a spool's, `CredentialSpool.read`): they never pass through this thread.
   */
  async writeSpooled(folder: string, files: readonly PackedFile[], texts: SpoolRange): Promise<void> {
    await this.#run({ kind: 'write', job: this.#next++, folder, files, texts });
  }

  /** Signs (with a signer) and writes `files` into `folder`, none of which may exist. */
  async write(folder: string, files: readonly CredentialFileContent[]): Promise<void> {
    // The texts go as one buffer, moved to the thread, not as strings cloned into its heap and left as
    // garbage in this one (which let this thread's heap grow to gigabytes over a million credentials).
    const bytes = files.map(({ text }) => (typeof text === 'string' ? Buffer.from(text, 'utf8') : text));
    const texts = new Uint8Array(bytes.reduce((total, piece) => total + piece.length, 0));
    let at = 0;
    for (const piece of bytes) {
      texts.set(piece, at);
      at += piece.length;
    }
    const packed = files.map(({ name, credentialStatus, proof }, i): PackedFile => ({ name, credentialStatus, proof, length: bytes[i]!.length }));
    await this.#run({ kind: 'write', job: this.#next++, folder, files: packed, texts });
  }

  /** Ends the threads (jobs still queued or running are refused). */
  async close(): Promise<void> {
    const workers = this.#all.splice(0);
    this.#fail(new IssuingThreadError('The issuing pool is closed.'));
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  #run(job: IssuingJob): Promise<IssuingJobResult> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#queue.push({ job, resolve, reject });
      this.#dispatch();
    });
  }

  #dispatch(): void {
    while (this.#idle.length > 0 && this.#queue.length > 0) {
      const worker = this.#idle.pop()!;
      const entry = this.#queue.shift()!;
      this.#running.set(worker, entry);
      worker.ref(); // busy: the process waits for its answer
      const { job } = entry;
      worker.postMessage(job, job.kind === 'write' && job.texts instanceof Uint8Array ? [job.texts.buffer] : []);
    }
  }

  #settle(worker: Worker, result: IssuingJobResult): void {
    const entry = this.#running.get(worker);
    this.#running.delete(worker);
    worker.unref();
    this.#idle.push(worker);
    if (entry) {
      const { job } = entry;
      if (!('error' in result)) entry.resolve(result);
      else if (job.kind === 'write' && result.error.file !== undefined) entry.reject(new CredentialFileWriteError(path.join(job.folder, result.error.file), result.error.code, result.error.message));
      else entry.reject(new IssuingThreadError(`An issuing thread could not ${job.kind === 'salt' ? 'salt' : 'sign'}: ${result.error.name}: ${result.error.message}`));
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
  if (!here.endsWith('.ts')) return { file: new URL('./issuingWorker.js', here), execArgv: loaders };
  // Loader hooks registered in this thread (`tsx/esm/api`'s register(), Hardhat's) do not reach a new
  // thread: it registers tsx itself, unless the process was started with it (then it inherits the flag).
  const inherited = loaders.some((arg) => /\btsx\b/.test(arg));
  return { file: new URL('./issuingWorker.ts', here), execArgv: inherited ? loaders : [...loaders, '--import', import.meta.resolve('tsx')] };
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
