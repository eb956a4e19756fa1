import { InvalidArgumentError } from '../core/errors.js';

/**
 * A skills passport is a JSON array of credentials; a credential file holds one credential. Both reach a
 * verifier as text (a file on disk, a file dropped on the web page), and each credential keeps the name
 * of where it came from so a verdict can point at it: `file` for a single credential, `file[i]` for the
 * i-th entry of a passport.
 */
export interface SourcedCredential {
  /** `file`, or `file[i]` for a passport entry. */
  source: string;
  credential: unknown;
}

/** A credential file or passport that is not JSON at all: nothing in it can be verified. */
export class CredentialTextError extends InvalidArgumentError {
  override name = 'CredentialTextError';
  constructor(readonly source: string, reason: string) {
    super(`${source}: not valid JSON (${reason})`);
  }
}

/**
 * The credentials in one file's text: one credential, or each entry of a passport.
 * Only JSON syntax is checked here; each credential's shape is the verifier's `integrity` check.
 *
 * @throws CredentialTextError when the text is not JSON
 */
export function credentialsFromText(text: string, source: string): SourcedCredential[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CredentialTextError(source, (error as Error).message);
  }
  if (!Array.isArray(parsed)) return [{ source, credential: parsed }];
  return parsed.map((credential, i) => ({ source: `${source}[${i}]`, credential }));
}
