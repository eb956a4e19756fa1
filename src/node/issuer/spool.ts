import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Hex } from 'viem';
import { InvariantError } from '../../core/errors.js';
import { TEMP_SUFFIX, removeStaleTemps } from './atomicFiles.js';

/** A salted credential as the spool gives it back: its text as the file's UTF-8 bytes, decoded only where needed. */
export type SpooledRecord = Omit<SpooledCredential, 'text'> & { textBytes: Uint8Array };

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
// Reads likewise.
const READ_BYTES = 1 << 20;
const NEWLINE = 0x0a;

/**
 * The spool records of `credentials`, as bytes: what `append` writes for each, for a thread that salts
 * credentials to hand the main thread ready to write (`appendEncoded`), encoded where it was made.
 */
export function encodeSpooled(credentials: readonly SpooledCredential[]): Uint8Array<ArrayBuffer> {
  const pieces = credentials.map((credential) => Buffer.from(`${recordLine(credential)}\n${credential.text}`, 'utf8'));
  const records = new Uint8Array(pieces.reduce((total, piece) => total + piece.length, 0)); // its own buffer, to transfer
  let at = 0;
  for (const piece of pieces) {
    records.set(piece, at);
    at += piece.length;
  }
  return records;
}

/**
 * A record's first line: its fields, and the text's length in UTF-8 bytes, so reading slices the file's
 * bytes and decodes each text once (decoding whole chunks into one string and slicing that cost 15 times
 * more: 70 µs a credential against 5).
 */
function recordLine({ learnerId, learnerName, learnerEmail, id, digest, salts, text }: SpooledCredential): string {
  return JSON.stringify([learnerId, learnerName, learnerEmail ?? null, id, digest, salts, Buffer.byteLength(text)]);
}

/**
 * A file of salted credentials in the order they were salted, written once and read once: the memory a
 * batch too large to hold takes between salting (which every credential must go through before the batch
 * root exists) and writing (which needs the root). A record is a JSON line of its fields, then the
 * credential's text, whose length in UTF-8 bytes the line gives. The file is named like the writers' temp files
 * (`.issue-<random>.<pid>.microcred-tmp`), so a killed run's spool is removed by the next (`removeStaleTemps`).
 */
export class CredentialSpool {
  readonly file: string;
  #fd: number;
  #buffer: string[] = [];
  #buffered = 0;
  #count = 0;

  /** A new, empty spool in `dir` (the store's folder), after clearing those killed runs left there. */
  constructor(dir: string) {
    removeStaleTemps(dir);
    this.file = path.join(dir, `.issue-${randomBytes(6).toString('hex')}.${process.pid}${TEMP_SUFFIX}`);
    this.#fd = openSync(this.file, 'wx+', 0o600);
  }

  get size(): number {
    return this.#count;
  }

  append(credential: SpooledCredential): void {
    const line = recordLine(credential);
    this.#buffer.push(line, '\n', credential.text);
    this.#buffered += line.length + credential.text.length;
    this.#count++;
    if (this.#buffered >= BUFFER_CHARS) this.#flush();
  }

  /** Appends `count` records `encodeSpooled` made (on another thread, say), after those appended before. */
  appendEncoded(records: Uint8Array, count: number): void {
    this.#flush();
    writeSync(this.#fd, records);
    this.#count += count;
  }

  /**
   * The credentials appended, in order, `size` at a time, each text as its bytes in the file (a view: the
   * text is never decoded on this thread unless the caller does it, and a large batch's second pass then
   * makes almost no garbage here).
   */
  *read(size: number): Generator<SpooledRecord[], void, undefined> {
    this.#flush();
    const chunk = Buffer.allocUnsafe(READ_BYTES);
    let bytes = Buffer.alloc(0);
    let at = 0;
    let position = 0;
    let done = false;
    let part: SpooledRecord[] = [];
    for (;;) {
      const newline = bytes.indexOf(NEWLINE, at);
      const fields = newline === -1 ? undefined : (JSON.parse(bytes.toString('utf8', at, newline)) as [string, string, string | null, string, Hex, Record<string, Hex>, number]);
      if (fields === undefined || newline + 1 + fields[6] > bytes.length) {
        if (done) break;
        const got = readSync(this.#fd, chunk, 0, chunk.length, position);
        position += got;
        done = got === 0;
        bytes = Buffer.concat([bytes.subarray(at), chunk.subarray(0, got)]);
        at = 0;
        continue;
      }
      const [learnerId, learnerName, learnerEmail, id, digest, salts, length] = fields;
      part.push({ learnerId, learnerName, learnerEmail: learnerEmail ?? undefined, id, digest, salts, textBytes: bytes.subarray(newline + 1, newline + 1 + length) });
      at = newline + 1 + length;
      if (part.length === size) {
        yield part;
        part = [];
      }
    }
    if (at !== bytes.length) throw new InvariantError(`Spool ${this.file} ends inside a record.`);
    if (part.length > 0) yield part;
  }

  /** Closes and deletes the file. */
  remove(): void {
    try {
      closeSync(this.#fd);
    } catch {
      // already closed
    }
    rmSync(this.file, { force: true });
  }

  #flush(): void {
    if (this.#buffer.length === 0) return;
    const data = this.#buffer.join('');
    this.#buffer = [];
    this.#buffered = 0;
    writeSync(this.#fd, data);
  }
}
