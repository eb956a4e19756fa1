import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Hex } from 'viem';
import { InvariantError } from '../../core/errors.js';
import { TEMP_SUFFIX, removeStaleTemps } from './atomicFiles.js';

/** A salted credential as the spool gives it back: its fields, and the length of its text in the spool's texts file. */
export type SpooledRecord = Omit<SpooledCredential, 'text'> & { textLength: number };

/** Bytes of a spool's texts file: where a part's texts are, for whoever writes its files (another thread, say). */
export interface SpoolRange {
  file: string;
  offset: number;
  length: number;
}

/** A part of the spool as `read` gives it: its records, and where their texts are, back to back in order. */
export interface SpooledPart {
  records: SpooledRecord[];
  texts: SpoolRange;
}

/** Spool records encoded where they were made (`encodeSpooled`), for `appendEncoded`. */
export interface EncodedSpool {
  /** Each record's line: its fields, and its text's length in UTF-8 bytes. */
  lines: Uint8Array<ArrayBuffer>;
  /** The records' texts, back to back. */
  texts: Uint8Array<ArrayBuffer>;
}

/** One salted credential, kept on disk between the two passes of `issueRoster`. */
export interface SpooledCredential {
  learnerId: string;
  learnerName: string;
  learnerEmail: string | undefined;
  /** The credential's `id`. */
  id: string;
  digest: Hex;
  salts: Record<string, Hex>;
  /** `JSON.stringify(credential, null, 2)`: how the credential file begins. */
  text: string;
}

// Writes are gathered into pieces of this size: one write(2) per ~200 credentials, not one each.
const BUFFER_CHARS = 1 << 20;
// Records are read this many bytes at a time (more when a record's line is longer).
const READ_BYTES = 1 << 20;
const NEWLINE = 0x0a;

/**
 * The spool records of `credentials`, as bytes: what `append` writes for each, for a thread that salts
 * credentials to hand the main thread ready to write (`appendEncoded`), encoded where it was made.
 */
export function encodeSpooled(credentials: readonly SpooledCredential[]): EncodedSpool {
  // Each string is encoded once, straight into buffers of their own (to transfer): no per-text Buffer, no concat.
  const textLengths = credentials.map(({ text }) => Buffer.byteLength(text, 'utf8'));
  const lines = credentials.map((credential, i) => `${recordLine(credential, textLengths[i]!)}\n`).join('');
  const texts = Buffer.from(new ArrayBuffer(textLengths.reduce((total, length) => total + length, 0)));
  let at = 0;
  for (const { text } of credentials) at += texts.write(text, at, 'utf8');
  const lineBytes = Buffer.from(new ArrayBuffer(Buffer.byteLength(lines, 'utf8')));
  lineBytes.write(lines, 0, 'utf8');
  return { lines: new Uint8Array(lineBytes.buffer), texts: new Uint8Array(texts.buffer) };
}

/** A record's line: its fields, and the text's length in UTF-8 bytes, which places it in the texts file. */
function recordLine({ learnerId, learnerName, learnerEmail, id, digest, salts }: SpooledCredential, textLength: number): string {
  return JSON.stringify([learnerId, learnerName, learnerEmail ?? null, id, digest, salts, textLength]);
}

/**
 * The bytes of `range`, read from its file: for the thread that writes a part's files, so the texts of a
 * large batch never pass through the thread that reads the records.
 */
export function readSpoolTexts({ file, offset, length }: SpoolRange): Buffer {
  const bytes = Buffer.allocUnsafeSlow(length);
  const fd = openSync(file, 'r');
  try {
    for (let at = 0; at < length; ) {
      const got = readSync(fd, bytes, at, length - at, offset + at);
      if (got === 0) throw new InvariantError(`Spool ${file} ends at ${offset + at}, inside the texts asked for (${offset}..${offset + length}).`);
      at += got;
    }
  } finally {
    closeSync(fd);
  }
  return bytes;
}

/**
 * A folder of salted credentials in the order they were salted, written once and read once: the memory a
 * batch too large to hold takes between salting (which every credential must go through before the batch
 * root exists) and writing (which needs the root). It holds two files: `records`, a JSON line of each
 * credential's fields and its text's length in UTF-8 bytes, and `texts`, the texts back to back. Reading
 * the records never reads the texts (3 KB a credential against 0.3): those are read where the files are
 * written (`readSpoolTexts`). The folder is named like the writers' temp files
 * (`.issue-<random>.<pid>.microcred-tmp`), so a killed run's spool is removed by the next (`removeStaleTemps`).
 */
export class CredentialSpool {
  readonly dir: string;
  readonly #texts: string;
  #recordsFd: number;
  #textsFd: number;
  #lines: string[] = [];
  #textPieces: string[] = [];
  #buffered = 0;
  #count = 0;

  /** A new, empty spool in `dir` (the store's folder), after clearing those killed runs left there. */
  constructor(dir: string) {
    removeStaleTemps(dir);
    this.dir = path.join(dir, `.issue-${randomBytes(6).toString('hex')}.${process.pid}${TEMP_SUFFIX}`);
    mkdirSync(this.dir, { mode: 0o700 });
    this.#texts = path.join(this.dir, 'texts');
    this.#recordsFd = openSync(path.join(this.dir, 'records'), 'wx+', 0o600);
    this.#textsFd = openSync(this.#texts, 'wx+', 0o600);
  }

  get size(): number {
    return this.#count;
  }

  append(credential: SpooledCredential): void {
    const { text } = credential;
    this.#lines.push(recordLine(credential, Buffer.byteLength(text)), '\n');
    this.#textPieces.push(text);
    this.#buffered += text.length;
    this.#count++;
    if (this.#buffered >= BUFFER_CHARS) this.#flush();
  }

  /** Appends `count` records `encodeSpooled` made (on another thread, say), after those appended before. */
  appendEncoded({ lines, texts }: EncodedSpool, count: number): void {
    this.#flush();
    writeAll(this.#recordsFd, lines);
    writeAll(this.#textsFd, texts);
    this.#count += count;
  }

  /**
   * The credentials appended, in order, `size` at a time: their records, and where their texts are in the
   * texts file (read them with `readSpoolTexts`). Only the records are read here, through one reused buffer.
   */
  *read(size: number): Generator<SpooledPart, void, undefined> {
    this.#flush();
    let chunk = Buffer.allocUnsafeSlow(READ_BYTES);
    let end = 0; // bytes of `chunk` holding data
    let at = 0; // the next record's line starts here
    let position = 0; // in the records file
    let done = false;
    let textOffset = 0;
    let part: SpooledRecord[] = [];
    let partOffset = 0;
    let partLength = 0;
    for (;;) {
      const found = chunk.indexOf(NEWLINE, at);
      const newline = found < end ? found : -1;
      if (newline === -1) {
        if (done) break;
        // Keep the unread end, at the start of the buffer (grown if one line fills it), and read more after it.
        chunk.copy(chunk, 0, at, end);
        end -= at;
        at = 0;
        if (end === chunk.length) {
          const grown = Buffer.allocUnsafeSlow(2 * chunk.length);
          chunk.copy(grown, 0, 0, end);
          chunk = grown;
        }
        const got = readSync(this.#recordsFd, chunk, end, chunk.length - end, position);
        position += got;
        end += got;
        done = got === 0;
        continue;
      }
      const [learnerId, learnerName, learnerEmail, id, digest, salts, textLength] = JSON.parse(chunk.toString('utf8', at, newline)) as [string, string, string | null, string, Hex, Record<string, Hex>, number];
      at = newline + 1;
      part.push({ learnerId, learnerName, learnerEmail: learnerEmail ?? undefined, id, digest, salts, textLength });
      partLength += textLength;
      textOffset += textLength;
      if (part.length === size) {
        yield { records: part, texts: { file: this.#texts, offset: partOffset, length: partLength } };
        part = [];
        partOffset = textOffset;
        partLength = 0;
      }
    }
    if (at !== end) throw new InvariantError(`Spool ${this.dir} ends inside a record.`);
    if (part.length > 0) yield { records: part, texts: { file: this.#texts, offset: partOffset, length: partLength } };
  }

  /** Closes and deletes the spool. */
  remove(): void {
    for (const fd of [this.#recordsFd, this.#textsFd]) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  #flush(): void {
    if (this.#lines.length === 0) return;
    const lines = this.#lines.join('');
    const texts = this.#textPieces.join('');
    this.#lines = [];
    this.#textPieces = [];
    this.#buffered = 0;
    writeAll(this.#recordsFd, lines);
    writeAll(this.#textsFd, texts);
  }
}

/** Writes all of `data` at the file's end (`writeSync` may write less than asked). */
function writeAll(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
}
