import { InvalidArgumentError } from '../core/errors.js';
import { isPresentation, presentationCredentials } from '../core/presentation/build.js';
import type { VerifiablePresentation } from '../core/presentation/types.js';
import { StrictJsonError, parseStrictJson } from '../core/json/index.js';
import { MAX_PASSPORT_CREDENTIALS, assertCredentialTextSize, fmt, tooManyCredentials } from './limits.js';

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
  constructor(readonly source: string, problem: string, options: { cause?: StrictJsonError } = {}) {
    super(`${source}: ${problem}`, { cause: options.cause, details: '' });
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
