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

/**
 * `canonicalJson(value)` for a string, finite number, boolean or null without going through the
 * general serializer: RFC 8785 writes these exactly as JSON.stringify does (the package itself defers to
 * it), once lone surrogates are refused. Anything else goes to `canonicalJson`.
 */
export function canonicalJsonOf(value: unknown): string {
  if (typeof value === 'string') {
    if (!(value as WellFormed).isWellFormed()) throw new InvalidArgumentError('Value cannot be written as canonical JSON.', { details: 'Lone surrogate is not allowed' });
    return JSON.stringify(value);
  }
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean' || value === null) return JSON.stringify(value);
  return canonicalJson(value);
}

// ES2024 String.prototype.isWellFormed (Node 20+, every current browser); the project's lib is ES2023.
type WellFormed = string & { isWellFormed(): boolean };
