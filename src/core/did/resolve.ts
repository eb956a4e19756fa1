import { parseStrictJson } from '../json/index.js';
import { DidResolutionError } from './errors.js';
import { didKeyDocument } from './key.js';
import type { DidDocument, ResolvedDid } from './types.js';
import { didWebDocumentUrl } from './web.js';

/** The largest DID document fetched (bytes): a real one is a few kilobytes. */
export const MAX_DID_DOCUMENT_BYTES = 100_000;
export const DEFAULT_DID_TIMEOUT_MS = 10_000;

export interface ResolveDidOptions {
  /** The fetch to use (default `globalThis.fetch`): inject one to add caching, a proxy, or a fake in tests. */
  fetch?: typeof globalThis.fetch | undefined;
  /** How long a did:web fetch may take, reading the body included (default 10 s). */
  timeoutMs?: number | undefined;
  /** DID documents the holder or verifier supplied, by DID: consulted first, reported as `source: 'supplied'`. */
  documents?: Readonly<Record<string, DidDocument>> | ReadonlyMap<string, DidDocument> | undefined;
}

/**
 * The DID document of a DID, and where it came from: a supplied document first, then did:key (derived
 * locally, Ed25519 only) or did:web (fetched over HTTPS with a timeout and a size limit, parsed strictly;
 * its `id` must be the DID). Every failure is a `DidResolutionError` with a `reason`.
 *
 * @example
 * const { document, source } = await resolveDid('did:web:credentials.example.edu')
 */
export async function resolveDid(did: string, options: ResolveDidOptions = {}): Promise<ResolvedDid> {
  const supplied = suppliedDocument(options.documents, did);
  if (supplied !== undefined) {
    if (supplied.id !== did) {
      throw new DidResolutionError({ did, reason: 'id-mismatch', message: `The DID document supplied for ${did} is the document of another DID (${String(supplied.id)}).` });
    }
    return { document: supplied, source: 'supplied' };
  }
  if (did.startsWith('did:key:')) {
    const document = await didKeyDocument(did);
    if (document === undefined) {
      throw new DidResolutionError({ did, reason: 'unsupported-method', message: `${did} is not an Ed25519 did:key (z6Mk…), the only kind of did:key supported.` });
    }
    return { document, source: 'key' };
  }
  if (did.startsWith('did:web:')) return { document: await fetchDidWeb(did, options), source: 'web' };
  throw new DidResolutionError({
    did,
    reason: 'unsupported-method',
    message: `${did.split(':', 2).join(':')} DIDs cannot be resolved here: only did:web and did:key are, or a document supplied for the DID.`,
  });
}

function suppliedDocument(documents: ResolveDidOptions['documents'], did: string): DidDocument | undefined {
  if (documents === undefined) return undefined;
  if (documents instanceof Map) return documents.get(did);
  const record = documents as Readonly<Record<string, DidDocument>>;
  return Object.hasOwn(record, did) ? record[did] : undefined;
}

async function fetchDidWeb(did: string, options: ResolveDidOptions): Promise<DidDocument> {
  let url: string;
  try {
    url = didWebDocumentUrl(did);
  } catch (error) {
    throw new DidResolutionError({ did, reason: 'invalid-did', message: `${did} is not a valid did:web, so its document cannot be looked up.`, cause: error });
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_DID_TIMEOUT_MS;
  const fetch = options.fetch ?? globalThis.fetch;
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new DidResolutionError({ did, url, reason: 'timeout', message: `The issuer's DID document at ${url} did not arrive within ${timeoutMs / 1000} s.` }));
    }, timeoutMs);
  });
  try {
    const text = await Promise.race([download(did, url, fetch, controller.signal), timedOut]);
    let document: unknown;
    try {
      document = parseStrictJson(text);
    } catch (error) {
      throw new DidResolutionError({ did, url, reason: 'not-json', message: `What ${url} returned is not a DID document: it is not valid, unambiguous JSON.`, cause: error });
    }
    if (document === null || typeof document !== 'object' || Array.isArray(document)) {
      throw new DidResolutionError({ did, url, reason: 'not-json', message: `What ${url} returned is not a DID document: it is not a JSON object.` });
    }
    const id = (document as { id?: unknown }).id;
    if (id !== did) {
      throw new DidResolutionError({
        did,
        url,
        reason: 'id-mismatch',
        message: `The document at ${url} is not the DID document of ${did}: it names itself ${JSON.stringify(id)}.`,
      });
    }
    return document as DidDocument;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

async function download(did: string, url: string, fetch: typeof globalThis.fetch, signal: AbortSignal): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { signal, redirect: 'follow', credentials: 'omit', headers: { accept: 'application/did+json, application/json' } });
  } catch (error) {
    throw new DidResolutionError({ did, url, reason: 'unreachable', message: `Could not reach ${url} to get the issuer's DID document.`, cause: error });
  }
  if (!response.ok) {
    throw new DidResolutionError({ did, url, reason: 'http-status', message: `${url} answered HTTP ${response.status} instead of the issuer's DID document.` });
  }
  const tooLarge = () =>
    new DidResolutionError({ did, url, reason: 'too-large', message: `The document at ${url} is larger than ${MAX_DID_DOCUMENT_BYTES / 1000} kB; a DID document is a few kB, so it was not read.` });
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > MAX_DID_DOCUMENT_BYTES) throw tooLarge();
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_DID_DOCUMENT_BYTES) throw tooLarge();
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof DidResolutionError) throw error;
    throw new DidResolutionError({ did, url, reason: 'unreachable', message: `The connection to ${url} broke while reading the issuer's DID document.`, cause: error });
  } finally {
    void reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new DidResolutionError({ did, url, reason: 'not-json', message: `What ${url} returned is not a DID document: it is not UTF-8 text.`, cause: error });
  }
}
