/** Minimal types for rdf-canonize 5 (untyped): RDF Dataset Canonicalization (RDFC-1.0) of a quad array. */
declare module 'rdf-canonize' {
  import type { Quad } from 'jsonld';
  export const NQuads: {
    /** One quad as an N-Quads line, with its ` .\n`. Blank node values are written after `_:`. */
    serializeQuad(quad: Quad): string;
  };
  export function canonize(input: Quad[], options: { algorithm: 'RDFC-1.0'; format?: 'application/n-quads' }): Promise<string>;
}
