import canonicalize from 'canonicalize';
import { InvalidArgumentError } from './errors.js';

/**
 * RFC 8785 (JSON Canonicalization Scheme) text of a JSON value: keys sorted by UTF-16 code units, no
 * whitespace, numbers in ECMAScript's shortest form, so key order and formatting never change a hash.
 * Throws `InvalidArgumentError` for what JSON cannot carry exactly (NaN, Infinity, lone surrogates,
 * cycles, `undefined` at the top).
 *
 * @example
 * canonicalJson({ b: 1, a: [true, 'x'] }) // '{"a":[true,"x"],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = canonicalize(value);
  } catch (cause) {
    throw new InvalidArgumentError('Value cannot be written as canonical JSON.', { cause });
  }
  if (text === undefined) throw new InvalidArgumentError('Value cannot be written as canonical JSON.', { details: `got ${typeof value}` });
  return text;
}
