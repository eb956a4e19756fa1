import { readFileSync } from 'node:fs';
import { DataIntegrityProof as DataIntegrityProofSuite } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { expect } from 'chai';
import fc from 'fast-check';
import {
  type DataIntegrityProof,
  type DidDocument,
  type IssuerSigner,
  type SignCredentialsStats,
  type SignableCredential,
  buildIssuerDidDocument,
  createDocumentLoader,
  generateIssuerKey,
  issuerSigner,
  signCredential,
  signCredentials,
  verifyCredentialSignature,
} from '../../src/core/index.js';
import { DID, ISSUER_ACCOUNT, build, credentialV2, shape, values } from '../helpers/signatureCredentials.js';

const OTHER = 'did:web:other.example.org';
const CREATED = '2025-07-01T12:00:00Z';

const key = await generateIssuerKey();
const signer = await issuerSigner({ did: DID, ...key });
const document = buildIssuerDidDocument({ did: DID, signingKey: key, accounts: [ISSUER_ACCOUNT] });
const otherKey = await generateIssuerKey();
const otherDocument = buildIssuerDidDocument({ did: OTHER, signingKey: otherKey, accounts: [] });
const documents: Record<string, DidDocument> = { [DID]: document, [OTHER]: otherDocument };
const resolveDid = async (did: string) => documents[did];

async function signed(credential: SignableCredential, by: IssuerSigner = signer): Promise<SignableCredential & { proof: unknown[] }> {
  const proof = await signCredential(credential, by, { created: CREATED });
  return { ...credential, proof: [proof, ...(credential.proof as unknown[])] };
}

const unsigned = credentialV2(3);
const credential = await signed(unsigned);

describe('signatures: eddsa-rdfc-2022 Data Integrity proofs', () => {
  it('signs with the issuer key, over everything but proof, and verifies', async () => {
    const proof = credential.proof[0] as DataIntegrityProof;
    expect(Object.keys(proof)).to.deep.equal(['type', 'created', 'verificationMethod', 'cryptosuite', 'proofPurpose', 'proofValue']);
    expect(proof).to.include({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod', verificationMethod: `${DID}#key-1`, created: CREATED });
    expect(proof.proofValue).to.match(/^z[1-9A-HJ-NP-Za-km-z]{80,90}$/);
    // The anchor proof already in `proof` is not signed: signing without it gives the same proof.
    expect(await signCredential({ ...unsigned, proof: undefined }, signer, { created: CREATED })).to.deep.equal(proof);
    expect(await verifyCredentialSignature(credential, { resolveDid })).to.deep.equal({ verified: true, verificationMethod: `${DID}#key-1`, controller: DID });
    // `proof` as a single object (format v1 style) is read too.
    expect(await verifyCredentialSignature({ ...credential, proof }, { resolveDid })).to.include({ verified: true });
  });

  it('verifies with @digitalbazaar/vc verifyCredential given only the DID document (independent check)', async () => {
    const result = await vc.verifyCredential({
      credential,
      suite: new DataIntegrityProofSuite({ cryptosuite }),
      documentLoader: createDocumentLoader({ resolveDid: async (did) => (did === DID ? document : undefined) }),
      checkStatus: async () => ({ verified: true }),
    });
    expect(result.verified, String(result.error)).to.equal(true);
  });

  it('says absent, not invalid, when there is no Data Integrity proof', async () => {
    expect(await verifyCredentialSignature(credentialV2(3), { resolveDid })).to.include({ verified: false, reason: 'absent' });
    expect(await verifyCredentialSignature({ ...credentialV2(3), proof: undefined }, { resolveDid })).to.include({ verified: false, reason: 'absent' });
  });

  const tampers: [string, (c: any) => void][] = [
    ['name', (c) => (c.name = `${c.name}.`)],
    ['a learner identifier', (c) => (c.credentialSubject.identifier[1].identityHash = 'Mallory')],
    ['validFrom', (c) => (c.validFrom = '2024-06-30T00:00:00Z')],
    ['credentialStatus', (c) => (c.credentialStatus.index = 4)],
    ['the embedded context', (c) => (c['@context'][2].MicrocredRegistryStatus['@context'].index = 'urn:microcred:terms:v2#position')],
    ['the achievement', (c) => (c.credentialSubject.achievement.creditsAvailable = 50)],
  ];
  for (const [what, tamper] of tampers) {
    it(`fails as invalid when ${what} is altered`, async () => {
      const copy = structuredClone(credential);
      tamper(copy);
      const verdict = await verifyCredentialSignature(copy, { resolveDid });
      expect(verdict).to.include({ verified: false, reason: 'invalid' });
      expect(verdict.verified === false && verdict.message).to.match(/altered/);
    });
  }

  it('fails as wrong-key when the key is not in assertionMethod, or its controller is not the issuer', async () => {
    const notAsserting = await verifyCredentialSignature(credential, { resolveDid: async (did) => (did === DID ? { ...document, assertionMethod: [] } : undefined) });
    expect(notAsserting).to.include({ verified: false, reason: 'wrong-key' });
    // Signed by the other issuer's key but naming DID as issuer: a good signature by the wrong party.
    const otherSigner = await issuerSigner({ did: OTHER, ...otherKey });
    const impostor = await signed(credentialV2(5), otherSigner);
    const verdict = await verifyCredentialSignature(impostor, { resolveDid });
    expect(verdict).to.include({ verified: false, reason: 'wrong-key', verificationMethod: `${OTHER}#key-1`, controller: DID });
  });

  it('fails as unresolved when the issuer DID cannot be resolved', async () => {
    expect(await verifyCredentialSignature(credential, { resolveDid: async () => undefined })).to.include({ verified: false, reason: 'unresolved' });
    const throwing = async () => Promise.reject(new Error('network down'));
    expect(await verifyCredentialSignature(credential, { resolveDid: throwing })).to.include({ verified: false, reason: 'unresolved' });
  });

  it('refuses to sign a credential with a term no context defines (JSON-LD safe mode)', async () => {
    const bad = { ...credentialV2(1), favouriteColour: 'green' };
    await signCredential(bad, signer).then(
      () => expect.fail('signed an undefined term'),
      (error: Error) => expect(error.message).to.match(/safe mode|dropped|undefined/i),
    );
  });

  describe("control: 1EdTech's signed example", () => {
    const example = JSON.parse(readFileSync(new URL('../fixtures/standards/validator-simple-eddsa-2022.json', import.meta.url), 'utf8'));
    // The issuer is an https URL, not a DID; the key is the did:key-style multibase in the method's fragment.
    const issuer = 'https://example.com/issuers/876543';
    const publicKeyMultibase = 'z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi';
    const method = `${issuer}#${publicKeyMultibase}`;
    const controllers = {
      [issuer]: {
        '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
        id: issuer,
        verificationMethod: [{ id: method, type: 'Multikey', controller: issuer, publicKeyMultibase }],
        assertionMethod: [method],
      },
    };

    it('verifies', async () => {
      expect(await verifyCredentialSignature(example, { resolveDid, controllers })).to.deep.equal({ verified: true, verificationMethod: method, controller: issuer });
    });

    it('fails when tampered', async () => {
      const tampered = structuredClone(example);
      tampered.credentialSubject.achievement.name = 'some other name';
      expect(await verifyCredentialSignature(tampered, { resolveDid, controllers })).to.include({ verified: false, reason: 'invalid' });
    });
  });
});

describe('signatures: batch signing is byte for byte the reference', () => {
  async function reference(credentials: SignableCredential[]): Promise<DataIntegrityProof[] | 'throws'> {
    try {
      const proofs: DataIntegrityProof[] = [];
      for (const c of credentials) proofs.push(await signCredential(c, signer, { created: CREATED }));
      return proofs;
    } catch {
      return 'throws';
    }
  }

  it('gives the same proofs as signCredential for random credentials of our shape (fast-check)', async () => {
    const total: SignCredentialsStats = { fast: 0, reference: 0 };
    await fc.assert(
      fc.asyncProperty(shape, fc.array(values, { minLength: 1, maxLength: 3 }), fc.option(fc.tuple(shape, values), { freq: 4 }), async (s, vs, odd) => {
        const batch = vs.map((v) => build(s, v));
        if (odd !== null) batch.splice(1, 0, build(odd[0], odd[1]));
        const expected = await reference(batch);
        const stats: SignCredentialsStats = { fast: 0, reference: 0 };
        const actual = await signCredentials(batch, signer, { created: CREATED, stats }).catch(() => 'throws' as const);
        expect(actual).to.deep.equal(expected);
        total.fast += stats.fast;
        total.reference += stats.reference;
      }),
      { numRuns: process.env.CI ? 150 : 50 },
    );
    // Both paths were exercised.
    expect(total.fast).to.be.greaterThan(0);
    expect(total.reference).to.be.greaterThan(0);
  });

  it('takes the fast path for a batch of ordinary credentials, and they verify', async () => {
    const batch = Array.from({ length: 20 }, (_, i) => credentialV2(i));
    const stats: SignCredentialsStats = { fast: 0, reference: 0 };
    const proofs = await signCredentials(batch, signer, { created: CREATED, stats });
    expect(stats).to.deep.equal({ fast: 20, reference: 0 });
    expect(proofs).to.deep.equal(await reference(batch));
    const verdict = await verifyCredentialSignature({ ...batch[7]!, proof: [proofs[7], ...(batch[7]!.proof as unknown[])] }, { resolveDid });
    expect(verdict).to.include({ verified: true });
  });

  it('falls back to the reference path for an IRI jsonld would expand (a context prefix as scheme)', async () => {
    const c = credentialV2(1) as Record<string, any>;
    const probe = credentialV2(2) as Record<string, any>;
    c.credentialSubject.achievement.id = 'xsd:foo';
    const stats: SignCredentialsStats = { fast: 0, reference: 0 };
    const proofs = await signCredentials([probe as SignableCredential, c as SignableCredential], signer, { created: CREATED, stats });
    expect(stats).to.deep.equal({ fast: 1, reference: 1 });
    expect(proofs).to.deep.equal(await reference([probe as SignableCredential, c as SignableCredential]));
  });
});
