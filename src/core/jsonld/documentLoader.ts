import type { DidDocument, DidResolver, VerificationMethod } from '../did/types.js';
import { MicrocredError } from '../errors.js';
import { OFFLINE_CONTEXTS } from './contexts.js';

/** What a jsonld document loader returns (jsonld's `RemoteDocument`). */
export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: object;
  /** `'static'` lets jsonld cache the processed context across calls: set for the embedded contexts only. */
  tag?: 'static';
}

export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

export interface CreateDocumentLoaderOptions {
  /** Resolves the DIDs that verification methods and their controllers name (e.g. `resolveDid` bound to a cache). */
  resolveDid?: DidResolver | undefined;
  /**
   * Controller documents the verifier supplies for controllers that are not DIDs (1EdTech's example is
   * signed by `https://example.com/issuers/876543`), by id. Never fetched: only what is given here is known.
   */
  controllers?: Readonly<Record<string, DidDocument>> | undefined;
}

/** A URL the loader will not serve: not one of the embedded contexts nor a DID (document) it can resolve. */
export class DocumentLoaderError extends MicrocredError {
  override name = 'DocumentLoaderError';
  readonly url: string;
  constructor(url: string, reason: string, cause?: unknown) {
    super(`Refused to load ${url}: ${reason}`, {
      cause,
      metaMessages: ['Only the embedded official contexts and DID documents from the resolver are loaded; nothing is fetched from the network.'],
    });
    this.url = url;
  }
}

/**
 * A jsonld `documentLoader` that never fetches: it serves the official contexts embedded in
 * `OFFLINE_CONTEXTS`, DID documents from `resolveDid` (and controller documents from `controllers`), and
 * a DID URL with a fragment (`did:web:example.edu#key-1`) as that verification method with the document's
 * `@context`, which is how @digitalbazaar's suites expect to get a key. Anything else throws a
 * `DocumentLoaderError`: a credential is attacker-controlled and must not make a verifier fetch arbitrary URLs.
 *
 * @example
 * const documentLoader = createDocumentLoader({ resolveDid: async (did) => (await resolveDid(did)).document })
 * await jsonld.expand(credential, { documentLoader, safe: true })
 */
export function createDocumentLoader(options: CreateDocumentLoaderOptions = {}): DocumentLoader {
  const { resolveDid, controllers = {} } = options;
  return async (url) => {
    const context = OFFLINE_CONTEXTS.get(url);
    if (context !== undefined) return { contextUrl: null, documentUrl: url, document: context, tag: 'static' };

    const hash = url.indexOf('#');
    const base = hash < 0 ? url : url.slice(0, hash);
    let document: DidDocument | undefined;
    if (Object.hasOwn(controllers, base)) document = controllers[base];
    else if (base.startsWith('did:') && resolveDid !== undefined) {
      try {
        document = await resolveDid(base);
      } catch (error) {
        throw new DocumentLoaderError(url, `resolving ${base} failed.`, error);
      }
    } else throw new DocumentLoaderError(url, base.startsWith('did:') ? 'no DID resolver was given.' : 'it is not an embedded context nor a known DID.');
    if (document === undefined) throw new DocumentLoaderError(url, `the DID ${base} is unknown.`);
    if (document.id !== base) throw new DocumentLoaderError(url, `the document found for ${base} names itself ${String(document.id)}.`);
    if (hash < 0) return { contextUrl: null, documentUrl: url, document };

    const method = findVerificationMethod(document, url);
    if (method === undefined) throw new DocumentLoaderError(url, `the document of ${base} has no verification method with that id.`);
    return { contextUrl: null, documentUrl: url, document: { '@context': document['@context'], ...method, id: url } };
  };
}

/**
 * The verification method `id` (absolute DID URL) of a document, wherever it is defined: in
 * `verificationMethod` or embedded in a verification relationship. Relative ids (`#key-1`) count.
 */
export function findVerificationMethod(document: DidDocument, id: string): VerificationMethod | undefined {
  const candidates = [document.verificationMethod, document.assertionMethod, document.authentication].flatMap((list) =>
    Array.isArray(list) ? list.filter((entry): entry is VerificationMethod => typeof entry === 'object' && entry !== null) : [],
  );
  return candidates.find((method) => absoluteId(document.id, method.id) === id);
}

/** `#key-1` in the document of `did:web:x` is `did:web:x#key-1`; absolute ids stay as they are. */
export function absoluteId(documentId: string, id: unknown): string | undefined {
  if (typeof id !== 'string') return undefined;
  return id.startsWith('#') ? `${documentId}${id}` : id;
}

/**
 * Whether `error` comes from the loader refusing a document, anywhere in its cause chain (jsonld wraps a
 * loader's error in `details.cause`): "could not be obtained", as opposed to a signature that fails.
 */
export function refusedByLoader(error: unknown): boolean {
  for (let cause = error, depth = 0; cause !== undefined && cause !== null && depth < 10; depth++) {
    if (cause instanceof DocumentLoaderError) return true;
    const object = cause as { cause?: unknown; details?: { cause?: unknown } };
    cause = object.cause ?? object.details?.cause;
  }
  return false;
}
