import { InvalidArgumentError } from '../errors.js';

/**
 * did:web (https://w3c-ccg.github.io/did-method-web/): `did:web:<host>[%3A<port>][:<path segment>…]`,
 * whose document lives at `https://<host>[:<port>]/.well-known/did.json`, or at
 * `https://<host>[:<port>]/<path>/did.json` when the DID has path segments.
 */

/** A lowercase DNS host name: labels of letters, digits and inner hyphens, separated by dots. */
const HOST = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
/** A path segment as did:web writes it: unreserved characters and percent-escapes, nothing else. */
const SEGMENT = /^(?:[A-Za-z0-9._~!$&'()*+,;=@-]|%[0-9A-Fa-f]{2})+$/;

// A host (lowercase, as did:web writes it), an optional port, an optional path: `northfield.edu`, `uni.example/faculties/law`.
const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d{1,5})?(\/[\w.-]+)*$/;

/**
 * Whether a value names a did:web issuer the way people write it: a domain with at least one dot, an
 * optional port and path (`northfield.edu`, `uni.example/faculties/law`), lowercase.
 */
export function isDidWebDomain(value: string): boolean {
  return DOMAIN.test(value);
}

/** The did:web of a domain as `isDidWebDomain` accepts it (the path after the first `/`). */
export function didWebOfDomain(domain: string): string {
  const slash = domain.indexOf('/');
  return slash < 0 ? didWeb(domain) : didWeb(domain.slice(0, slash), domain.slice(slash + 1));
}

/**
 * The did:web of a domain (and optional path): the port's colon is written `%3A`, path segments are
 * separated by `:`.
 *
 * @example
 * didWeb('credentials.example.edu') // 'did:web:credentials.example.edu'
 * didWeb('example.com:3000', 'user/alice') // 'did:web:example.com%3A3000:user:alice'
 */
export function didWeb(domain: string, path?: string): string {
  const match = /^([^:]*)(?::(\d+))?$/.exec(domain);
  const host = match?.[1] ?? '';
  if (!match || !HOST.test(host)) {
    throw new InvalidArgumentError('A did:web domain must be a lowercase host name, optionally with :port, without scheme, path or spaces.', {
      details: `got ${JSON.stringify(domain)}`,
    });
  }
  const port = match[2];
  if (port !== undefined) checkPort(port, domain);
  const segments = path === undefined || path === '' ? [] : path.replace(/^\/+|\/+$/g, '').split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw new InvalidArgumentError('A did:web path must be segments separated by single slashes, without "." or "..".', { details: `got ${JSON.stringify(path)}` });
    }
  }
  return ['did:web', port === undefined ? host : `${host}%3A${port}`, ...segments.map(encodeURIComponent)].join(':');
}

/**
 * The HTTPS URL of a did:web's DID document. Throws `InvalidArgumentError` saying what is wrong with a
 * malformed DID.
 *
 * @example
 * didWebDocumentUrl('did:web:w3c-ccg.github.io') // 'https://w3c-ccg.github.io/.well-known/did.json'
 * didWebDocumentUrl('did:web:w3c-ccg.github.io:user:alice') // 'https://w3c-ccg.github.io/user/alice/did.json'
 * didWebDocumentUrl('did:web:example.com%3A3000:user:alice') // 'https://example.com:3000/user/alice/did.json'
 */
export function didWebDocumentUrl(did: string): string {
  const { authority, segments } = parseDidWeb(did);
  return segments.length === 0 ? `https://${authority}/.well-known/did.json` : `https://${authority}/${segments.join('/')}/did.json`;
}

/** The parts of a did:web: `host[:port]` (colon decoded) and the path segments (still percent-encoded). */
export function parseDidWeb(did: string): { authority: string; segments: string[] } {
  const bad = (what: string) => new InvalidArgumentError(`Not a valid did:web: ${what}.`, { details: `got ${JSON.stringify(did)}` });
  if (typeof did !== 'string' || !did.startsWith('did:web:')) throw bad('it must start with "did:web:"');
  if (/[?#/\s]/.test(did)) throw bad('a DID has no query, fragment, slash or space (pass the DID, not a DID URL)');
  const [domain = '', ...segments] = did.slice('did:web:'.length).split(':');
  const match = /^(.*?)(?:%3[aA](\d+))?$/.exec(domain)!;
  const host = match[1]!;
  if (!HOST.test(host)) throw bad(`"${host}" is not a lowercase host name`);
  if (match[2] !== undefined) checkPort(match[2], did);
  for (const segment of segments) {
    if (!SEGMENT.test(segment)) throw bad(`path segment "${segment}" is empty or holds characters a did:web cannot`);
    if (/^\.+$/.test(segment)) throw bad(`path segment "${segment}" would climb out of the path`);
  }
  return { authority: match[2] === undefined ? host : `${host}:${match[2]}`, segments };
}

function checkPort(port: string, given: string): void {
  const value = Number(port);
  if (!/^[1-9]\d{0,4}$/.test(port) || value > 65535) {
    throw new InvalidArgumentError('A did:web port must be a number from 1 to 65535.', { details: `got ${JSON.stringify(given)}` });
  }
}
