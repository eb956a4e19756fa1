import { CREDENTIALS_V1_CONTEXT, CREDENTIALS_V1_URL } from './contexts/credentialsV1.js';
import { CREDENTIALS_V2_CONTEXT, CREDENTIALS_V2_URL } from './contexts/credentialsV2.js';
import { DATA_INTEGRITY_V1_CONTEXT, DATA_INTEGRITY_V1_URL } from './contexts/dataIntegrityV1.js';
import { DID_V1_CONTEXT, DID_V1_URL } from './contexts/didV1.js';
import { MULTIKEY_V1_CONTEXT, MULTIKEY_V1_URL } from './contexts/multikeyV1.js';
import { OPEN_BADGES_V301_CONTEXT, OPEN_BADGES_V301_URL } from './contexts/openBadgesV301.js';
import { OPEN_BADGES_V303_CONTEXT, OPEN_BADGES_V303_URL } from './contexts/openBadgesV303.js';

/**
 * The official JSON-LD contexts microcred reads, embedded so that no credential, signature or DID document
 * ever makes us fetch a URL. Each file under `contexts/` says where its copy comes from.
 *
 * - VC 2.0 and Open Badges 3.0.3: what microcred's credentials use.
 * - DID Core 1.0 and Multikey: what issuer DID documents use.
 * - VC 1.1, Open Badges 3.0.1 and Data Integrity 1.0 (draft): only to verify credentials other issuers
 *   signed with those (1EdTech's own signed example among them).
 */
export { CREDENTIALS_V2_URL, DID_V1_URL, MULTIKEY_V1_URL, OPEN_BADGES_V303_URL };

/** A JSON-LD context document: an object whose `@context` holds the term definitions. */
export type JsonLdContextDocument = Readonly<{ '@context': unknown }>;

/** Every context `createDocumentLoader` serves, by URL. Deeply frozen: jsonld must never change them. */
export const OFFLINE_CONTEXTS: ReadonlyMap<string, JsonLdContextDocument> = new Map(
  (
    [
      [CREDENTIALS_V2_URL, CREDENTIALS_V2_CONTEXT],
      [OPEN_BADGES_V303_URL, OPEN_BADGES_V303_CONTEXT],
      [DID_V1_URL, DID_V1_CONTEXT],
      [MULTIKEY_V1_URL, MULTIKEY_V1_CONTEXT],
      [CREDENTIALS_V1_URL, CREDENTIALS_V1_CONTEXT],
      [OPEN_BADGES_V301_URL, OPEN_BADGES_V301_CONTEXT],
      [DATA_INTEGRITY_V1_URL, DATA_INTEGRITY_V1_CONTEXT],
    ] as const
  ).map(([url, document]) => [url, deepFreeze(document)]),
);

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') for (const child of Object.values(Object.freeze(value))) deepFreeze(child);
  return value;
}
