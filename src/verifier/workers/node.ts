// The offline pool on Node: worker threads (node:worker_threads). Not part of the browser-safe SDK entry
// (`microcred`); published as `microcred/workers`.
import { Worker } from 'node:worker_threads';
import { type OfflineWorkerChannel, OfflineWorkerPool, type OfflineWorkerPoolOptions } from './pool.js';

/**
 * Starts a worker thread running the offline checks: nodeWorker.js beside this file when it is compiled,
 * or nodeWorker.ts through tsx when the sources run as TypeScript (tests, `bin/microcred`).
 */
export function nodeWorkerChannel(): OfflineWorkerChannel {
  const { file, execArgv } = workerEntry();
  const worker = new Worker(file, { execArgv });
  let stopping = false;
  return {
    post: (message, transfer = []) => worker.postMessage(message, transfer),
    listen(onMessage, onFailure) {
      worker.on('message', onMessage);
      worker.on('error', onFailure);
      worker.on('messageerror', (error) => onFailure(new Error(`a message from the worker could not be read: ${error.message}`)));
      worker.on('exit', (code) => {
        if (!stopping) onFailure(new Error(`the worker thread exited (code ${code})`));
      });
    },
    terminate() {
      stopping = true;
      void worker.terminate();
    },
  };
}

/**
 * An `OfflineWorkerPool` of Node worker threads (two by default). Its threads keep the process alive:
 * `close()` it when done.
 *
 * @example
 * const pool = startNodeWorkerPool()
 * try {
 *   const verdicts = await verifySourcedCredentials(splitCredentialList(text, file)!, { client, workers: pool })
 * } finally {
 *   pool.close()
 * }
 */
export function startNodeWorkerPool(options: Omit<OfflineWorkerPoolOptions, 'spawn'> = {}): OfflineWorkerPool {
  return new OfflineWorkerPool({ ...options, spawn: () => nodeWorkerChannel() });
}

/** The worker's module, and the loader flags it needs when these sources run as TypeScript. */
function workerEntry(): { file: URL; execArgv: string[] } {
  const here = import.meta.url;
  const loaders = loaderFlags(process.execArgv);
  if (!here.endsWith('.ts')) return { file: new URL('./nodeWorker.js', here), execArgv: loaders };
  // Loader hooks registered in this thread (`tsx/esm/api`'s register(), Hardhat's) do not reach a new
  // thread: it registers tsx itself, unless the process was started with it (then it inherits the flag).
  const inherited = loaders.some((arg) => /\btsx\b/.test(arg));
  return { file: new URL('./nodeWorker.ts', here), execArgv: inherited ? loaders : [...loaders, '--import', import.meta.resolve('tsx')] };
}

/**
 * The module-loading flags of `execArgv` (`--import x`, `--require=x`, `--loader x`...): a worker refuses
 * the flags of the whole process (`--expose-gc`, `--max-old-space-size`), and needs only these. (The
 * issuer's issuing threads, src/node/issuer/issuingPool.ts, start theirs the same way: the two
 * could share this once src/node may be changed.)
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

export { MIN_POOLED_CREDENTIALS, type OfflineWorkerChannel, OfflineWorkerError, OfflineWorkerPool, type OfflineWorkerPoolOptions } from './pool.js';
