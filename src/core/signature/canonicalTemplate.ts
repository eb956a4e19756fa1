/// <reference path="../../types/vendor.d.ts" />
import type { Quad } from 'jsonld';
import { NQuads } from 'rdf-canonize';
import { sha256Utf8Hex } from './sha256.js';

/** Where a leaf goes in a template's quads (see template.ts): the probe's term, whose value the leaf replaces. */
export type Slot = { leaf: number; kind: 'iri' | 'literal' | 'integer'; term: Quad['object'] };
export type TermTemplate = Quad['subject'] | Quad['object'] | Slot;
export type QuadShape = [TermTemplate, Quad['predicate'], TermTemplate, Quad['graph']];

/** A subject or object of a quad line: fixed text, a blank node's label, or a leaf's text (one object shape, for speed). */
interface Part {
  kind: 'text' | 'blank' | 'leaf';
  text: string;
  /** The blank node's or the leaf's index. */
  index: number;
}
/** A quad line: subject, ` <predicate> `, object, then `tail` (the graph, if named, and ` .\n`). */
interface Line {
  subject: Part;
  predicate: string;
  object: Part;
  tail: string;
  blanks: number[];
  hasLeaf: boolean;
}

/**
 * RDFC-1.0 canonical N-Quads (what eddsa-rdfc-2022 hashes) of a template's credentials, compiled once per
 * template: each credential then costs string joins in an order mostly known in advance (`sortedText`),
 * and one SHA-256 per blank node whose quads hold values that changed since the credential before (in a
 * batch, the learner's identity objects), instead of rdf-canonize's run over quad objects.
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
      return { kind: 'leaf', text: '', index: term.leaf };
    }
    if (term.termType === 'BlankNode') {
      if (!blankIndex.has(term.value)) blankIndex.set(term.value, blankIndex.size);
      return { kind: 'blank', text: '', index: blankIndex.get(term.value)! };
    }
    return undefined;
  };
  const fixed = (text: string): Part => ({ kind: 'text', text, index: -1 });
  const lines: Line[] = [];
  for (const [subject, predicate, object, graph] of shapes) {
    const probe: Quad = { subject: probeTerm(subject), predicate, object: probeTerm(object), graph };
    const full = NQuads.serializeQuad(probe);
    // Cut the fixed texts out of rdf-canonize's own line: `<s> <p> <o> <g> .\n`.
    if (graph.termType !== 'DefaultGraph' && graph.termType !== 'NamedNode') return undefined; // a credential's quads are in the default graph; keep the plan simple
    const subjectPart = part(subject) ?? fixed(termText(subject as Quad['subject']));
    const objectPart = part(object) ?? fixed(termText(object as Quad['object']));
    const line: Line = {
      subject: subjectPart,
      predicate: ` ${termText(predicate)} `,
      object: objectPart,
      tail: `${graph.termType === 'DefaultGraph' ? '' : ` ${termText(graph)}`} .\n`,
      blanks: [subjectPart, objectPart].flatMap((p) => (p.kind === 'blank' ? [p.index] : [])),
      hasLeaf: subjectPart.kind === 'leaf' || objectPart.kind === 'leaf',
    };
    const probeLabels = [...blankIndex.keys()].map((label) => `_:${label}`);
    const probeLeaves = (leaf: number) => (('leaf' in subject && subject.leaf === leaf ? subject : object) as Slot).term.value;
    const probeTexts: string[] = [];
    for (const p of [subjectPart, objectPart]) if (p.kind === 'leaf') probeTexts[p.index] = slotTexts.get(p.index)!(probeLeaves(p.index));
    if (render(line, probeLabels, probeTexts) !== full) return undefined;
    lines.push(line);
  }
  const blanks = blankIndex.size;
  const quadsOf: number[][] = Array.from({ length: blanks }, () => []);
  lines.forEach((line, i) => new Set(line.blanks).forEach((b) => quadsOf[b]!.push(i)));
  const firstDegreeLabels = (b: number) => Array.from({ length: blanks }, (_, other) => (other === b ? '_:a' : '_:z'));
  // First-degree hashes that no value can change, once.
  const fixedHashes = quadsOf.map((quads, b) =>
    quads.some((i) => lines[i]!.hasLeaf) ? undefined : sha256Utf8Hex(sortedText(quads.map((i) => lines[i]!), 'keep')(firstDegreeLabels(b), [])!),
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
    write: sortedText(quadsOf[b]!.map((i) => lines[i]!), 'keep'),
    leaves: [...new Set(quadsOf[b]!.flatMap((i) => [lines[i]!.subject, lines[i]!.object].flatMap((p) => (p.kind === 'leaf' ? [p.index] : []))))],
    values: undefined as string[] | undefined,
    hash: '',
  }));

  const writeCanonical = sortedText(lines, 'refuse');
  // Leaf texts (escaped, quoted) of the last credential: most values are the same in the next.
  let lastValues: readonly string[] = [];
  let lastTexts: string[] = [];

  return (values) => {
    const texts: string[] = new Array(values.length);
    for (const [leaf, text] of slots) texts[leaf] = values[leaf] === lastValues[leaf] ? lastTexts[leaf]! : text(values[leaf]!);
    lastValues = values;
    lastTexts = texts;
    const hashes = fixedHashes.slice();
    for (const memo of remembered) {
      if (memo.values === undefined || memo.leaves.some((leaf, i) => memo.values![i] !== values[leaf])) {
        memo.values = memo.leaves.map((leaf) => values[leaf]!);
        memo.hash = sha256Utf8Hex(memo.write(varyingLabels.get(memo.b)!, texts)!);
      }
      hashes[memo.b] = memo.hash;
    }
    const order = hashes.map((_, b) => b).sort((x, y) => (hashes[x]! < hashes[y]! ? -1 : hashes[x]! > hashes[y]! ? 1 : 0));
    const labels: string[] = new Array(blanks);
    for (let rank = 0; rank < blanks; rank++) {
      if (rank > 0 && hashes[order[rank]!] === hashes[order[rank - 1]!]) return undefined; // a tie: step 6 decides
      labels[order[rank]!] = canonicalLabels[rank]!;
    }
    return writeCanonical(labels, texts);
  };
}

/** A quad line's subject: what its lines share, and how they are ordered past it. */
interface SubjectGroup {
  subject: Part;
  /** Its lines by predicate, in the order of their predicates' texts. */
  buckets: Line[][];
}

/**
 * Writes `lines` with given labels and leaf texts as N-Quads in sorted order (JavaScript's string order,
 * as rdf-canonize sorts), joined; with `refuse`, `undefined` when two lines are the same (jsonld would have
 * merged those quads), with `keep`, both (as a first-degree hash takes them). Compiled once, it orders
 * lines without comparing them whole: a line is `subject ' <predicate> ' object tail`, where neither a
 * subject nor a predicate IRI holds a space or `>`, so lines of different subjects are in the order of
 * their subjects' texts (the space after a subject sorts before any character a longer subject could
 * have there: `_:c14n1 ` before `_:c14n10`); lines of one subject, in the fixed order of their
 * predicates' texts; and only lines of one subject and predicate need comparing, by object and tail.
 * When two subjects write the same text (a value equal to another IRI), or the texts break that rule,
 * the lines are rendered whole and sorted.
 */
function sortedText(lines: readonly Line[], duplicates: 'refuse' | 'keep'): (labels: readonly string[], leafTexts: readonly string[]) => string | undefined {
  const sortWhole = (labels: readonly string[], leafTexts: readonly string[]): string | undefined => {
    const rendered = lines.map((line) => render(line, labels, leafTexts));
    rendered.sort();
    if (duplicates === 'refuse') for (let i = 1; i < rendered.length; i++) if (rendered[i] === rendered[i - 1]) return undefined;
    return rendered.join('');
  };
  const SIMPLE_PREDICATE = /^ <[^\s<>]*> $/;
  const SIMPLE_IRI = /^<[^\s<>]*>$/;
  if (lines.some((line) => !SIMPLE_PREDICATE.test(line.predicate) || (line.subject.kind === 'text' && !SIMPLE_IRI.test(line.subject.text)))) return sortWhole;

  const bySubject = new Map<string, SubjectGroup>();
  for (const line of lines) {
    const key = `${line.subject.kind}:${line.subject.kind === 'text' ? line.subject.text : line.subject.index}`;
    let group = bySubject.get(key);
    if (group === undefined) bySubject.set(key, (group = { subject: line.subject, buckets: [] }));
    const bucket = group.buckets.find((lines) => lines[0]!.predicate === line.predicate);
    if (bucket) bucket.push(line);
    else group.buckets.push([line]);
  }
  const groups = [...bySubject.values()];
  for (const group of groups) group.buckets.sort((a, b) => (a[0]!.predicate < b[0]!.predicate ? -1 : 1));
  const order = groups.map((_, i) => i);

  return (labels, leafTexts) => {
    const subjects = groups.map((group) => partText(group.subject, labels, leafTexts));
    order.sort((x, y) => (subjects[x]! < subjects[y]! ? -1 : subjects[x]! > subjects[y]! ? 1 : 0));
    for (let i = 1; i < order.length; i++) if (subjects[order[i]!] === subjects[order[i - 1]!]) return sortWhole(labels, leafTexts);
    let text = '';
    for (const g of order) {
      const subject = subjects[g]!;
      for (const bucket of groups[g]!.buckets) {
        const predicate = bucket[0]!.predicate;
        if (bucket.length === 1) {
          text += subject + predicate + partText(bucket[0]!.object, labels, leafTexts) + bucket[0]!.tail;
          continue;
        }
        const rest = bucket.map((line) => partText(line.object, labels, leafTexts) + line.tail).sort();
        for (let i = 0; i < rest.length; i++) {
          if (duplicates === 'refuse' && i > 0 && rest[i] === rest[i - 1]) return undefined;
          text += subject + predicate + rest[i];
        }
      }
    }
    return text;
  };
}

/** `line` in N-Quads, its blank nodes labelled `labels`, its leaves written `leafTexts`. */
function render(line: Line, labels: readonly string[], leafTexts: readonly string[]): string {
  return partText(line.subject, labels, leafTexts) + line.predicate + partText(line.object, labels, leafTexts) + line.tail;
}

function partText(part: Part, labels: readonly string[], leafTexts: readonly string[]): string {
  return part.kind === 'text' ? part.text : part.kind === 'blank' ? labels[part.index]! : leafTexts[part.index]!;
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
