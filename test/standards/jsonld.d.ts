// The part of jsonld's API (v9, which ships no types) the conformance harness uses. Local to
// test/standards on purpose: the harness must not depend on microcred's own code or declarations.
declare module 'jsonld' {
  export interface JsonLdEvent {
    type: string[];
    code: string;
    level: string;
    message: string;
    details?: Record<string, unknown>;
  }

  export interface RemoteDocument {
    contextUrl: string | null;
    documentUrl: string;
    document: unknown;
  }

  export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

  export type EventHandler = (arg: { event: JsonLdEvent; next: () => void }) => void;

  export interface Options {
    /** Fail (throw a `jsonld.ValidationError` carrying the event) on the first lossy or unsafe event. */
    safe?: boolean;
    base?: string | null;
    documentLoader?: DocumentLoader;
    eventHandler?: EventHandler | EventHandler[];
  }

  export interface ToRdfOptions extends Options {
    format?: 'application/n-quads';
  }

  const jsonld: {
    expand(input: unknown, options?: Options): Promise<unknown[]>;
    toRDF(input: unknown, options?: ToRdfOptions): Promise<unknown>;
  };
  export default jsonld;
}
