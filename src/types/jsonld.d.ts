/** Minimal types for jsonld 9 (untyped): what microcred calls. */
declare module 'jsonld' {
  export interface RemoteDocument {
    contextUrl: string | null;
    documentUrl: string;
    document: unknown;
    tag?: string;
  }
  export type DocumentLoader = (url: string) => Promise<RemoteDocument>;
  /** What jsonld reports through `eventHandler` (safe mode throws on the lossy ones). */
  export interface JsonLdEvent {
    type: string[];
    code: string;
    level: string;
    message: string;
    details?: Record<string, unknown>;
  }
  export type EventHandler = (arg: { event: JsonLdEvent; next: () => void }) => void;
  export interface JsonLdOptions {
    eventHandler?: EventHandler | EventHandler[];
    documentLoader?: DocumentLoader;
    /** Fail on any term or value that would be dropped (JSON-LD "safe mode"). */
    safe?: boolean;
    base?: string | null;
    [option: string]: unknown;
  }
  /** An RDF dataset as jsonld.toRDF returns it without `format`: rdf-canonize's quad objects. */
  export type Quad = {
    subject: { termType: string; value: string };
    predicate: { termType: string; value: string };
    object: { termType: string; value: string; datatype?: { termType: string; value: string }; language?: string };
    graph: { termType: string; value: string };
  };
  interface JsonLd {
    expand(input: unknown, options?: JsonLdOptions): Promise<Record<string, unknown>[]>;
    compact(input: unknown, context: unknown, options?: JsonLdOptions): Promise<Record<string, unknown>>;
    toRDF(input: unknown, options?: JsonLdOptions & { format?: 'application/n-quads' }): Promise<Quad[] | string>;
    canonize(input: unknown, options?: JsonLdOptions & { algorithm?: string; format?: string }): Promise<string>;
    getValues(subject: unknown, property: string): unknown[];
  }
  const jsonld: JsonLd;
  export default jsonld;
}
