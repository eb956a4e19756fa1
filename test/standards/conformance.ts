/**
 * Conformance harness: checks a credential against the standards bodies' own artifacts, copied unchanged
 * into ./official (provenance and sha256 in ./official/README.md).
 *
 * - the 1EdTech Open Badges 3.0 AchievementCredential JSON Schema (draft 2019-09), and
 * - JSON-LD expansion in safe mode with the official W3C VC 2.0 and 1EdTech OB 3.0.3 contexts, served
 *   offline: every term and type must be defined by a context, nothing may be dropped.
 *
 * - the Data Integrity signature (eddsa-rdfc-2022), verified by @digitalbazaar/vc given only the DID document.
 *
 * It deliberately imports nothing from microcred's src/: it must be able to catch microcred being wrong.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { Ajv2019, type ErrorObject } from 'ajv/dist/2019.js';
import addFormatsModule from 'ajv-formats';
import jsonld, { type DocumentLoader, type JsonLdEvent, type RemoteDocument } from 'jsonld';

const officialDir = new URL('./official/', import.meta.url);

function readOfficialJson(file: string): unknown {
  return JSON.parse(readFileSync(new URL(file, officialDir), 'utf8'));
}

// ---------------------------------------------------------------------------------------------------------
// JSON Schema
// ---------------------------------------------------------------------------------------------------------

// ajv-formats is CommonJS (`module.exports = formatsPlugin`, and `exports.default = formatsPlugin`): Node
// hands an ES module the function itself as default export, TypeScript (NodeNext) types it as the module
// object. `.default` is the plugin for both.
const addFormats = addFormatsModule.default;

/** The official schema, compiled once (compiling takes most of the time of a check). */
const validateOpenBadgesSchema = (() => {
  const ajv = new Ajv2019({
    allErrors: true,
    // Ajv's strict mode stays on except for one rule: "strictTuples". The official schema's `@context` is an
    // open-ended tuple (draft 2019-09 `items: [VC v2 URL, OB context URL]`, `minItems: 2`, and any number of
    // further contexts via `additionalItems: { $ref: Context }`). Ajv's strictTuples rule only accepts closed
    // tuples (`additionalItems: false` or `maxItems` = tuple length), so with `strict: true` it refuses to
    // compile the schema ('"items" is 2-tuple, but minItems or maxItems/additionalItems are not specified or
    // different'). The schema is used unchanged, so that rule is switched off; every other strict check passes.
    strict: true,
    strictTuples: false,
  });
  addFormats(ajv);
  return ajv.compile(readOfficialJson('ob_v3p0_achievementcredential_schema.json') as object);
})();

function describeAjvError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  let message = `${where} ${error.message ?? error.keyword}`;
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    message += `: ${params.allowedValues.map((value) => JSON.stringify(value)).join(', ')}`;
  } else if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    message += `: "${params.additionalProperty}"`;
  } else if (error.keyword === 'pattern' && typeof params.pattern === 'string') {
    // Ajv's message already names the pattern.
  } else if (error.keyword === 'const' && 'allowedValue' in params) {
    message += `: ${JSON.stringify(params.allowedValue)}`;
  }
  return message;
}

/**
 * Validates `doc` against the official OB 3.0 AchievementCredential JSON Schema. Returns one readable line
 * per violation (`/proof must be array`), [] when the document is valid.
 */
export function checkOpenBadgesSchema(doc: unknown): string[] {
  if (validateOpenBadgesSchema(doc)) return [];
  const messages = (validateOpenBadgesSchema.errors ?? []).map(describeAjvError);
  return [...new Set(messages)];
}

// ---------------------------------------------------------------------------------------------------------
// JSON-LD safe mode
// ---------------------------------------------------------------------------------------------------------

/** The only remote contexts the harness knows: the official copies, by the URL they are published at. */
export const OFFICIAL_CONTEXTS: Readonly<Record<string, string>> = {
  'https://www.w3.org/ns/credentials/v2': 'credentials-v2.jsonld',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json': 'ob-context-3.0.3.json',
};

const contextDocuments = new Map<string, unknown>(
  Object.entries(OFFICIAL_CONTEXTS).map(([url, file]) => [url, readOfficialJson(file)]),
);

/** Thrown by the document loader for any URL that is not one of the official copies. */
export class UnknownContextError extends Error {
  constructor(readonly url: string) {
    super(
      `context ${url} is not one of the official copies this harness serves offline ` +
        `(${Object.keys(OFFICIAL_CONTEXTS).join(', ')})`,
    );
    this.name = 'UnknownContextError';
  }
}

/** Offline document loader: serves the official contexts, refuses everything else (no network). */
export const officialDocumentLoader: DocumentLoader = async (url: string): Promise<RemoteDocument> => {
  const document = contextDocuments.get(url);
  if (document === undefined) throw new UnknownContextError(url);
  // A fresh copy each time: jsonld must never be able to alter the cached official document.
  return { contextUrl: null, documentUrl: url, document: structuredClone(document) };
};

/**
 * JSON pointers of every object key named `key` in `value`, to help find an undefined term. jsonld's event
 * names the term but not where it is, so this lists every key of that name (some may be defined where they
 * are, e.g. a top-level `issuer` next to an undefined `proof/issuer`).
 */
function pathsOfKey(value: unknown, key: string, at = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => pathsOfKey(item, key, `${at}/${i}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const here = `${at}/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    return [...(k === key ? [here] : []), ...pathsOfKey(v, key, here)];
  });
}

function describeJsonLdEvent(event: JsonLdEvent, doc: unknown): string {
  const details = event.details ?? {};
  const show = (value: unknown): string => JSON.stringify(value);
  switch (event.code) {
    case 'invalid property': {
      const paths = pathsOfKey(doc, String(details.property));
      return (
        `undefined JSON-LD term ${show(details.property)}: no context defines it, so it is dropped ` +
        `(expands to ${show(details.expandedProperty)})` +
        (paths.length > 0 ? `; keys of that name: ${paths.join(', ')}` : '')
      );
    }
    case 'relative @type reference':
      return `undefined JSON-LD type ${show(details.type)}: no context defines it, so it is a relative IRI`;
    case 'relative @id reference':
      return `id ${show(details.id)} is not an absolute IRI (expands to the relative IRI ${show(details.expandedId)})`;
    case 'relative object reference':
      return `IRI value ${show(details.object)} is not an absolute IRI, so it is dropped from the RDF dataset`;
    case 'relative subject reference':
      return `subject ${show(details.subject)} is not an absolute IRI, so its statements are dropped from the RDF dataset`;
    case 'relative predicate reference':
      return `property ${show(details.predicate)} is not an absolute IRI, so it is dropped from the RDF dataset`;
    case 'relative @vocab reference':
      return `@vocab ${show(details.vocab)} is not an absolute IRI`;
    case 'reserved term':
    case 'reserved @id value':
    case 'reserved @reverse value':
      return `${event.message} ${show(details)}`;
    default:
      return `${event.code}: ${event.message}${Object.keys(details).length > 0 ? ` ${show(details)}` : ''}`;
  }
}

function describeThrown(error: unknown, doc: unknown): string {
  const e = error as { name?: string; message?: string; details?: { event?: JsonLdEvent; cause?: unknown } };
  if (e?.details?.event) return describeJsonLdEvent(e.details.event, doc);
  const cause = e?.details?.cause;
  if (cause instanceof UnknownContextError) return cause.message;
  return `${e?.name ?? 'Error'}: ${e?.message ?? String(error)}`;
}

/**
 * Expands `doc` under JSON-LD safe mode with the official contexts (offline). Returns one readable line per
 * problem ([] when every property and type is defined and nothing is dropped).
 *
 * Three passes:
 * 1. `jsonld.expand(doc, { safe: true })`: the authoritative check; safe mode stops at the first problem;
 * 2. the same expansion without `safe`, with an event handler that records every warning, so that all the
 *    problems are reported, not only the first;
 * 3. `jsonld.toRDF(doc, { safe: true })`: a second method (the RDF dataset that signatures are computed
 *    over) must also be produced with nothing dropped. It catches what expansion lets through: a relative
 *    IRI as the value of an IRI-typed property (`"issuer": "issuers/1"`) expands without an event but is
 *    dropped from the dataset.
 */
export async function checkJsonLdSafeMode(doc: unknown): Promise<string[]> {
  const problems: string[] = [];
  const add = (message: string): void => {
    if (!problems.includes(message)) problems.push(message);
  };

  let safeExpandFailed = false;
  try {
    await jsonld.expand(doc, { safe: true, documentLoader: officialDocumentLoader });
  } catch (error) {
    safeExpandFailed = true;
    add(describeThrown(error, doc));
  }

  const warnings: JsonLdEvent[] = [];
  try {
    await jsonld.expand(doc, {
      documentLoader: officialDocumentLoader,
      eventHandler: ({ event, next }) => {
        if (event.level === 'warning') warnings.push(event);
        next();
      },
    });
  } catch (error) {
    add(describeThrown(error, doc));
  }
  for (const event of warnings) add(describeJsonLdEvent(event, doc));

  // Only worth running when expansion passed: otherwise it fails for the same reason.
  if (!safeExpandFailed) {
    try {
      await jsonld.toRDF(doc, {
        safe: true,
        documentLoader: officialDocumentLoader,
        format: 'application/n-quads',
      });
    } catch (error) {
      add(`toRDF (safe mode): ${describeThrown(error, doc)}`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// Both
// ---------------------------------------------------------------------------------------------------------

export interface OpenBadgeCredentialCheck {
  /** Violations of the official OB 3.0 AchievementCredential JSON Schema. */
  schema: string[];
  /** JSON-LD safe-mode problems with the official contexts. */
  jsonld: string[];
}

/** Both official checks; a conformant credential gets `{ schema: [], jsonld: [] }`. */
export async function checkOpenBadgeCredential(doc: unknown): Promise<OpenBadgeCredentialCheck> {
  return { schema: checkOpenBadgesSchema(doc), jsonld: await checkJsonLdSafeMode(doc) };
}

// ---- the signature, checked by the reference implementation alone ---------------------------------

const DID_CONTEXTS: Readonly<Record<string, string>> = {
  // The W3C DID and Multikey contexts as their maintainers publish them on npm (did-context, multikey-context).
  'https://www.w3.org/ns/did/v1': fileURLToPath(new URL('../../node_modules/did-context/contexts/did-v1.jsonld', import.meta.url)),
  'https://w3id.org/security/multikey/v1': fileURLToPath(new URL('../../node_modules/@digitalbazaar/multikey-context/contexts/multikey-v1.jsonld', import.meta.url)),
};

/**
 * Verifies a credential's eddsa-rdfc-2022 Data Integrity proof with @digitalbazaar/vc and the cryptosuite,
 * given only the issuer's DID document: contexts come from the official copies, the key from the document.
 * Nothing of microcred's is involved. Returns the errors ([] when it verifies).
 */
export async function checkDataIntegritySignature(credential: object, didDocument: { id: string; verificationMethod?: { id: string }[] }): Promise<string[]> {
  const documentLoader = async (url: string): Promise<RemoteDocument> => {
    const [did, fragment] = url.split('#');
    if (did === didDocument.id) {
      if (fragment === undefined) return { contextUrl: null, documentUrl: url, document: didDocument };
      const method = didDocument.verificationMethod?.find((m) => m.id === url || m.id === `#${fragment}`);
      if (method) return { contextUrl: null, documentUrl: url, document: { '@context': 'https://w3id.org/security/multikey/v1', ...method } };
    }
    if (DID_CONTEXTS[url]) return { contextUrl: null, documentUrl: url, document: JSON.parse(readFileSync(DID_CONTEXTS[url], 'utf8')) };
    return officialDocumentLoader(url);
  };
  const result = await vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader,
    // Status is microcred's registry, not a status list this library knows, and the validity window is the
    // verifier's business: the signature is what is checked here (at a time the credential is valid).
    checkStatus: async () => ({ verified: true }),
    now: new Date((credential as { validFrom?: string }).validFrom ?? Date.now()),
  });
  if (result.verified) return [];
  const errors = [result.error, ...(result.results ?? []).map((r: { error?: unknown }) => r.error)].filter(Boolean);
  return errors.length > 0 ? errors.map((e) => String((e as Error).message ?? e)) : ['not verified'];
}
