/// <reference path="../../types/vendor.d.ts" />
import { DataIntegrityProof as DataIntegrityProofSuite } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { canonize } from 'rdf-canonize';
import type { DocumentLoader } from '../jsonld/documentLoader.js';
import { sha256Utf8 } from './sha256.js';
import { type Leaf, type QuadTemplate, type ShapeMatcher, buildTemplate, describe, shapeMatcher } from './template.js';
import { type TextLeafReader, textLeafReader } from './textLeaves.js';

/** A proof's options: the proof without `proofValue` (and without `@context`, which is the credential's). */
export type ProofOptions = Readonly<Record<string, unknown>>;

/** What is known of a credential shape: its template, the proof-options hashes met with it, its matcher when it has one. */
interface KnownShape {
  template: Promise<QuadTemplate | undefined>;
  optionHashes: Map<string, Promise<Uint8Array | undefined>>;
  match: ShapeMatcher | undefined;
}

/** The verify data of credentials, by `verifyDataCache`. */
export interface VerifyDataCache {
  /** The verify data of `unsigned` (the credential without `proof`) under proof `options`, or `undefined`. */
  of(unsigned: Readonly<Record<string, unknown>>, options: ProofOptions): Promise<Uint8Array | undefined>;
  /**
   * `of` the credential JSON.parse makes of `text` with `appended` set as its member `key`: for texts
   * written by `JSON.stringify(credential, null, 2)`, read without parsing them once one of their shape
   * has been (`textLeafReader`), a credential file's text being what a signing thread has.
   */
  ofText(text: string, key: string, appended: object, options: ProofOptions): Promise<Uint8Array | undefined>;
}

/**
 * The eddsa-rdfc-2022 verify data of a credential (what is signed: the SHA-256 of the canonical proof
 * options, then the SHA-256 of the canonical credential without `proof`), for many credentials:
 * - the proof-options hash is computed once per distinct (`@context`, options), by the reference suite's
 *   own `canonizeProof`;
 * - the credential's hash from a `QuadTemplate` (see template.ts): one jsonld.toRDF per credential shape,
 *   then the template's compiled RDFC-1.0 (canonicalTemplate.ts), or rdf-canonize when that can't decide,
 *   and SHA-256 as the reference.
 * `undefined` when either cannot be had this way (a shape the template refuses, a value that does not
 * fit it, a context the loader does not serve): the caller then takes the reference path.
 * Keys are JSON texts, so the credentials must be plain JSON data (see `isPlainJson`).
 */
export function verifyDataCache(documentLoader: DocumentLoader): VerifyDataCache {
  const suite = new DataIntegrityProofSuite({ cryptosuite });
  // Per credential shape: its template, and the proof-options hashes met with it. A shape holds the JSON
  // of the `@context` (see `describe`), so within one the options alone key their hash. A batch's
  // credentials mostly share one shape: the last one met is checked first, by its compiled matcher,
  // before a shape is written out (`describe`) and looked up.
  const shapes = new Map<string, KnownShape>();
  let last: (KnownShape & { match: ShapeMatcher }) | undefined;
  const shapeOf = (unsigned: object): { known: KnownShape; leaves: Leaf[] } => {
    const matched = last?.match(unsigned);
    if (last && matched) return { known: last, leaves: matched };
    const { shape, leaves } = describe(unsigned);
    let known = shapes.get(shape);
    if (known === undefined) {
      known = { template: buildTemplate(unsigned, leaves, documentLoader), optionHashes: new Map(), match: shapeMatcher(unsigned) };
      shapes.set(shape, known);
    }
    if (known.match) last = { ...known, match: known.match };
    return { known, leaves };
  };
  const verifyDataOf = async (known: KnownShape, leaves: Leaf[], unsigned: () => object, options: ProofOptions): Promise<Uint8Array | undefined> => {
    const key = JSON.stringify(options);
    let optionsHash = known.optionHashes.get(key);
    if (optionsHash === undefined) {
      optionsHash = suite
        .canonizeProof({ ...options }, { document: unsigned(), documentLoader })
        .then((canonical) => sha256Utf8(canonical))
        .catch(() => undefined);
      known.optionHashes.set(key, optionsHash);
    }
    const built = await known.template;
    const configHash = await optionsHash;
    if (built === undefined || configHash === undefined) return undefined;
    let canonical = built.canonize(leaves);
    if (canonical === undefined) {
      const quads = built.instantiate(leaves);
      if (quads === undefined) return undefined;
      canonical = await canonize(quads, { algorithm: 'RDFC-1.0', format: 'application/n-quads' });
    }
    const documentHash = sha256Utf8(canonical);
    const verifyData = new Uint8Array(configHash.length + documentHash.length);
    verifyData.set(configHash, 0);
    verifyData.set(documentHash, configHash.length);
    return verifyData;
  };

  // The texts' side: the last shape met from a text, with the reader of its texts and the matcher of what is appended.
  let lastText: { known: KnownShape; read: TextLeafReader; key: string; appended: ShapeMatcher } | undefined;
  const parsed = (text: string, key: string, appended: object): Record<string, unknown> => {
    const credential = JSON.parse(text) as Record<string, unknown>;
    credential[key] = appended;
    return credential;
  };

  return {
    of: (unsigned, options) => {
      const { known, leaves } = shapeOf(unsigned);
      return verifyDataOf(known, leaves, () => unsigned, options);
    },
    ofText: (text, key, appended, options) => {
      if (lastText?.key === key) {
        const head = lastText.read(text);
        const tail = head && lastText.appended(appended);
        if (tail) return verifyDataOf(lastText.known, [...head!, ...tail], () => parsed(text, key, appended), options);
      }
      const credential = JSON.parse(text) as Record<string, unknown>;
      // The appended member comes last, so its leaves follow the text's: unless the text has one of that name.
      const read = Object.hasOwn(credential, key) ? undefined : textLeafReader(credential);
      credential[key] = appended;
      const { known, leaves } = shapeOf(credential);
      const appendedMatch = shapeMatcher(appended);
      if (read?.(text) && appendedMatch) lastText = { known, read, key, appended: appendedMatch };
      return verifyDataOf(known, leaves, () => credential, options);
    },
  };
}

/**
 * Whether `value` is JSON data as JSON.parse makes it: strings, finite numbers other than -0, booleans,
 * null, arrays and plain objects of them, no `undefined`. For such values equal JSON texts mean equal
 * values, which the caches keyed by JSON text rely on.
 */
export function isPlainJson(value: unknown, depth = 0): boolean {
  if (depth > 200) return false;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!(i in value) || !isPlainJson(value[i], depth + 1)) return false;
        return true;
      }
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) return false;
      for (const child of Object.values(value)) if (!isPlainJson(child, depth + 1)) return false;
      return true;
    }
    default:
      return false;
  }
}
