import { RosterError } from './errors.js';

/** What `decodeRoster` reads when told nothing: UTF-8, the only encoding a roster is guessed to be in. */
export const DEFAULT_ROSTER_ENCODING = 'utf-8';

/**
 * A roster file's bytes as text, decoded strictly: UTF-8 (a leading BOM, as Excel's "CSV UTF-8" writes,
 * is dropped) unless `encoding` names another of the WHATWG Encoding labels Node's `TextDecoder` knows
 * (`latin1`, `windows-1252`, `utf-16le`, ...). Bytes that are not valid in that encoding refuse the whole
 * file, naming its first bad line, rather than becoming U+FFFD in a learner's name: a Latin-1 roster read
 * as UTF-8 would issue `Jos� Garc�a`, a credential that can't be corrected once anchored.
 *
 * @throws RosterError (unknown encoding, or bytes invalid in it)
 * @example
 * const text = decodeRoster(readFileSync('roster.csv'), { file: 'roster.csv', encoding: 'latin1' })
 */
export function decodeRoster(bytes: Uint8Array, { file = 'roster', encoding = DEFAULT_ROSTER_ENCODING }: { file?: string; encoding?: string } = {}): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw new RosterError(file, [
      { file, message: `unknown encoding "${encoding}": use a WHATWG encoding label such as utf-8, latin1, windows-1252 or utf-16le` },
    ]);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new RosterError(file, [{ file, row: undefined, message: invalidTextMessage(bytes, decoder.encoding) }]);
  }
}

/** Where the first invalid bytes are, by line, and what to do about it. */
function invalidTextMessage(bytes: Uint8Array, encoding: string): string {
  if (encoding !== 'utf-8') return `the file is not valid ${encoding} text: check the encoding given`;
  // UTF-16 starts with its byte order mark, FF FE or FE FF: say so rather than blame a line.
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  if (utf16) return `the file is UTF-16 text, not UTF-8: give its encoding (${utf16}; CLI: --encoding ${utf16}), or save it as "CSV UTF-8"`;
  const { line, column } = firstInvalidUtf8(bytes);
  return (
    `line ${line} is not valid UTF-8 (byte ${column} of the line); nothing was read. If the file came from Excel on ` +
    'Windows it is probably Latin-1: give that encoding (CLI: --encoding latin1), or save it as "CSV UTF-8"'
  );
}

/**
 * The 1-based line and byte column of the first invalid UTF-8. A LF byte is never part of a multi-byte
 * UTF-8 sequence, so each line can be checked on its own; only a refused file pays for this.
 */
function firstInvalidUtf8(bytes: Uint8Array): { line: number; column: number } {
  const strict = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  for (let start = 0; start <= bytes.length; line++) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline === -1 ? bytes.length : newline;
    const bytesOfLine = bytes.subarray(start, end);
    try {
      strict.decode(bytesOfLine);
    } catch {
      // The column: the longest prefix of the line that decodes, plus one.
      let valid = 0;
      while (valid < bytesOfLine.length && isValidUtf8(strict, bytesOfLine.subarray(0, valid + 1), bytesOfLine.subarray(0, valid + 4))) valid++;
      return { line, column: valid + 1 };
    }
    if (newline === -1) break;
    start = newline + 1;
  }
  return { line, column: 1 };
}

/** Whether `prefix` ends inside valid UTF-8: it decodes, or it cuts a sequence that `longer` completes. */
function isValidUtf8(decoder: TextDecoder, prefix: Uint8Array, longer: Uint8Array): boolean {
  for (const candidate of [prefix, longer.subarray(0, prefix.length + 1), longer.subarray(0, prefix.length + 2), longer]) {
    try {
      decoder.decode(candidate);
      return true;
    } catch {
      // a cut sequence: try with the next bytes
    }
  }
  return false;
}
