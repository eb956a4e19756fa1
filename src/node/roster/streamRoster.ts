import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { DEFAULT_ROSTER_ENCODING, decodeRoster } from './decode.js';
import { RosterError } from './errors.js';
import type { RosterLearner } from './learner.js';
import { rosterFormatOf } from './parseRoster.js';
import { RosterChecker } from './rosterChecker.js';

export interface RosterStreamOptions {
  /** The file's text encoding (default UTF-8; see `decodeRoster`). */
  encoding?: string | undefined;
  /** Bytes read at a time (default 1 MiB): the stream holds about this much text, whatever the roster's size. */
  chunkBytes?: number;
  /** Called after each chunk with the bytes read so far and the file's size. */
  onRead?: (bytesRead: number, bytesTotal: number) => void;
}

/**
 * A roster file read and checked chunk by chunk, with the same checks and the same errors as `readRoster`
 * (both use `RosterChecker`), in memory bounded by the chunk size plus each learner's id (unique ids are
 * checked over the whole roster). `learners()` gives the learners of each chunk as soon as its rows are
 * checked and throws the roster's `RosterError` once the whole file is read: a caller that must not act on
 * a bad roster only acts once the iteration has ended.
 *
 * @example
 * const roster = new RosterStream('roster.csv')
 * for await (const chunk of roster.learners()) for (const learner of chunk) build(learner)
 */
export class RosterStream {
  readonly file: string;
  readonly #options: RosterStreamOptions;
  #checker: RosterChecker | undefined;

  constructor(file: string, options: RosterStreamOptions = {}) {
    this.file = file;
    this.#options = options;
  }

  /** Problems found so far in the rows read. */
  get problems(): number {
    return this.#checker?.problems ?? 0;
  }

  /** The lower-cased ids of the learners read so far, each with its row, in roster order. */
  get learnerIds(): ReadonlyMap<string, number> {
    return this.#checker?.learnerIds ?? new Map();
  }

  async *learners(): AsyncGenerator<RosterLearner[], void, undefined> {
    const file = this.file;
    const format = rosterFormatOf(file);
    if (!format) throw new RosterError(file, [{ file, message: 'unknown roster format: the file name must end in .csv, .jsonl or .ndjson' }]);
    const encoding = this.#options.encoding ?? DEFAULT_ROSTER_ENCODING;
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(encoding, { fatal: true });
    } catch {
      return void decodeRoster(new Uint8Array(), { file, encoding }); // throws the unknown-encoding error
    }
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (error) {
      throw new RosterError(file, [{ file, message: `cannot read the file (${(error as Error).message})` }]);
    }
    const checker = new RosterChecker(file, format);
    this.#checker = checker;
    try {
      const total = fstatSync(fd).size;
      const buffer = new Uint8Array(this.#options.chunkBytes ?? 1 << 20);
      let read = 0;
      for (;;) {
        const got = readSync(fd, buffer, 0, buffer.length, null);
        read += got;
        let text: string;
        try {
          text = decoder.decode(buffer.subarray(0, got), { stream: got > 0 });
        } catch {
          // Invalid bytes: `decodeRoster` names the first bad line as it does for a whole file (a refused
          // roster is read whole once, to say where).
          decodeRoster(readFileSync(file), { file, encoding });
          throw new RosterError(file, [{ file, message: `the file is not valid ${decoder.encoding} text` }]);
        }
        const learners = checker.push(text, got === 0);
        this.#options.onRead?.(read, total);
        if (learners.length > 0) yield learners;
        if (got === 0) break;
      }
    } finally {
      closeSync(fd);
    }
    checker.finish();
  }
}
