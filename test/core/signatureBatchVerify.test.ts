import { readFileSync } from 'node:fs';
import { DataIntegrityProof as DataIntegrityProofSuite } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { expect } from 'chai';
import fc from 'fast-check';
import jsigs from 'jsonld-signatures';
import {
  type DidDocument,
  type IssuerSigner,
  type SignableCredential,
  type SignatureVerdict,
  type VerifyCredentialSignaturesStats,
  buildIssuerDidDocument,
  createDocumentLoader,
  generateIssuerKey,
  issuerSigner,
  signCredential,
  signCredentials,
  verifyCredentialSignature,
  verifyCredentialSignatures,
} from '../../src/core/index.js';
import { DID_V1_URL, MULTIKEY_V1_URL } from '../../src/core/jsonld/contexts.js';
import { changed, leafPaths, setAt } from '../helpers/credentials.js';
import { DID, ISSUER_ACCOUNT, build, credentialV2, shape, values } from '../helpers/signatureCredentials.js';

const CREATED = '2025-07-01T12:00:00Z';
/** Issuers: two ordinary ones, one whose document does not list its key in assertionMethod, one whose document's first context is not DID v1 (jsonld-signatures frames it), one nobody can resolve, one whose resolver fails. */
const OTHER = 'did:web:other.example.org';
const SILENT = 'did:web:silent.example.org';
const FRAMED = 'did:web:framed.example.org';
const UNKNOWN = 'did:web:unknown.example.org';
const FAILING = 'did:web:failing.example.org';

async function issuer(did: string) {
  const key = await generateIssuerKey();
  return { did, key, signer: await issuerSigner({ did, ...key }), document: buildIssuerDidDocument({ did, signingKey: key, accounts: [ISSUER_ACCOUNT] }) };
}
const issuers = {
  main: await issuer(DID),
  other: await issuer(OTHER),
  silent: await issuer(SILENT),
  framed: await issuer(FRAMED),
  unknown: await issuer(UNKNOWN),
  failing: await issuer(FAILING),
};
/** Signs as `DID#key-1` with a key that is not DID's. */
const forger: IssuerSigner = await issuerSigner({ did: DID, ...(await generateIssuerKey()) });

const documents: Record<string, DidDocument> = {
  [DID]: issuers.main.document,
  [OTHER]: issuers.other.document,
  [SILENT]: { ...issuers.silent.document, assertionMethod: [] },
  [FRAMED]: { ...issuers.framed.document, '@context': [MULTIKEY_V1_URL, DID_V1_URL, ...(issuers.framed.document['@context'] as string[]).slice(2)] },
};
const resolveDid = async (did: string) => {
  if (did === FAILING) throw new Error('network down');
  return documents[did];
};

// 1EdTech's example, signed with the legacy cryptosuite name by an https issuer (see signature.test.ts).
const legacy = JSON.parse(readFileSync(new URL('../fixtures/standards/validator-simple-eddsa-2022.json', import.meta.url), 'utf8')) as SignableCredential;
const LEGACY_ISSUER = 'https://example.com/issuers/876543';
const LEGACY_KEY = 'z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi';
const controllers = {
  [LEGACY_ISSUER]: {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: LEGACY_ISSUER,
    verificationMethod: [{ id: `${LEGACY_ISSUER}#${LEGACY_KEY}`, type: 'Multikey', controller: LEGACY_ISSUER, publicKeyMultibase: LEGACY_KEY }],
    assertionMethod: [`${LEGACY_ISSUER}#${LEGACY_KEY}`],
  },
};
const options = { resolveDid, controllers };

/** What may differ between the two: only the error object. */
const comparable = (verdict: SignatureVerdict) => ({ ...verdict, error: undefined });

async function reference(credentials: readonly SignableCredential[]): Promise<SignatureVerdict[]> {
  const verdicts: SignatureVerdict[] = [];
  for (const credential of credentials) verdicts.push(await verifyCredentialSignature(credential, options));
  return verdicts;
}

const withProof = (credential: SignableCredential, proof: unknown): SignableCredential => ({ ...credential, proof: [proof, ...(credential.proof as unknown[])] });

/** What is done to a signed credential, and the reason both must give (`undefined`: only that they agree). */
type Case =
  | { kind: 'valid' | 'other' | 'no-method' | 'bad-created' | 'absent' | 'no-proof' | 'legacy' | 'legacy-tampered' | 'forged' | 'not-asserting' | 'framed' | 'impostor' | 'unknown' | 'failing' | 'odd-proof' }
  | { kind: 'leaf'; pick: number }
  | { kind: 'proof-value'; pick: number; to: string }
  | { kind: 'created'; at: Date };

const KINDS = ['other', 'no-method', 'bad-created', 'absent', 'no-proof', 'legacy', 'legacy-tampered', 'forged', 'not-asserting', 'framed', 'impostor', 'unknown', 'failing', 'odd-proof'] as const;

const caseArbitrary: fc.Arbitrary<Case> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'valid' as const }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('leaf' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('proof-value' as const), pick: fc.nat(), to: fc.constantFrom('1', 'z', 'A', 'o', '0', '') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('created' as const), at: fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }) }) },
  ...KINDS.map((kind) => ({ weight: 1, arbitrary: fc.constant({ kind }) })),
);

/** Signs as DID's key with extra proof options (which `signCredential` never writes). */
async function signWithOptions(credential: SignableCredential, extra: Record<string, unknown>): Promise<unknown> {
  const { proof: _proof, ...unsigned } = credential;
  const suite = new DataIntegrityProofSuite({ signer: issuers.main.signer, date: CREATED, cryptosuite });
  (suite as unknown as { proof: object }).proof = extra;
  return (await jsigs.sign(unsigned, { suite, purpose: new jsigs.purposes.AssertionProofPurpose(), documentLoader: createDocumentLoader() })).proof;
}

type Reason = 'verified' | Extract<SignatureVerdict, { verified: false }>['reason'];

/**
 * The credential of case `c` made from the unsigned credential `u`, and the reason both verifiers must
 * give (`undefined`: only that they agree). A credential the reference cannot sign (a term no context
 * defines, a relative IRI) gets the proof of another credential instead.
 */
async function make(c: Case, u: SignableCredential): Promise<{ credential: SignableCredential; want: Reason | undefined }> {
  const unsignable = await signCredential(u, issuers.main.signer).then(
    () => false,
    () => true,
  );
  if (unsignable) return { credential: withProof(u, await signCredential(credentialV2(0), issuers.main.signer)), want: undefined };
  const sign = async (credential: SignableCredential, by: IssuerSigner, created: string | Date = CREATED) => withProof(credential, await signCredential(credential, by, { created }));
  const reissued = (did: string) => ({ ...u, issuer: { ...(u.issuer as object), id: did } });
  const proofOf = (credential: SignableCredential) => (credential.proof as Record<string, unknown>[])[0]!;
  switch (c.kind) {
    case 'valid':
      return { credential: await sign(u, issuers.main.signer), want: 'verified' };
    case 'created':
      return { credential: await sign(u, issuers.main.signer, c.at), want: 'verified' };
    case 'absent':
      return { credential: u, want: 'absent' };
    case 'no-proof':
      return { credential: { ...u, proof: undefined }, want: 'absent' };
    case 'legacy':
      return { credential: legacy, want: 'verified' };
    case 'legacy-tampered': {
      const tampered = structuredClone(legacy) as unknown as { credentialSubject: { achievement: { name: string } } };
      tampered.credentialSubject.achievement.name = 'some other name';
      return { credential: tampered as unknown as SignableCredential, want: 'invalid' };
    }
    case 'forged':
      return { credential: await sign(u, forger), want: 'invalid' };
    case 'not-asserting':
      return { credential: await sign(reissued(SILENT), issuers.silent.signer), want: 'wrong-key' };
    case 'framed':
      return { credential: await sign(reissued(FRAMED), issuers.framed.signer), want: 'verified' };
    case 'other':
      return { credential: await sign(reissued(OTHER), issuers.other.signer), want: 'verified' };
    case 'impostor': // a good signature by OTHER's key on a credential naming DID as issuer
      return { credential: await sign(u, issuers.other.signer), want: 'wrong-key' };
    case 'unknown':
      return { credential: await sign(reissued(UNKNOWN), issuers.unknown.signer), want: 'unresolved' };
    case 'failing':
      return { credential: await sign(reissued(FAILING), issuers.failing.signer), want: 'unresolved' };
    case 'no-method': {
      const signed = await sign(u, issuers.main.signer);
      proofOf(signed).verificationMethod = '';
      return { credential: signed, want: 'invalid' };
    }
    case 'bad-created': {
      const signed = await sign(u, issuers.main.signer);
      proofOf(signed).created = '1 July 2025';
      return { credential: signed, want: 'invalid' };
    }
    case 'odd-proof': {
      // Signed with an extra proof option (`expires`): verifies, through the reference path.
      const credential = withProof(u, await signWithOptions(u, { expires: '2099-01-01T00:00:00Z' }));
      return { credential, want: 'verified' };
    }
    case 'leaf': {
      const signed = await sign(u, issuers.main.signer);
      const { proof, ...rest } = signed;
      const paths = leafPaths(rest);
      const [path, value] = paths[c.pick % paths.length]!;
      const altered = structuredClone(rest);
      setAt(altered, path, changed(value));
      // Outside `@context`, a changed leaf changes what was signed; in it, it may also name a context nobody serves.
      // A blank node's label is not signed (canonicalisation relabels blank nodes), so `_:b0` → `_:b0x` may still verify.
      const blankLabel = typeof value === 'string' && value.startsWith('_:');
      return { credential: { ...altered, proof } as SignableCredential, want: path.startsWith('@context') || blankLabel ? undefined : 'invalid' };
    }
    case 'proof-value': {
      const signed = await sign(u, issuers.main.signer);
      const proof = proofOf(signed);
      const value = proof.proofValue as string;
      const at = c.pick % value.length;
      let replaced = value.slice(0, at) + c.to + value.slice(at + 1);
      if (replaced === value) replaced = `${value.slice(0, at)}${c.to === '2' ? '3' : '2'}${value.slice(at + 1)}`;
      proof.proofValue = replaced;
      return { credential: signed, want: 'invalid' };
    }
  }
}

describe('signatures: batch verification gives the reference verdicts', () => {
  it('agrees with verifyCredentialSignature on random mixed batches (fast-check)', async () => {
    const total: VerifyCredentialSignaturesStats = { fast: 0, reference: 0 };
    await fc.assert(
      fc.asyncProperty(shape, fc.array(fc.tuple(values, caseArbitrary), { minLength: 1, maxLength: 6 }), async (s, items) => {
        const made = await Promise.all(items.map(([v, c]) => make(c, build(s, v))));
        const batch = made.map(({ credential }) => credential);
        const expected = await reference(batch);
        const stats: VerifyCredentialSignaturesStats = { fast: 0, reference: 0 };
        const actual = await verifyCredentialSignatures(batch, { ...options, stats });
        expect(actual.map(comparable)).to.deep.equal(expected.map(comparable));
        expect(stats.fast + stats.reference).to.equal(batch.length);
        total.fast += stats.fast;
        total.reference += stats.reference;
        made.forEach(({ want }, i) => {
          const verdict = actual[i]!;
          const reason: Reason = verdict.verified ? 'verified' : verdict.reason;
          if (want !== undefined) expect(reason, `${items[i]![1].kind}: ${verdict.verified ? '' : verdict.message}`).to.equal(want);
        });
      }),
      { numRuns: process.env.CI ? 120 : 40 },
    );
    // Both paths were exercised, and every case came out.
    expect(total.fast).to.be.greaterThan(0);
    expect(total.reference).to.be.greaterThan(0);
  });

  it('agrees on a batch with one credential of every case, judging all but the odd ones itself, resolving each DID once', async () => {
    const cases: Case[] = [
      { kind: 'valid' },
      { kind: 'created', at: new Date('2031-02-03T04:05:06.789Z') },
      { kind: 'leaf', pick: leafPaths(credentialV2(2)).findIndex(([path]) => path === 'credentialSubject.achievement.name') },
      { kind: 'proof-value', pick: 40, to: '1' },
      { kind: 'proof-value', pick: 3, to: '0' }, // not base58: fails to decode
      ...KINDS.map((kind) => ({ kind })),
      { kind: 'valid' },
    ];
    const made = await Promise.all(cases.map((c, i) => make(c, credentialV2(i))));
    const batch = made.map(({ credential }) => credential);
    const calls = new Map<string, number>();
    const counting = async (did: string) => {
      calls.set(did, (calls.get(did) ?? 0) + 1);
      return resolveDid(did);
    };
    const stats: VerifyCredentialSignaturesStats = { fast: 0, reference: 0 };
    const actual = await verifyCredentialSignatures(batch, { resolveDid: counting, controllers, stats });
    expect(actual.map(comparable)).to.deep.equal((await reference(batch)).map(comparable));
    expect(actual.map((v) => (v.verified ? 'verified' : v.reason))).to.deep.equal(made.map(({ want }) => want));
    // The reference path: no signature (2), the legacy cryptosuite name (2), an extra proof option, no method, a `created` that is no date.
    expect(stats).to.deep.equal({ fast: batch.length - 7, reference: 7 });
    expect([...calls.values()].every((n) => n === 1), JSON.stringify([...calls])).to.equal(true);
  });

  it('verifies every credential of a signCredentials batch by the batch path', async () => {
    const batch = Array.from({ length: 30 }, (_, i) => credentialV2(i));
    const proofs = await signCredentials(batch, issuers.main.signer, { created: CREATED });
    const signed = batch.map((credential, i) => withProof(credential, proofs[i]));
    const stats: VerifyCredentialSignaturesStats = { fast: 0, reference: 0 };
    const verdicts = await verifyCredentialSignatures(signed, { resolveDid, stats });
    expect(verdicts.every((v) => v.verified)).to.equal(true);
    expect(stats).to.deep.equal({ fast: 30, reference: 0 });
  });
});
