/// <reference path="../../types/vendor.d.ts" />
import type { Quad } from 'jsonld';
import { NQuads } from 'rdf-canonize';
import { sha256Utf8Hex } from './sha256.js';

/** Where a leaf goes in a template's quads (see template.ts): the probe's term, whose value the leaf replaces. */
export type Slot = { leaf: number; kind: 'iri' | 'literal' | 'integer'; term: Quad['object'] };
export type TermTemplate = Quad['subject'] | Quad['object'] | Slot;
export type QuadShape = [TermTemplate, Quad['predicate'], TermTemplate, Quad['graph']];

/** One component of a quad line: fixed text, a blank node (by index), or a leaf's text. */
type Part = { text: string } | { blank: number } | { leaf: number };
interface Line {
  /** subject, ' <predicate> ', object, graph and ' .\n' in N-Quads; the predicate is always fixed. */
  parts: [Part, { text: string }, Part, Part];
  blanks: number[];
  hasLeaf: boolean;
}

/**
 * RDFC-1.0 canonical N-Quads (what eddsa-rdfc-2022 hashes) of a template's credentials, compiled once per
 * template: each credential then costs a few string joins, one SHA-256 per blank node whose quads hold
 * one of its values, and a sort, instead of rdf-canonize's run over quad objects.
 *
 * RDFC-1.0 names blank nodes `c14n0, c14n1, …` in the order of their first-degree hashes (the SHA-256 of
 * the sorted N-Quads mentioning the node, itself written `_:a` and every other blank node `_:z`); only
 * blank nodes sharing a hash need the n-degree hashing of the algorithm's step 6. So when all first-degree
 * hashes differ, the canonical form is exactly: each quad with those names, sorted (JavaScript's string
 * order, as rdf-canonize sorts), joined. A credential whose hashes tie, or whose quads coincide (jsonld
 * would have merged them), gets `undefined` here and goes to rdf-canonize. A blank node none of whose
 * quads holds a value has the same hash for every credential: computed once.
 *
 * Quad text is rdf-canonize's own serialisation: fixed parts are cut from `NQuads.serializeQuad` of the
 * probe's quads and the template refuses to compile when its reassembly differs; values are escaped as
 * N-Quads escapes literals (IRIs reach here only when they need no escaping: see template.ts).
 * test/core/canonicalTemplate.test.ts checks the result against rdf-canonize on random credentials.
 */
export function compileCanonical(shapes: readonly QuadShape[]): ((texts: readonly string[]) => string | undefined) | undefined {
  const blankIndex = new Map<string, number>();
  const slotTexts = new Map<number, (value: string) => string>();
  const part = (term: TermTemplate): Part | undefined => {
    if ('leaf' in term) {
      const suffix = literalSuffix(term.term);
      slotTexts.set(term.leaf, term.kind === 'iri' ? (value) => `<${value}>` : (value) => `"${escapeLiteral(value)}"${suffix}`);
      return { leaf: term.leaf };
    }
    if (term.termType === 'BlankNode') {
      if (!blankIndex.has(term.value)) blankIndex.set(term.value, blankIndex.size);
      return { blank: blankIndex.get(term.value)! };
    }
    if (term.termType === 'DefaultGraph') return { text: '' };
    return undefined;
  };
  const lines: Line[] = [];
  for (const [subject, predicate, object, graph] of shapes) {
    const probe: Quad = { subject: probeTerm(subject), predicate, object: probeTerm(object), graph };
    const full = NQuads.serializeQuad(probe);
    // Cut the fixed texts out of rdf-canonize's own line: `<s> <p> <o> <g> .\n`.
    const predicateText = ` ${termText(predicate)} `;
    const subjectPart = part(subject) ?? { text: termText(subject as Quad['subject']) };
    const objectPart = part(object) ?? { text: termText(object as Quad['object']) };
    const graphPart = part(graph) ?? { text: ` ${termText(graph)}` };
    if ('blank' in graphPart) return undefined; // named graphs never come out of a credential; keep the plan simple
    const line: Line = {
      parts: [subjectPart, { text: predicateText }, objectPart, graphPart],
      blanks: [subjectPart, objectPart].flatMap((p) => ('blank' in p ? [p.blank] : [])),
      hasLeaf: 'leaf' in subjectPart || 'leaf' in objectPart,
    };
    const probeLabels = [...blankIndex.keys()].map((label) => `_:${label}`);
    const probeLeaves = (leaf: number) => (('leaf' in subject && subject.leaf === leaf ? subject : object) as Slot).term.value;
    const probeTexts: string[] = [];
    for (const p of [subjectPart, objectPart]) if ('leaf' in p) probeTexts[p.leaf] = slotTexts.get(p.leaf)!(probeLeaves(p.leaf));
    if (render(line, probeLabels, probeTexts) !== full) return undefined;
    lines.push(line);
  }
  const blanks = blankIndex.size;
  const quadsOf: number[][] = Array.from({ length: blanks }, () => []);
  lines.forEach((line, i) => new Set(line.blanks).forEach((b) => quadsOf[b]!.push(i)));
  const firstDegreeLabels = (b: number) => Array.from({ length: blanks }, (_, other) => (other === b ? '_:a' : '_:z'));
  // First-degree hashes that no value can change, once.
  const fixedHashes = quadsOf.map((quads, b) =>
    quads.some((i) => lines[i]!.hasLeaf) ? undefined : firstDegreeHash(quads.map((i) => render(lines[i]!, firstDegreeLabels(b), []))),
  );
  const varying = fixedHashes.flatMap((hash, b) => (hash === undefined ? [b] : []));
  const varyingLabels = new Map(varying.map((b) => [b, firstDegreeLabels(b)]));
  const canonicalLabels = Array.from({ length: blanks }, (_, i) => `_:c14n${i}`);
  const slots = [...slotTexts.entries()];
  // A varying blank node's first-degree hash is a function of the values in its quads alone. Most of
  // them (the achievement's criteria, alignments, the subject) hold the same values in every credential
  // of a batch: each remembers the values it last hashed, and its hash, and hashes again only when they differ.
  const remembered = varying.map((b) => ({
    b,
    leaves: [...new Set(quadsOf[b]!.flatMap((i) => lines[i]!.parts.flatMap((p) => ('leaf' in p ? [p.leaf] : []))))],
    values: undefined as string[] | undefined,
    hash: '',
  }));

  return (values) => {
    const texts: string[] = new Array(values.length);
    for (const [leaf, text] of slots) texts[leaf] = text(values[leaf]!);
    const hashes = fixedHashes.slice();
    for (const memo of remembered) {
      if (memo.values === undefined || memo.leaves.some((leaf, i) => memo.values![i] !== values[leaf])) {
        memo.values = memo.leaves.map((leaf) => values[leaf]!);
        memo.hash = firstDegreeHash(quadsOf[memo.b]!.map((i) => render(lines[i]!, varyingLabels.get(memo.b)!, texts)));
      }
      hashes[memo.b] = memo.hash;
    }
    const order = hashes.map((_, b) => b).sort((x, y) => (hashes[x]! < hashes[y]! ? -1 : hashes[x]! > hashes[y]! ? 1 : 0));
    const labels: string[] = new Array(blanks);
    for (let rank = 0; rank < blanks; rank++) {
      if (rank > 0 && hashes[order[rank]!] === hashes[order[rank - 1]!]) return undefined; // a tie: step 6 decides
      labels[order[rank]!] = canonicalLabels[rank]!;
    }
    const canonical = lines.map((line) => render(line, labels, texts));
    canonical.sort();
    for (let i = 1; i < canonical.length; i++) if (canonical[i] === canonical[i - 1]) return undefined;
    return canonical.join('');
  };
}

/** `line` in N-Quads, its blank nodes labelled `labels`, its leaves written `leafTexts`. */
function render(line: Line, labels: readonly string[], leafTexts: readonly string[]): string {
  let text = '';
  for (const p of line.parts) text += 'text' in p ? p.text : 'blank' in p ? labels[p.blank] : leafTexts[p.leaf];
  return `${text} .\n`;
}

function firstDegreeHash(lines: string[]): string {
  lines.sort();
  return sha256Utf8Hex(lines.join(''));
}

function probeTerm(term: TermTemplate): Quad['object'] {
  return 'leaf' in term ? term.term : term;
}

const RDF_LANGSTRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

/** A term as N-Quads writes it, through rdf-canonize (a one-quad line, cut). */
function termText(term: { termType: string; value: string; datatype?: { termType: string; value: string }; language?: string }): string {
  const empty = { termType: 'DefaultGraph', value: '' };
  const named = { termType: 'NamedNode', value: 'x:' };
  if (term.termType === 'Literal') {
    const line = NQuads.serializeQuad({ subject: named, predicate: named, object: term, graph: empty });
    return line.slice('<x:> <x:> '.length, -' .\n'.length);
  }
  const line = NQuads.serializeQuad({ subject: term, predicate: named, object: named, graph: empty });
  return line.slice(0, -' <x:> <x:> .\n'.length);
}

/** What follows a literal's quoted value: `@lang`, `^^<datatype>`, or nothing for xsd:string. */
function literalSuffix(term: Quad['object']): string {
  const datatype = term.datatype?.value ?? XSD_STRING;
  if (datatype === RDF_LANGSTRING) return term.language ? `@${term.language}` : '';
  if (datatype === XSD_STRING) return '';
  return termText({ termType: 'Literal', value: '', datatype: term.datatype! }).slice(2);
}

// N-Quads' escapes for a string literal, as rdf-canonize writes them: ECHAR for these, \uXXXX for other controls.
const LITERAL_ESCAPES = /[\u0000-\u001F\u007F"\\]/g;
const ECHAR: Record<string, string> = { '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r', '"': '\\"', '\\': '\\\\' };
function escapeLiteral(value: string): string {
  LITERAL_ESCAPES.lastIndex = 0;
  if (!LITERAL_ESCAPES.test(value)) return value;
  return value.replace(LITERAL_ESCAPES, (c) => ECHAR[c] ?? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}
