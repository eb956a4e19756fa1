/**
 * Credentials for the signature tests: the format-v2 credential, and fast-check arbitraries of credentials
 * of its shape with random values (strings of every kind, IRIs jsonld treats in different ways, numbers),
 * shared by the batch signing and batch verification tests.
 */
import fc from 'fast-check';
import type { SignableCredential } from '../../src/core/index.js';
import { MICROCRED_CONTEXT_V2 } from '../../src/core/jsonld/microcredContext.js';
import { learnerCredential } from './credentials.js';

export const DID = 'did:web:credentials.example.edu';
export const ISSUER_ACCOUNT = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
export const REGISTRY = '0xd5EE96bfc08DceE8A50C2CBfa7c3392908F8FA12';
export const ROOT = `0x${'5b'.repeat(32)}`;

/** A format-v2 credential: three contexts (the third embedded), a did:web issuer, a status entry, an anchor proof. */
export function credentialV2(i: number, did: string = DID): SignableCredential {
  const credential = learnerCredential(i) as unknown as Record<string, any>;
  credential['@context'] = [...credential['@context'], MICROCRED_CONTEXT_V2];
  credential.issuer.id = did;
  credential.credentialStatus = {
    id: `urn:microcred:status:${REGISTRY}:${ISSUER_ACCOUNT}:${ROOT}:${i}`,
    type: 'MicrocredRegistryStatus',
    registry: REGISTRY,
    issuer: ISSUER_ACCOUNT,
    root: ROOT,
    index: i,
  };
  credential.proof = [
    {
      type: 'MicrocredAnchorProof',
      format: 'microcred-anchor-v2',
      issuer: ISSUER_ACCOUNT,
      root: ROOT,
      index: i,
      path: [`0x${'6c'.repeat(32)}`],
      salts: { 'credentialSubject.identifier.0': `0x${'30'.repeat(16)}` },
      hidden: {},
      anchors: [{ chain: 'eip155:31337', registry: REGISTRY }],
    },
  ];
  return credential as SignableCredential;
}

/** Strings of every kind: unicode, escapes, a lone surrogate, empty, IRI-looking, a probe look-alike. */
export const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', '\uD800', 'a"b\\c\nd\te', 'Zoë Ñúñez 李雷 🎓', 'urn:x-microcred-probe:00:1', '8000000000000003', 'https://example.org/x', 'true'),
);
export const iri = fc.constantFrom(
  'https://credentials.example.edu/achievements/a',
  'urn:uuid:6f1c2a7e-0b7d-4a44-9a51-000000000009',
  'did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi',
  'mailto:amara@example.edu',
  'xsd:foo',
  'schema:thing',
  'id:x',
  'https://example.org/a b',
  'relative/path',
  '',
  '_:b0',
  'https://example.org/é',
);
export const shape = fc.record({
  email: fc.boolean(),
  uri: fc.boolean(),
  validUntil: fc.boolean(),
  description: fc.boolean(),
  alignments: fc.nat(2),
  credits: fc.constantFrom('none', 'integer', 'decimal', 'huge'),
  extra: fc.constantFrom('none', 'none', 'defined', 'undefined', 'null'),
  achievementIri: fc.boolean(),
});
export const values = fc.record({
  name: text,
  learner: text,
  email: text,
  uri: iri,
  achievementId: iri,
  credentialId: fc.oneof(fc.uuid().map((u) => `urn:uuid:${u}`), iri),
  credits: fc.oneof(fc.integer({ min: -5, max: 1_000_000 }), fc.double({ noNaN: true, noDefaultInfinity: true })),
  index: fc.nat(),
  validFrom: fc.constantFrom('2025-06-30T00:00:00Z', '2025-06-30T00:00:00.5+02:00', 'not a date'),
  tag: fc.array(text, { maxLength: 2 }),
});

export type Shape = typeof shape extends fc.Arbitrary<infer T> ? T : never;
export type Values = typeof values extends fc.Arbitrary<infer T> ? T : never;

/** A credential of shape `s` with values `v`, issued by `did`. */
export function build(s: Shape, v: Values, did: string = DID): SignableCredential {
  const c = credentialV2(0, did) as Record<string, any>;
  c.id = v.credentialId;
  c.name = v.name;
  c.validFrom = v.validFrom;
  if (s.validUntil) c.validUntil = '2030-01-01T00:00:00Z';
  if (s.description) c.description = v.name;
  const subject = c.credentialSubject;
  subject.identifier = subject.identifier.slice(0, s.email ? 3 : 2);
  subject.identifier[0].identityHash = v.learner;
  if (s.email) subject.identifier[2].identityHash = v.email;
  if (s.uri) subject.id = v.uri;
  const achievement = subject.achievement;
  if (s.achievementIri) achievement.id = v.achievementId;
  achievement.alignment = achievement.alignment.slice(0, s.alignments);
  if (s.alignments === 0) delete achievement.alignment;
  if (s.credits === 'none') delete achievement.creditsAvailable;
  else if (s.credits === 'integer') achievement.creditsAvailable = Math.trunc(v.credits);
  else if (s.credits === 'decimal') achievement.creditsAvailable = v.credits;
  else achievement.creditsAvailable = 1e21;
  if (s.extra === 'defined') achievement.tag = v.tag;
  if (s.extra === 'undefined') subject.favouriteColour = v.name;
  if (s.extra === 'null') achievement.fieldOfStudy = null;
  c.credentialStatus.index = v.index;
  c.credentialStatus.id = `urn:microcred:status:${v.index}`;
  return c as SignableCredential;
}

