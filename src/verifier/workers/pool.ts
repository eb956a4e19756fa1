import type { AnchoredCredential } from '../../core/batch/types.js';
import type { DidDocument } from '../../core/did/types.js';
import { InvalidArgumentError, MicrocredError } from '../../core/errors.js';
import { type OfflineResult, checkCredentialOffline } from '../offline.js';
import { type OfflineInput, type OfflineStage, type OfflineWorkers, type OnOfflineResults, readCredentialText } from '../offlineStage.js';
import { CredentialTextError } from '../passport.js';
import { type PlainSignatureVerdict, verifySignaturesByIssuer } from '../signatures.js';
import { TextPacker } from './packedTexts.js';
import type { FromWorker, ToWorker } from './protocol.js';

/** One worker as the pool sees it, whatever its kind (a Node worker thread, a Web Worker). */
export interface OfflineWorkerChannel {
  /** Sends `message`, moving (not copying) the buffers in `transfer`. */
  post(message: ToWorker, transfer?: ArrayBuffer[]): void;
  /**
   * Delivers each message the worker sends to `onMessage`, and its failure to `onFailure`: an uncaught
   * error, an exit the pool did not ask for, a message that can't be read.
   */
  listen(onMessage: (message: FromWorker) => void, onFailure: (error: Error) => void): void;
  terminate(): void;
}

export interface OfflineWorkerPoolOptions {
  /** Starts worker number `index` (`nodeWorkerChannel`, or a Web Worker running `serveOfflineChecks`). */
  spawn: (index: number) => OfflineWorkerChannel;
  /** Workers to start (default 2: the machines this runs on have two cores or more). */
  size?: number;
  /** Fewest texts worth sending to the workers (default `MIN_POOLED_CREDENTIALS`). */
  minCredentials?: number;
}

/**
 * Below this many credentials the offline checks stay on the calling thread. A credential costs ~0.1 ms
 * to check and ~1 µs a kilobyte to copy to a worker, but a job waits for at least one message round trip
 * per worker (~0.1–1 ms on a busy machine) and a worker's start-up is tens of milliseconds (hundreds
 * when the sources run through tsx): under ~500 credentials (~50 ms of work) two workers would save
 * less than that noise. One credential never pays a worker's start-up: callers start a pool only for an
 * input this large (`microcred verify`, the web page), and the pool is asked only from this size.
 */
export const MIN_POOLED_CREDENTIALS = 500;

/**
 * Texts in the next message, `remaining` texts still to cut: an eighth of each worker's share of what
 * remains, so chunks shrink towards the end ("guided" scheduling) and the workers finish together, but
 * never under 16 or over 64 (~2–8 ms of work; a message costs ~0.03 ms). Small chunks measured faster:
 * 10,000 credentials on two workers took ~1,020 ms in chunks of up to 512 texts, ~940 in chunks of up to
 * 256, ~870 in chunks of up to 64 or 128 (`npm run bench:verify`, 2 runs each). Likely reasons, not
 * measured one by one: a chunk's texts and parsed credentials die young in the worker's heap instead of
 * being promoted and collected in full, and the first results, which start the chain reads, come sooner.
 */
function chunkSize(remaining: number, workers: number): number {
  return Math.min(64, Math.max(16, Math.ceil(remaining / (workers * 8))));
}

/** Chunks a worker is given at once: the next is already there when it sends one back. */
const IN_FLIGHT = 2;

/** A worker of the offline pool failed (crashed, exited, or threw while checking): the verification stops. */
export class OfflineWorkerError extends MicrocredError {
  override name = 'OfflineWorkerError';
}

interface Worker {
  index: number;
  channel: OfflineWorkerChannel;
  ready: boolean;
  /** The chunks it was sent and has not answered. */
  busy: Chunk[];
}

interface Chunk {
  job: Job;
  first: number;
  texts: string[];
}

interface Job {
  id: number;
  results: OfflineResult[];
  /** Positions not checked yet. */
  remaining: number;
  /** The workers that checked some of its credentials (they hold its signed ones). */
  holders: Set<Worker>;
  /** Its signed credentials checked on this thread, by position. */
  here: Map<number, AnchoredCredential>;
  finish: (error?: Error) => void;
  /** Its signature step, by worker: settled by that worker's `signed` answer. */
  signing: Map<Worker, { resolve: (verdicts: [number, PlainSignatureVerdict][]) => void; reject: (error: Error) => void }>;
  /** Set once it failed or its stage ended: nothing more is sent for it. */
  closed: boolean;
  onResults: OnOfflineResults | undefined;
}

/**
 * Worker threads (Node) or Web Workers (browser) that run a verification's offline checks (integrity:
 * strict JSON reading, schema, digest, Merkle path; then the issuer signatures) on other cores. Pass it to
 * `verifySourcedCredentials` as `workers`, with the credentials as `{ text }` (`splitCredentialList`).
 * Each worker answers with plain offline results (what the chain reads need), so the calling thread never
 * parses the texts; the signed credentials stay in the worker that parsed them until the signature step.
 * The workers start when the pool is made, so make it early (as soon as the input is known to be large);
 * until one is ready, this thread checks chunks itself, so a pool still starting never makes a verification
 * slower than one without it. A worker that fails fails every verification it was part of with an
 * `OfflineWorkerError`, and the pool with it.
 *
 * @example
 * const pool = new OfflineWorkerPool({ spawn: () => webWorkerChannel(new Worker('/offlineWorker.js', { type: 'module' })) })
 * const verdicts = await verifySourcedCredentials(splitCredentialList(text, name)!, { client, workers: pool })
 */
export class OfflineWorkerPool implements OfflineWorkers {
  readonly minCredentials: number;
  /** Credentials checked so far by the workers, and by this thread (while none was ready, or given as values). */
  readonly checked = { workers: 0, here: 0 };
  private readonly workers: Worker[];
  private readonly queue: Chunk[] = [];
  private readonly packer = new TextPacker();
  private readonly jobs = new Map<number, Job>();
  private nextJob = 1;
  private failure: OfflineWorkerError | undefined;
  /** Callers of `whenReady`, settled when the last worker is ready or the pool fails. */
  private readonly waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];

  constructor({ spawn, size = 2, minCredentials = MIN_POOLED_CREDENTIALS }: OfflineWorkerPoolOptions) {
    if (!Number.isInteger(size) || size < 1) throw new InvalidArgumentError(`OfflineWorkerPool: size ${size} is not a positive whole number of workers`);
    this.minCredentials = minCredentials;
    this.workers = Array.from({ length: size }, (_, index) => ({ index, channel: spawn(index), ready: false, busy: [] }));
    for (const worker of this.workers) {
      worker.channel.listen(
        (message) => this.receive(worker, message),
        (error) => this.fail(new OfflineWorkerError(`offline worker ${worker.index} failed: ${error.message}`, { cause: error })),
      );
    }
  }

  /** How many workers are ready to check. */
  get readyWorkers(): number {
    return this.workers.filter((worker) => worker.ready).length;
  }

  /** Resolves once every worker is ready (rejects when one fails): a bench or a page warms the pool with it. */
  whenReady(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.readyWorkers === this.workers.length) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /**
   * The offline checks of `inputs`: each `{ text }` in a worker (by chunks), each `{ credential }` here;
   * `onResults` is told each chunk's results as they come in.
   *
   * @throws CredentialTextError for a text that is not strict JSON (the first such position a worker met)
   * @throws OfflineWorkerError when a worker fails
   */
  async check(inputs: readonly OfflineInput[], onResults?: OnOfflineResults): Promise<OfflineStage> {
    if (this.failure) throw this.failure;
    let finish!: (error?: Error) => void;
    const finished = new Promise<void>((resolve, reject) => (finish = (error) => (error ? reject(error) : resolve())));
    // Awaited only after this thread's own share: marked handled now, so that a worker failing meanwhile
    // is not reported as an unhandled rejection.
    finished.catch(() => {});
    const job: Job = { id: this.nextJob++, results: new Array(inputs.length), remaining: inputs.length, holders: new Set(), here: new Map(), finish, signing: new Map(), closed: false, onResults };
    this.jobs.set(job.id, job);
    // Runs of texts go to the workers by chunks; a credential given as a value is checked here.
    let texts = inputs.filter((input) => input.text !== undefined).length;
    const chunks: Chunk[] = [];
    for (let position = 0; position < inputs.length; ) {
      if (inputs[position]!.text === undefined) {
        this.checkHere(job, position, inputs[position]!.credential, undefined);
        onResults?.(position, [job.results[position]!]);
        position++;
        continue;
      }
      const chunk: Chunk = { job, first: position, texts: [] };
      const size = chunkSize(texts, this.workers.length);
      while (position < inputs.length && chunk.texts.length < size && inputs[position]!.text !== undefined) chunk.texts.push(inputs[position++]!.text!);
      texts -= chunk.texts.length;
      chunks.push(chunk);
    }
    this.queue.push(...chunks);
    this.dispatch();
    try {
      // Until a worker is ready, this thread takes the job's chunks itself, one at a time, letting the
      // workers' messages through in between.
      while (this.readyWorkers === 0 && !job.closed) {
        const at = this.queue.findIndex((chunk) => chunk.job === job);
        if (at === -1) break;
        const [chunk] = this.queue.splice(at, 1);
        chunk!.texts.forEach((text, i) => this.checkHere(job, chunk!.first + i, undefined, text));
        onResults?.(chunk!.first, job.results.slice(chunk!.first, chunk!.first + chunk!.texts.length));
        await pause();
      }
      if (job.remaining === 0) finish();
      await finished;
    } catch (error) {
      this.end(job);
      throw error;
    }
    return this.stage(job);
  }

  /** Stops every worker; verifications still running fail. */
  close(): void {
    this.fail(new OfflineWorkerError('the offline worker pool was closed'));
  }

  /** Checks one credential on this thread (given as a value, or as text no worker was ready for). */
  private checkHere(job: Job, position: number, credential: unknown, text: string | undefined): void {
    const { result, signedCredential } = checkCredentialOffline(text === undefined ? credential : readCredentialText(text, position));
    job.results[position] = result;
    if (signedCredential !== undefined) job.here.set(position, signedCredential);
    job.remaining--;
    this.checked.here++;
  }

  private stage(job: Job): OfflineStage {
    return {
      results: job.results,
      verifySignatures: async (documents: ReadonlyMap<string, DidDocument>) => {
        if (job.closed) throw new OfflineWorkerError('the offline checks of this verification were already released');
        // No issuer document, no signature to check (unsigned credentials, did:pkh issuers): no round trip
        // to the workers, which forget the job (`end`).
        if (documents.size === 0) {
          this.end(job);
          return new Map();
        }
        const asked = [...job.holders].map(
          (worker) =>
            new Promise<[number, PlainSignatureVerdict][]>((resolve, reject) => {
              job.signing.set(worker, { resolve, reject });
              worker.channel.post({ kind: 'signatures', job: job.id, documents: new Map(documents) });
            }),
        );
        try {
          const [local, ...remote] = await Promise.all([verifySignaturesByIssuer(job.here, documents), ...asked]);
          return new Map([...local, ...remote.flat()]);
        } finally {
          job.holders.clear(); // each worker forgot the job when it answered `signatures`
          this.end(job);
        }
      },
      release: () => this.end(job),
    };
  }

  private receive(worker: Worker, message: FromWorker): void {
    if (message.kind === 'ready') {
      worker.ready = true;
      if (this.readyWorkers === this.workers.length) for (const { resolve } of this.waiting.splice(0)) resolve();
      return this.dispatch();
    }
    if (message.kind === 'checked' && message.spare !== undefined) this.packer.reuse(message.spare);
    // A chunk's answer, whatever it is, frees its place in the worker.
    if (message.kind !== 'signed' && message.first !== undefined) {
      worker.busy = worker.busy.filter((chunk) => !(chunk.job.id === message.job && chunk.first === message.first));
    }
    const job = this.jobs.get(message.job);
    if (job !== undefined && !job.closed) {
      switch (message.kind) {
        case 'checked':
          message.results.forEach((result, i) => (job.results[message.first + i] = result));
          job.remaining -= message.results.length;
          this.checked.workers += message.results.length;
          job.onResults?.(message.first, message.results);
          if (job.remaining === 0) job.finish();
          break;
        case 'signed':
          job.signing.get(worker)?.resolve(message.verdicts);
          break;
        case 'unreadable':
          this.stop(job, new CredentialTextError(`texts[${message.position}]`, message.problem, { position: message.position }));
          break;
        case 'failed':
          this.stop(job, new OfflineWorkerError(`offline worker ${worker.index} could not check the credentials: ${message.message}`));
          break;
      }
    }
    this.dispatch();
  }

  /** Fails a job (its verification) and releases it; the pool goes on. */
  private stop(job: Job, error: Error): void {
    job.finish(error);
    for (const { reject } of job.signing.values()) reject(error);
    this.end(job);
  }

  /** Gives each ready worker chunks until it has `IN_FLIGHT` of them. */
  private dispatch(): void {
    if (this.failure) return;
    for (const worker of this.workers) {
      while (worker.ready && worker.busy.length < IN_FLIGHT) {
        let chunk = this.queue.shift();
        while (chunk?.job.closed) chunk = this.queue.shift();
        if (chunk === undefined) return;
        worker.busy.push(chunk);
        chunk.job.holders.add(worker);
        const { packed, transfer } = this.packer.pack(chunk.texts);
        worker.channel.post({ kind: 'check', job: chunk.job.id, first: chunk.first, texts: packed }, transfer);
      }
    }
  }

  /** Ends a job: its workers forget its credentials; nothing more is sent for it. */
  private end(job: Job): void {
    if (job.closed) return;
    job.closed = true;
    this.jobs.delete(job.id);
    job.here.clear();
    if (!this.failure) for (const worker of job.holders) worker.channel.post({ kind: 'forget', job: job.id });
  }

  private fail(error: OfflineWorkerError): void {
    if (this.failure) return;
    this.failure = error;
    for (const job of [...this.jobs.values()]) this.stop(job, error);
    for (const { reject } of this.waiting.splice(0)) reject(error);
    this.queue.length = 0;
    for (const worker of this.workers) worker.channel.terminate();
  }
}

/** Lets pending messages through (a macrotask: both Node and browsers deliver worker messages as those). */
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
