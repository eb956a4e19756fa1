/**
 * The JSON-LD context of microcred's own terms (credential format v2): the anchor proof and the registry
 * status entry. It is embedded in every v2 credential as the third `@context` entry rather than linked,
 * so any JSON-LD processor expands a credential offline and nobody has to host or trust a URL.
 *
 * The term IRIs are URNs on purpose: they name our vocabulary without claiming a domain. The proof's
 * machine fields (salts and hidden commitments keyed by field path, the Merkle path, the anchors) are JSON
 * literals (`@json`): their keys are field paths, not terms, and they are read only by microcred.
 *
 * Frozen: a change is a new format version with a new context, and this one stays as it is forever
 * (the digest and every issuer signature cover it byte for byte).
 */
export const MICROCRED_CONTEXT_V2 = {
  '@protected': true,
  MicrocredAnchorProof: {
    '@id': 'urn:microcred:terms:v2#AnchorProof',
    '@context': {
      '@protected': true,
      id: '@id',
      type: '@type',
      format: 'urn:microcred:terms:v2#format',
      issuer: 'urn:microcred:terms:v2#issuerAccount',
      root: 'urn:microcred:terms:v2#root',
      index: 'urn:microcred:terms:v2#index',
      path: { '@id': 'urn:microcred:terms:v2#path', '@type': '@json' },
      salts: { '@id': 'urn:microcred:terms:v2#salts', '@type': '@json' },
      hidden: { '@id': 'urn:microcred:terms:v2#hidden', '@type': '@json' },
      anchors: { '@id': 'urn:microcred:terms:v2#anchors', '@type': '@json' },
    },
  },
  MicrocredRegistryStatus: {
    '@id': 'urn:microcred:terms:v2#RegistryStatus',
    '@context': {
      '@protected': true,
      id: '@id',
      type: '@type',
      registry: 'urn:microcred:terms:v2#registry',
      issuer: 'urn:microcred:terms:v2#issuerAccount',
      root: 'urn:microcred:terms:v2#root',
      index: 'urn:microcred:terms:v2#index',
    },
  },
} as const;
