import { InvalidArgumentError } from '../core/errors.js';

/**
 * The most credentials one verification takes (a passport, or every file given at once). Each costs a
 * schema check, a digest and a Merkle proof offline, then a share of the chain reads: 100,000 is far more
 * than any person's passport or one batch check, and still finishes in minutes.
 */
export const MAX_PASSPORT_CREDENTIALS = 100_000;

/**
 * The most credential text one file or paste may hold: 100 MB (10^8 bytes), room for 100,000 credentials
 * of 1 KB each. Text given as a string is measured in UTF-16 code units, never more than its UTF-8 bytes,
 * so anything a file within the limit holds passes.
 */
export const MAX_CREDENTIAL_TEXT_BYTES = 100_000_000;

/** Input over one of the limits above, refused before any of it is parsed or verified. */
export class PassportLimitError extends InvalidArgumentError {
  override name = 'PassportLimitError';
  constructor(readonly source: string | undefined, shortMessage: string) {
    super(source === undefined ? shortMessage : `${source}: ${shortMessage}`);
  }
}

/**
 * Refuses a verification of more than `MAX_PASSPORT_CREDENTIALS` credentials, at once (call it before any
 * work). `source` names the file or paste when the count is one's.
 *
 * @throws PassportLimitError
 * @example
 * assertPassportSize(credentials.length)
 */
export function assertPassportSize(count: number, source?: string): void {
  if (count > MAX_PASSPORT_CREDENTIALS) throw tooManyCredentials(fmt(count), source);
}

/** The refusal of `count` credentials (a number, or `more than 100,000` when counting stopped at the limit). */
export function tooManyCredentials(count: string, source?: string): PassportLimitError {
  return new PassportLimitError(source, `${count} credentials; at most ${fmt(MAX_PASSPORT_CREDENTIALS)} are verified at once: split the passport`);
}

/**
 * Refuses more than `MAX_CREDENTIAL_TEXT_BYTES` of credential text from `source` (a file's size, a
 * paste's length), before it is read.
 *
 * @throws PassportLimitError
 */
export function assertCredentialTextSize(bytes: number, source: string): void {
  if (bytes > MAX_CREDENTIAL_TEXT_BYTES) {
    throw new PassportLimitError(source, `${fmt(bytes)} bytes of credential text; at most ${fmt(MAX_CREDENTIAL_TEXT_BYTES)} (100 MB) are read from one file or paste`);
  }
}

export const fmt = (n: number) => n.toLocaleString('en-US');
