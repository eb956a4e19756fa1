/// <reference path="../../types/vendor.d.ts" />
import jsonld, { type Quad } from 'jsonld';
import { OFFLINE_CONTEXTS } from '../jsonld/contexts.js';
import type { DocumentLoader } from '../jsonld/documentLoader.js';
import { type QuadShape, type Slot, type TermTemplate, compileCanonical } from './canonicalTemplate.js';

/**
 * The RDF of credentials that differ only in their values, from one run of jsonld.toRDF.
 *
 * JSON-LD's cost is in processing contexts and structure, which are the same for every credential of a
 * batch; the values mostly pass through unchanged. So a credential is split into its *shape* (keys,
 * array lengths, `type` and `@…` values, booleans, non-integer numbers: everything that can change how
 * JSON-LD reads it) and its *leaves* (strings and safe integers). The first credential of a shape is
 * converted by jsonld.toRDF with every leaf replaced by a unique probe token; where each token comes out
 * says what jsonld does with a value in that position, and the next credentials of the shape get their
 * quads by putting their own values in those places — only where that is provably what jsonld would do:
 * - a string that comes out as a literal, verbatim: any string (jsonld copies literal values unchanged);
 * - a string that comes out as an IRI: only an absolute IRI whose scheme no context defines as a term,
 *   which jsonld's IRI expansion returns unchanged, and which N-Quads can carry;
 * - an integer that comes out as `n.toFixed(0)` (jsonld's form for a non-double number): an integer.
 * Any other outcome (a token dropped, embedded in a JSON literal, in a predicate or datatype, used both
 * ways) makes the shape unsupported, and a value that does not fit its place, or quads that jsonld would
 * have merged into one, make that credential unsupported: the caller then uses the reference path.
 * test/core/signature.test.ts checks the result against jsonld.toRDF on random credentials.
 */
export interface QuadTemplate {
  /** The credential's quads with these leaves, or `undefined` when they are not provably jsonld's. */
  instantiate(leaves: readonly Leaf[]): Quad[] | undefined;
  /**
   * RDFC-1.0 canonical N-Quads of those quads (see canonicalTemplate.ts), or `undefined` when the leaves
   * don't fit or the quick labelling can't decide (then rdf-canonize of `instantiate`'s quads).
   */
  canonize(leaves: readonly Leaf[]): string | undefined;
}

export type Leaf = string | number;

/**
 * A credential's shape (a string key) and its leaves, in document order. The shape holds every key, and
 * the JSON of every `type` and `@…` value (the `@context` included), so equal shapes mean equal contexts.
 * Written as one string built in place: this runs once per credential signed or verified.
 */
export function describe(document: object): { shape: string; leaves: Leaf[] } {
  const leaves: Leaf[] = [];
  let shape = '';
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      leaves.push(value);
      shape += 's';
    } else if (typeof value === 'number' && Number.isSafeInteger(value) && !Object.is(value, -0)) {
      leaves.push(value);
      shape += 'i';
    } else if (value === null || typeof value !== 'object') {
      shape += JSON.stringify(value) ?? 'u';
    } else if (Array.isArray(value)) {
      shape += '[';
      for (let i = 0; i < value.length; i++) {
        if (i > 0) shape += ',';
        if (i in value) walk(value[i]);
      }
      shape += ']';
    } else {
      shape += '{';
      let first = true;
      for (const key of Object.keys(value)) {
        shape += `${first ? '' : ','}${JSON.stringify(key)}:`;
        first = false;
        const child = (value as Record<string, unknown>)[key];
        if (key === 'type' || key.startsWith('@')) shape += `=${JSON.stringify(child)}`;
        else walk(child);
      }
      shape += '}';
    }
  };
  walk(document);
  return { shape, leaves };
}

/** A check compiled from one document: another document's leaves when `describe` gives it the same shape. */
export type ShapeMatcher = (document: object) => Leaf[] | undefined;

/**
 * `describe` for the documents of `sample`'s shape, without writing out the shape: compiled from `sample`,
 * it walks another document against it and gives its leaves when `describe` would give both the same
 * shape, or `undefined` (a document it can't vouch for, whose shape the caller then learns from
 * `describe`). Building a credential's shape string costs more than signing it with Ed25519; checking
 * that its keys and `type`/`@…` values are those of the batch before it costs a tenth of that.
 * It never accepts a document of another shape; it may refuse one of the same shape: it compares `type`
 * and `@…` values (which `describe` writes as JSON) as plain JSON data only, and refuses sparse arrays and
 * `undefined`, functions and symbols. `undefined` when `sample` has any of these.
 */
export function shapeMatcher(sample: object): ShapeMatcher | undefined {
  type Match = (value: unknown, leaves: Leaf[]) => boolean;
  const compile = (value: unknown): Match | undefined => {
    if (typeof value === 'string') {
      return (v, leaves) => typeof v === 'string' && leaves.push(v) > 0;
    }
    if (isLeafInteger(value)) {
      return (v, leaves) => isLeafInteger(v) && leaves.push(v) > 0;
    }
    if (value === null || typeof value === 'boolean') return (v) => v === value;
    if (typeof value === 'number') {
      // Not a leaf: -0, an unsafe integer or a fraction, which `describe` writes as JSON.
      const text = JSON.stringify(value);
      return (v) => typeof v === 'number' && !isLeafInteger(v) && JSON.stringify(v) === text;
    }
    if (typeof value !== 'object') return undefined;
    if (Array.isArray(value)) {
      const items: Match[] = [];
      for (let i = 0; i < value.length; i++) {
        const item = i in value ? compile(value[i]) : undefined;
        if (item === undefined) return undefined;
        items.push(item);
      }
      return (v, leaves) => {
        if (!Array.isArray(v) || v.length !== items.length) return false;
        for (let i = 0; i < items.length; i++) if (!(i in v) || !items[i]!(v[i], leaves)) return false;
        return true;
      };
    }
    const keys = Object.keys(value);
    const members: Match[] = [];
    for (const key of keys) {
      const child = (value as Record<string, unknown>)[key];
      if (key === 'type' || key.startsWith('@')) {
        // Its JSON data, a copy (the sample may change after this), which the sample itself must equal.
        let expected: unknown;
        try {
          expected = JSON.parse(JSON.stringify(child) ?? 'null');
        } catch {
          return undefined;
        }
        if (!jsonEquals(child, expected)) return undefined;
        members.push((v) => jsonEquals(v, expected));
      } else {
        const member = compile(child);
        if (member === undefined) return undefined;
        members.push(member);
      }
    }
    return (v, leaves) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
      const actual = Object.keys(v);
      if (actual.length !== keys.length) return false;
      for (let i = 0; i < keys.length; i++) {
        if (actual[i] !== keys[i] || !members[i]!((v as Record<string, unknown>)[keys[i]!], leaves)) return false;
      }
      return true;
    };
  };
  const match = compile(sample);
  if (match === undefined) return undefined;
  return (document) => {
    const leaves: Leaf[] = [];
    return match(document, leaves) ? leaves : undefined;
  };
}

function isLeafInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && !Object.is(value, -0);
}

/**
 * Whether `value` has the JSON text of `expected`, JSON data as JSON.parse makes it: only when `value` is
 * JSON data equal to it, keys in the same order, with no `toJSON` of its own or of a prototype.
 */
function jsonEquals(value: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return value === expected;
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(expected)) {
    if (!Array.isArray(value) || 'toJSON' in value || value.length !== expected.length) return false;
    for (let i = 0; i < expected.length; i++) if (!(i in value) || !jsonEquals(value[i], expected[i])) return false;
    return true;
  }
  if (Array.isArray(value)) return false;
  if ('toJSON' in value) return false; // its own or a prototype's: JSON.stringify would write what it returns
  const keys = Object.keys(expected);
  const actual = Object.keys(value);
  if (actual.length !== keys.length) return false;
  for (let i = 0; i < keys.length; i++) {
    if (actual[i] !== keys[i] || !jsonEquals((value as Record<string, unknown>)[keys[i]!], (expected as Record<string, unknown>)[keys[i]!])) return false;
  }
  return true;
}

/** The options the eddsa-rdfc-2022 cryptosuite passes to jsonld.toRDF (its `canonize`). */
export function toRdfOptions(documentLoader: DocumentLoader) {
  return { documentLoader, base: null, safe: true, rdfDirection: 'i18n-datatype', produceGeneralizedRdf: false } as const;
}

/** Absolute IRIs N-Quads can carry unescaped (a subset of jsonld's `isAbsolute`). */
const SAFE_IRI = /^([A-Za-z][A-Za-z0-9+.-]*):[^\u0000-\u0020<>"{}|\\^`\u007f]*$/u;
const RDF_JSON = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON';
const INTEGER_BASE = 8_000_000_000_000_000;

/** Every name any embedded context defines, at any depth: an IRI whose scheme is one of them would be expanded. */
const CONTEXT_TERMS: ReadonlySet<string> = (() => {
  const names = new Set<string>();
  const collect = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      names.add(key);
      collect(child);
    }
  };
  for (const document of OFFLINE_CONTEXTS.values()) collect(document);
  return names;
})();

/**
 * The template of `document`'s shape, or `undefined` when jsonld's output for it cannot be reused.
 * Names defined by contexts embedded in the document count as terms too.
 */
export async function buildTemplate(document: object, leaves: readonly Leaf[], documentLoader: DocumentLoader): Promise<QuadTemplate | undefined> {
  const nonce = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
  const prefix = `urn:x-microcred-probe:${nonce}:`;
  let next = 0;
  const tokens = leaves.map((leaf, i) => (typeof leaf === 'string' ? `${prefix}${i}` : INTEGER_BASE + i));
  const probe = replaceLeaves(document, () => tokens[next++]!);
  const terms = new Set(CONTEXT_TERMS);
  const collect = (value: unknown, inContext: boolean): void => {
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (inContext) terms.add(key);
      collect(child, inContext || key === '@context');
    }
  };
  collect(document, false);

  let dataset: Quad[];
  try {
    dataset = (await jsonld.toRDF(probe, toRdfOptions(documentLoader))) as Quad[];
  } catch {
    return undefined;
  }
  const kinds: (Slot['kind'] | undefined)[] = leaves.map(() => undefined);
  const counts = leaves.map(() => 0);
  const integerOf = new Map(tokens.map((token, i) => [String(token), i]));
  const slot = (term: Quad['object'], position: 'subject' | 'object' | 'graph'): TermTemplate | null => {
    if (term.termType === 'Literal' && term.datatype?.value.includes(nonce)) return null;
    if (!term.value.includes(nonce)) {
      const integer = term.termType === 'Literal' ? integerOf.get(term.value) : undefined;
      if (integer === undefined || typeof leaves[integer] !== 'number' || term.datatype?.value === RDF_JSON) return term;
      return use(integer, 'integer', term);
    }
    if (!term.value.startsWith(prefix) || position === 'graph') return null;
    const leaf = Number(term.value.slice(prefix.length));
    if (!Number.isInteger(leaf) || tokens[leaf] !== term.value) return null;
    if (term.termType === 'NamedNode') return use(leaf, 'iri', term);
    if (term.termType === 'Literal' && position === 'object' && term.datatype?.value !== RDF_JSON) return use(leaf, 'literal', term);
    return null;
  };
  const use = (leaf: number, kind: Slot['kind'], term: Quad['object']): Slot | null => {
    if (kinds[leaf] !== undefined && kinds[leaf] !== kind) return null;
    kinds[leaf] = kind;
    counts[leaf]!++;
    return { leaf, kind, term };
  };
  const shapes: QuadShape[] = [];
  for (const quad of dataset) {
    if (quad.predicate.value.includes(nonce)) return undefined;
    const subject = slot(quad.subject, 'subject');
    const object = slot(quad.object, 'object');
    const graph = slot(quad.graph, 'graph');
    if (subject === null || object === null || graph === null) return undefined;
    shapes.push([subject, quad.predicate, object, graph as Quad['graph']]);
  }
  // Every leaf must come out somewhere, and a literal or integer exactly once.
  for (let i = 0; i < leaves.length; i++) {
    if (kinds[i] === undefined || (kinds[i] !== 'iri' && counts[i] !== 1)) return undefined;
  }

  const fits = (values: readonly Leaf[]): boolean => {
    if (values.length !== leaves.length) return false;
    for (let i = 0; i < values.length; i++) {
      const value = values[i]!;
      if (kinds[i] === 'integer' ? typeof value !== 'number' || !Number.isSafeInteger(value) : typeof value !== 'string') return false;
      if (kinds[i] === 'iri') {
        const scheme = SAFE_IRI.exec(value as string)?.[1];
        if (scheme === undefined || terms.has(scheme) || (value as string).includes(nonce)) return false;
      }
    }
    return true;
  };
  const canonical = compileCanonical(shapes);

  return {
    instantiate(values) {
      if (!fits(values)) return undefined;
      const fill = (term: TermTemplate): Quad['object'] => {
        if (!('leaf' in term)) return term;
        const value = values[term.leaf]!;
        return { ...term.term, value: term.kind === 'integer' ? (value as number).toFixed(0) : (value as string) };
      };
      const quads: Quad[] = [];
      const seen = new Set<string>();
      for (const [subject, predicate, object, graph] of shapes) {
        const quad = { subject: fill(subject) as Quad['subject'], predicate, object: fill(object), graph };
        const key = `${quad.subject.termType} ${quad.subject.value} ${predicate.value} ${quad.object.termType} ${quad.object.value} ${quad.object.datatype?.value ?? ''} ${quad.object.language ?? ''}`;
        if (seen.has(key)) return undefined; // jsonld would have merged these into one quad
        seen.add(key);
        quads.push(quad);
      }
      return quads;
    },
    canonize(values) {
      if (canonical === undefined || !fits(values)) return undefined;
      return canonical(values.map((value, i) => (kinds[i] === 'integer' ? (value as number).toFixed(0) : (value as string))));
    },
  };
}

/** A deep copy of `value` with each leaf (as `describe` counts them, in the same order) replaced. */
export function replaceLeaves(value: unknown, replace: () => Leaf): unknown {
  if (typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value) && !Object.is(value, -0))) return replace();
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((child) => replaceLeaves(child, replace));
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, key === 'type' || key.startsWith('@') ? child : replaceLeaves(child, replace)]));
}
