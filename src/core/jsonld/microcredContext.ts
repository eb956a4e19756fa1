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

/**
 * Microcred's context for credentials that carry component evidence (stacked credentials, see
 * `src/core/pathway/`): the v2 context unchanged, plus one type, `MicrocredComponentEvidence`, whose
 * scoped terms say which credential an Open Badges `Evidence` entry stands for: the component's issuer
 * DID, its achievement id, its digest, and where its batch is anchored (`anchor`, a JSON literal read
 * only by microcred).
 *
 * Additive on purpose: every term of `MICROCRED_CONTEXT_V2` means what it meant, so a v2 credential is
 * read the same under either; a credential carries this one only when it has component evidence, and
 * every v2 credential already issued keeps verifying with the context it was issued with. Frozen too.
 */
export const MICROCRED_CONTEXT_V2_COMPONENTS = {
  ...MICROCRED_CONTEXT_V2,
  MicrocredComponentEvidence: {
    '@id': 'urn:microcred:terms:v2#ComponentEvidence',
    '@context': {
      '@protected': true,
      id: '@id',
      type: '@type',
      issuer: { '@id': 'urn:microcred:terms:v2#componentIssuer', '@type': '@id' },
      achievement: { '@id': 'urn:microcred:terms:v2#componentAchievement', '@type': '@id' },
      digest: 'urn:microcred:terms:v2#digest',
      anchor: { '@id': 'urn:microcred:terms:v2#componentAnchor', '@type': '@json' },
    },
  },
} as const;

/** The microcred contexts a v2 credential may end its `@context` with. */
export const MICROCRED_CONTEXTS_V2 = [MICROCRED_CONTEXT_V2, MICROCRED_CONTEXT_V2_COMPONENTS] as const;
