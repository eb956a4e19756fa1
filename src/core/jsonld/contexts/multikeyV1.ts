/**
 * `https://w3id.org/security/multikey/v1`, an official JSON-LD context served offline by `createDocumentLoader`.
 *
 * Multikey context: npm @digitalbazaar/multikey-context 2.0.1 (github.com/digitalbazaar/multikey-context) `contexts/multikey-v1.jsonld`.
 * Copied unchanged (same keys, values and key order; test/core/jsonld.test.ts compares it with the official
 * file). Frozen by contexts.ts, which is the only module that should import it.
 */
export const MULTIKEY_V1_URL = 'https://w3id.org/security/multikey/v1';

export const MULTIKEY_V1_CONTEXT = {
  "@context": {
    "id": "@id",
    "type": "@type",
    "@protected": true,
    "Multikey": {
      "@id": "https://w3id.org/security#Multikey",
      "@context": {
        "@protected": true,
        "id": "@id",
        "type": "@type",
        "controller": {
          "@id": "https://w3id.org/security#controller",
          "@type": "@id"
        },
        "expires": {
          "@id": "https://w3id.org/security#expiration",
          "@type": "http://www.w3.org/2001/XMLSchema#dateTime"
        },
        "revoked": {
          "@id": "https://w3id.org/security#revoked",
          "@type": "http://www.w3.org/2001/XMLSchema#dateTime"
        },
        "publicKeyMultibase": {
          "@id": "https://w3id.org/security#publicKeyMultibase",
          "@type": "https://w3id.org/security#multibase"
        },
        "secretKeyMultibase": {
          "@id": "https://w3id.org/security#secretKeyMultibase",
          "@type": "https://w3id.org/security#multibase"
        }
      }
    }
  }
};
