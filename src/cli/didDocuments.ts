import { readFileSync } from 'node:fs';
import type { DidDocument } from '../core/did/types.js';
import { parseStrictJson } from '../core/json/index.js';
import { CliError } from './output.js';

/** The DID documents given with --did-document, by their `id`. */
export function readDidDocuments(files: readonly string[]): Record<string, DidDocument> {
  const documents: Record<string, DidDocument> = {};
  for (const file of files) {
    let document: unknown;
    try {
      document = parseStrictJson(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new CliError(`--did-document: ${file} is not a readable JSON file (${(error as Error).message})`, 1, undefined, { code: 'input-unreadable' });
    }
    const id = (document as { id?: unknown } | null)?.id;
    if (typeof id !== 'string' || !id.startsWith('did:')) throw new CliError(`--did-document: ${file} is not a DID document (it has no "id" that is a DID)`, 1, undefined, { code: 'input-unreadable' });
    documents[id] = document as DidDocument;
  }
  return documents;
}
