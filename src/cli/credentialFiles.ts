import { readFile, stat } from 'node:fs/promises';
import { CredentialTextError, type PassportEntry, credentialsFromText, splitCredentialList } from '../verifier/passport.js';
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
  /**
   * Read with `listsAsText`, a passport list's entry: its JSON text, for the verifier's workers to parse
   * and check (`credential` parses it on first use, for what is shown), and the whole file's text, which
   * `unreadableReason` reads again if an entry turns out not to be strict JSON.
   */
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
 * refused whole. Nothing here contacts a chain.
 */
export async function readCredentialInputs(files: readonly string[], { listsAsText = false }: { listsAsText?: boolean } = {}): Promise<CredentialInput[]> {
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
      // A passport list is cut into its entries' texts without parsing them (`splitCredentialList`): the
      // verifier's workers parse and check each. Anything else is read here.
      const split = listsAsText ? splitCredentialList(text, file) : undefined;
      entries = split?.map(({ source, text: json, entry }) => textEntry(source, json, entry, text)) ?? credentialsFromText(text, file);
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

/** A passport entry read as text: `credential` is parsed from it on first use (its strictness is the verifier's check). */
function textEntry(source: string, text: string, entry: PassportEntry, passportText: string): ReadCredential {
  let parsed: { value: unknown } | undefined;
  return {
    source,
    entry,
    text,
    passportText,
    get credential() {
      parsed ??= { value: JSON.parse(text) as unknown };
      return parsed.value;
    },
  };
}

/**
 * Why the passport `file` (its `text`) can't be read, when the verifier found one of its entries not to be
 * strict JSON: `credentialsFromText`'s own words about the whole file, as if it had been read that way.
 */
export function unreadableReason(file: string, text: string): string {
  try {
    credentialsFromText(text, file);
  } catch (error) {
    if (error instanceof CredentialTextError || error instanceof PassportLimitError) return withoutFile(error.message, file);
    throw error;
  }
  // The whole file reads; an entry alone did not (it can't: an entry of strict JSON is strict JSON).
  return 'an entry is not valid JSON';
}

/** The library's messages start with the file's name; a row that names the file says it once. */
function withoutFile(reason: string, file: string): string {
  return reason.startsWith(`${file}: `) ? reason.slice(file.length + 2) : reason;
}
