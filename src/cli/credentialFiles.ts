import { readFile, stat } from 'node:fs/promises';
import { CredentialTextError, type PassportEntry, credentialsFromText, passportTextError, splitCredentialList, textCredential } from '../verifier/passport.js';
import { MAX_PASSPORT_CREDENTIALS, PassportLimitError, assertCredentialTextSize, tooManyCredentials } from '../verifier/limits.js';
import type { VerifiablePresentation } from '../core/presentation/types.js';
import { CliError } from './output.js';

/** One credential read from a file: `file`, or `file[i]` for a passport's i-th entry. */
export interface ReadCredential {
  source: string;
  credential: unknown;
  /** The signed passport it came in, if it did. */
  presentation?: VerifiablePresentation;
  /** Its place in a passport file, for a passport's entry. */
  entry?: PassportEntry;
  /** Read with `textListsFrom`, a large passport list's entry: its JSON (`textCredential`) and the whole file's. */
  text?: string;
  passportText?: string;
}

/** A file named on the command line that gave no credential, and why (said without the file's name). */
export interface UnreadableFile {
  file: string;
  reason: string;
  /** The file holds valid JSON with no credential in it (`[]`): nothing is wrong with it but its emptiness. */
  empty: boolean;
}

export type CredentialInput = ({ kind: 'credential' } & ReadCredential) | ({ kind: 'unreadable' } & UnreadableFile);

/**
 * Reads credential files in order; a file holding a JSON array (a skills passport) gives each element. A
 * file that can't be read (missing, over the size limit, not JSON, a key twice, no credential in it) is
 * one `unreadable` input with the reason, and the files after it are still read: a verifier wants a
 * verdict on every good file, and each bad one named. A file over the size limit is refused by its size
 * before it is read; a file whose credentials would take the total past `MAX_PASSPORT_CREDENTIALS` is
 * refused whole. With `textListsFrom`, a list of at least that many entries is not parsed here: its
 * entries keep their text (`text`), which is what a verifier's workers read, and strict JSON is then the
 * verifier's check (an entry that isn't makes the file unreadable: `unreadableReason`). Nothing here
 * contacts a chain.
 */
export async function readCredentialInputs(files: readonly string[], { textListsFrom = Number.POSITIVE_INFINITY }: { textListsFrom?: number } = {}): Promise<CredentialInput[]> {
  const inputs: CredentialInput[] = [];
  let count = 0;
  for (const file of files) {
    const unreadable = (reason: string, empty = false) => inputs.push({ kind: 'unreadable', file, reason: withoutFile(reason, file), empty });
    let text: string;
    try {
      assertCredentialTextSize((await stat(file)).size, file);
      text = await readFile(file, 'utf8');
    } catch (error) {
      if (error instanceof PassportLimitError) unreadable(error.message);
      else unreadable((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message);
      continue;
    }
    let entries: ReadCredential[];
    try {
      // A passport list of `textListsFrom` entries or more is cut into its entries' texts without parsing
      // them (`splitCredentialList`): the verifier's workers parse and check each. Anything else is read here.
      const split = Number.isFinite(textListsFrom) ? splitCredentialList(text, file) : undefined;
      entries = split !== undefined && split.length >= textListsFrom ? split.map((entry) => textCredential(entry, text)) : credentialsFromText(text, file);
    } catch (error) {
      if (!(error instanceof CredentialTextError || error instanceof PassportLimitError)) throw error;
      unreadable(error.message);
      continue;
    }
    if (entries.length === 0) {
      unreadable('holds no credential (an empty list)', true);
      continue;
    }
    if (count + entries.length > MAX_PASSPORT_CREDENTIALS) {
      const where = count > 0 ? ' with the files before it' : '';
      unreadable(`${tooManyCredentials(String(count + entries.length)).message}${where}`);
      continue;
    }
    count += entries.length;
    for (const entry of entries) inputs.push(entry.text === undefined ? { kind: 'credential', ...entry } : Object.assign(entry, { kind: 'credential' as const }));
  }
  return inputs;
}

/**
 * The credentials of `files`, all or nothing: the first file that gives none is an error naming it
 * (`share` writes one file from them all, so a missing piece can't be skipped).
 */
export async function readCredentialFiles(files: readonly string[]): Promise<{ credentials: unknown[]; sources: string[] }> {
  const inputs = await readCredentialInputs(files);
  const bad = inputs.find((input) => input.kind === 'unreadable');
  if (bad) throw new CliError(`${bad.file}: ${bad.reason}`, 1, undefined, { code: bad.empty ? 'input-empty' : 'input-unreadable' });
  const read = inputs.filter((input) => input.kind === 'credential');
  return { credentials: read.map(({ credential }) => credential), sources: read.map(({ source }) => source) };
}

/**
 * Why the passport of `item` can't be read, when the verifier found one of its entries not to be strict
 * JSON: the words reading the whole file gives.
 */
export function unreadableReason(item: ReadCredential): string {
  const file = item.entry?.passport ?? item.source;
  return withoutFile(passportTextError(item).message, file);
}

/** The library's messages start with the file's name; a row that names the file says it once. */
function withoutFile(reason: string, file: string): string {
  return reason.startsWith(`${file}: `) ? reason.slice(file.length + 2) : reason;
}
