import { InvalidArgumentError } from '../core/errors.js';
import { isPresentation, presentationCredentials } from '../core/presentation/build.js';
import type { VerifiablePresentation } from '../core/presentation/types.js';
import { StrictJsonError, parseStrictJson } from '../core/json/index.js';
import { MAX_PASSPORT_CREDENTIALS, PassportLimitError, assertCredentialTextSize, fmt, tooManyCredentials } from './limits.js';

/**
 * A skills passport is a Verifiable Presentation signed by its holder, or a JSON array of credentials; a
 * credential file holds one credential. All reach a
 * verifier as text (a file on disk, a file dropped on the web page), and each credential keeps the name
 * of where it came from so a verdict can point at it: `file` for a single credential, `file[i]` for the
 * i-th entry of a passport.
 */
export interface SourcedCredential {
  /** `file`, or `file[i]` for a passport entry. */
  source: string;
  credential: unknown;
  /** The signed passport (Verifiable Presentation) the credential came in, if it did. */
  presentation?: VerifiablePresentation;
  /** Where in a passport it is, for a passport's entry: what groups a passport's verdicts without reading `source`. */
  entry?: PassportEntry;
  /**
   * For an entry cut from a passport list unparsed (`textCredential`): its JSON, which the verifier's
   * workers read (pass `{ text }` to `verifySourcedCredentials`), and the whole passport's text.
   */
  text?: string;
  passportText?: string;
}

/** A credential's place in a passport file (a list of credentials or a signed presentation). */
export interface PassportEntry {
  /** The passport's file (`source` without the `[i]`). */
  passport: string;
  /** Its position among the passport's credentials. */
  index: number;
}

/**
 * A credential file or passport whose text can't be read as one meaning: not JSON, a key given twice
 * (named, with its path and line), or nesting too deep. Nothing in it is verified.
 */
export class CredentialTextError extends InvalidArgumentError {
  override name = 'CredentialTextError';
  /** For a credential given to the verifier as text (`{ text }`): its position among the inputs. */
  readonly position: number | undefined;
  constructor(readonly source: string, readonly problem: string, options: { cause?: StrictJsonError; position?: number } = {}) {
    super(`${source}: ${problem}`, { cause: options.cause, details: '' });
    this.position = options.position;
  }
}

/**
 * The credentials in one file's text: one credential, or each entry of a passport. Text over
 * `MAX_CREDENTIAL_TEXT_BYTES`, or a passport of more than `MAX_PASSPORT_CREDENTIALS` entries, is refused
 * before it is parsed (the count stops at the first entry past the limit). JSON is read strictly: a key
 * given twice is refused, since `JSON.parse` keeps its last value while a person's viewer may show the first.
 * Each credential's shape is the verifier's `integrity` check, not this function's.
 *
 * @throws PassportLimitError (too large), CredentialTextError (not JSON, duplicate key, too deep)
 */
export function credentialsFromText(text: string, source: string): SourcedCredential[] {
  assertCredentialTextSize(text.length, source);
  let parsed: unknown;
  try {
    parsed = parseStrictJson(text, { maxTopLevelEntries: MAX_PASSPORT_CREDENTIALS });
  } catch (error) {
    if (!(error instanceof StrictJsonError)) throw error;
    if (error.problem === 'too-many-entries') throw tooManyCredentials(`more than ${fmt(MAX_PASSPORT_CREDENTIALS)}`, source);
    throw new CredentialTextError(source, error.shortMessage, { cause: error });
  }
  if (isPresentation(parsed)) {
    const presentation = parsed;
    const credentials = presentationCredentials(presentation);
    if (credentials.length > MAX_PASSPORT_CREDENTIALS) throw tooManyCredentials(fmt(credentials.length), source);
    return credentials.map((credential, i) => ({ source: `${source}[${i}]`, credential, presentation, entry: { passport: source, index: i } }));
  }
  if (!Array.isArray(parsed)) return [{ source, credential: parsed }];
  return parsed.map((credential, i) => ({ source: `${source}[${i}]`, credential, entry: { passport: source, index: i } }));
}

/** One entry of a passport file as its JSON text, not parsed: what worker threads are handed. */
export interface SourcedText {
  /** `file[i]`. */
  source: string;
  /** The entry's JSON (blanks around it included), a slice of the file's text. */
  text: string;
  entry: PassportEntry;
}

/**
 * The entries of a passport that is a JSON array of credentials, as text slices, without parsing them:
 * one pass that skips over strings and follows bracket depth, so that worker threads, not the caller,
 * parse and check each entry. It does not check the entries: each must then be read strictly on its own
 * (`parseStrictJson` with one level less of depth, as `verifySourcedCredentials` does for a `{ text }`
 * input), and if all are, the whole text is strict JSON and the entries are those `credentialsFromText`
 * gives. Undefined when the text is not a list (one credential, a signed presentation) or is visibly not
 * JSON: `credentialsFromText` reads it, and says what is wrong.
 *
 * @throws PassportLimitError (text too long, more than `MAX_PASSPORT_CREDENTIALS` entries)
 */
export function splitCredentialList(text: string, source: string): SourcedText[] | undefined {
  assertCredentialTextSize(text.length, source);
  let i = skipBlanks(text, 0);
  if (text.charCodeAt(i) !== OPEN_BRACKET) return undefined;
  const entries: SourcedText[] = [];
  const push = (start: number, end: number) => {
    if (entries.length === MAX_PASSPORT_CREDENTIALS) throw tooManyCredentials(`more than ${fmt(MAX_PASSPORT_CREDENTIALS)}`, source);
    const index = entries.length;
    entries.push({ source: `${source}[${index}]`, text: text.slice(start, end), entry: { passport: source, index } });
  };
  let depth = 1;
  let start = i + 1;
  // Strings are skipped by the native indexOf (most of a credential's text is in them); only the short runs
  // between them are read character by character, for brackets and commas.
  for (i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = closingQuote(text, i + 1);
      if (i === -1) return undefined;
    } else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      depth++;
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) {
      if (--depth > 0) continue;
      if (c !== CLOSE_BRACKET) return undefined;
      // The list's closing bracket: its last entry, unless it holds none (`[]`, `[ ]`); then only blanks may follow.
      if (entries.length > 0 || skipBlanks(text, start) < i) push(start, i);
      return skipBlanks(text, i + 1) === text.length ? entries : undefined;
    } else if (c === COMMA && depth === 1) {
      push(start, i);
      start = i + 1;
    }
  }
  return undefined;
}

/**
 * A passport entry cut unparsed (`splitCredentialList`) as a `SourcedCredential` whose `credential` is
 * parsed from its text on first use, for what a verifier shows: its strictness is the verifier's check,
 * which refuses the whole passport (`passportTextError`) if an entry is not strict JSON.
 */
export function textCredential({ source, text, entry }: SourcedText, passportText: string): SourcedCredential & { text: string; entry: PassportEntry } {
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
 * The error reading a whole passport gives (`credentialsFromText`), for an entry of it that the verifier
 * found not to be strict JSON (its `CredentialTextError` names the entry by position only).
 */
export function passportTextError(item: SourcedCredential): CredentialTextError | PassportLimitError {
  const file = item.entry?.passport ?? item.source;
  try {
    credentialsFromText(item.passportText ?? '', file);
  } catch (error) {
    if (error instanceof CredentialTextError || error instanceof PassportLimitError) return error;
    throw error;
  }
  // Not reached: the entries of strict JSON are strict JSON.
  return new CredentialTextError(file, `entry ${item.entry?.index ?? 0} is not valid JSON`);
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** Index of the quote closing a string whose body starts at `from` (one not escaped by an odd run of backslashes), or -1. */
function closingQuote(text: string, from: number): number {
  for (let at = text.indexOf('"', from); at !== -1; at = text.indexOf('"', at + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
  return -1;
}

/** The index of the first character from `at` that is not JSON whitespace. */
function skipBlanks(text: string, at: number): number {
  while (at < text.length) {
    const c = text.charCodeAt(at);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    at++;
  }
  return at;
}
