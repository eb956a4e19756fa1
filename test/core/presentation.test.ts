import { readFileSync } from 'node:fs';
import { DataIntegrityProof as DataIntegrityProofSuite } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { expect } from 'chai';
import {
  type AnchoredCredential,
  type DidDocument,
  type VerifiablePresentation,
  buildBatch,
  buildCredential,
  buildIssuerDidDocument,
  buildPresentation,
  createDocumentLoader,
  generateHolderKey,
  generateIssuerKey,
  holderSigner,
  isPresentation,
  issuerSigner,
  redact,
  resolveDid,
  signCredential,
  signPresentation,
  verifyPresentationSignature,
} from '../../src/core/index.js';
import { checkJsonLdSafeMode } from '../standards/conformance.js';
import { REGISTRY, template } from '../helpers/credentials.js';

const ISSUER_DID = 'did:web:credentials.example.edu';
const ISSUER_ACCOUNT = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const CHALLENGE = 'c0ffee-4b1d-nonce';
const DOMAIN = 'hiring.example.com';
const CREATED = '2025-07-01T12:00:00Z';

const issuerKey = await generateIssuerKey();
const issuerDocument = buildIssuerDidDocument({ did: ISSUER_DID, signingKey: issuerKey, accounts: [ISSUER_ACCOUNT] });
const holderKey = await generateHolderKey();
const signer = await holderSigner(holderKey);

/** Resolves did:key locally, as a verifier would, and the issuer's did:web from the document above. */
const resolve = async (did: string): Promise<DidDocument | undefined> => (did === ISSUER_DID ? issuerDocument : (await resolveDid(did)).document);

/** Two format v2 credentials of the holder (subject id = the holder's DID), signed by the issuer; and a redacted copy of the first. */
async function holderCredentials(): Promise<AnchoredCredential[]> {
  const drafts = [1, 2].map((i) =>
    buildCredential({ id: `S2025-000${i}`, name: 'Amara Okafor', email: 'amara@example.edu', uri: holderKey.did }, template, {
      issuer: { did: ISSUER_DID, name: 'Example University' },
      validFrom: '2025-06-30T00:00:00Z',
    }),
  );
  const { credentials } = buildBatch(drafts, { issuer: ISSUER_ACCOUNT, registry: REGISTRY });
  const issuer = await issuerSigner({ did: ISSUER_DID, ...issuerKey });
  const signed = await Promise.all(
    credentials.map(async (credential) => ({ ...credential, proof: [await signCredential(credential, issuer, { created: CREATED }), ...(credential.proof as unknown[])] }) as AnchoredCredential),
  );
  return [...signed, redact(credentials[0]!, ['credentialSubject.identifier.2'])];
}

const credentials = await holderCredentials();
const presentation = buildPresentation({ holder: holderKey.did, credentials });
const signed = await signPresentation(presentation, signer, { challenge: CHALLENGE, domain: DOMAIN, created: CREATED });

describe('presentations: a skills passport signed by its holder (VC 2.0, eddsa-rdfc-2022, authentication)', () => {
  it('holder keys are Ed25519 did:keys whose derived DID document lists the key under authentication', async () => {
    expect(holderKey.did).to.match(/^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]{44}$/);
    expect(holderKey.did).to.equal(`did:key:${holderKey.publicKeyMultibase}`);
    expect(signer.id).to.equal(`${holderKey.did}#${holderKey.publicKeyMultibase}`);
    const { document } = await resolveDid(holderKey.did);
    expect(document.authentication).to.deep.equal([signer.id]);
    const other = await generateHolderKey();
    await holderSigner({ ...holderKey, did: other.did }).then(
      () => expect.fail('signer for a DID that is not the key'),
      (error: Error) => expect(error.message).to.match(/not the did:key of its public key/),
    );
  });

  it('builds a VC 2.0 presentation naming the holder, credentials embedded as they are', () => {
    expect(presentation).to.deep.equal({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiablePresentation'],
      holder: holderKey.did,
      verifiableCredential: credentials,
    });
    expect(isPresentation(presentation)).to.equal(true);
    expect(isPresentation(signed)).to.equal(true);
    expect(isPresentation(credentials)).to.equal(false); // the plain passport array
    expect(isPresentation(credentials[0])).to.equal(false);
    expect(isPresentation({ ...presentation, type: ['VerifiableCredential'] })).to.equal(false);
    expect(isPresentation({ ...presentation, verifiableCredential: ['urn:uuid:1'] })).to.equal(false);
    expect(() => buildPresentation({ holder: 'Amara', credentials })).to.throw(/must be a DID/);
    expect(() => buildPresentation({ holder: holderKey.did, credentials: [] })).to.throw(/at least one credential/);
  });

  it('signs with an authentication proof carrying challenge and domain, and verifies with them', async () => {
    expect(signed.proof).to.include({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'authentication',
      verificationMethod: signer.id,
      challenge: CHALLENGE,
      domain: DOMAIN,
      created: CREATED,
    });
    expect(await verifyPresentationSignature(signed, { resolveDid: resolve, challenge: CHALLENGE, domain: DOMAIN })).to.deep.equal({
      verified: true,
      holder: holderKey.did,
      verificationMethod: signer.id,
    });
    // The verifier that asks for neither accepts it too (the challenge is the verifier's to check).
    expect(await verifyPresentationSignature(signed, { resolveDid: resolve })).to.include({ verified: true });
  });

  it('signs without a challenge, and with a domain alone', async () => {
    const plain = await signPresentation(presentation, signer);
    expect(plain.proof).to.not.have.any.keys('challenge', 'domain');
    expect(await verifyPresentationSignature(plain, { resolveDid: resolve })).to.include({ verified: true });
    expect(await verifyPresentationSignature(plain, { resolveDid: resolve, challenge: CHALLENGE })).to.include({ verified: false, reason: 'challenge' });
    const forDomain = await signPresentation(presentation, signer, { domain: DOMAIN });
    expect(forDomain.proof).to.include({ domain: DOMAIN }).and.not.have.key('challenge');
    expect(await verifyPresentationSignature(forDomain, { resolveDid: resolve, domain: DOMAIN })).to.include({ verified: true });
    // The domain is signed: changing it breaks the signature.
    const moved = { ...forDomain, proof: { ...forDomain.proof, domain: 'evil.example' } };
    expect(await verifyPresentationSignature(moved, { resolveDid: resolve })).to.include({ verified: false, reason: 'invalid' });
  });

  it('refuses a presentation replayed for another challenge or another verifier', async () => {
    const replayed = await verifyPresentationSignature(signed, { resolveDid: resolve, challenge: 'another-nonce', domain: DOMAIN });
    expect(replayed).to.include({ verified: false, reason: 'challenge' });
    expect(replayed.verified === false && replayed.message).to.match(/another request/);
    expect(await verifyPresentationSignature(signed, { resolveDid: resolve, challenge: CHALLENGE, domain: 'other.example.org' })).to.include({ verified: false, reason: 'domain' });
    // Rewriting the proof's challenge to the new one breaks the signature instead.
    const rewritten = { ...signed, proof: { ...signed.proof, challenge: 'another-nonce' } };
    expect(await verifyPresentationSignature(rewritten, { resolveDid: resolve, challenge: 'another-nonce', domain: DOMAIN })).to.include({ verified: false, reason: 'invalid' });
  });

  const tampers: [string, (p: any) => void][] = [
    ['a credential field (the name)', (p) => (p.verifiableCredential[0].name = 'Advanced Data Analysis')],
    ['a learner identifier', (p) => (p.verifiableCredential[1].credentialSubject.identifier[1].identityHash = 'Mallory')],
    ["a credential's anchor proof", (p) => (p.verifiableCredential[2].proof[0].index = 1)],
    ["a credential's issuer signature", (p) => (p.verifiableCredential[0].proof[0].created = '2025-07-02T12:00:00Z')],
    ['a credential removed', (p) => p.verifiableCredential.pop()],
    ['a credential added', (p) => p.verifiableCredential.push(structuredClone(p.verifiableCredential[0]))],
    ['the holder is renamed (it is signed too)', (p) => (p.holder = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK')],
  ];
  for (const [what, tamper] of tampers) {
    it(`refuses it as invalid when ${what}`, async () => {
      const copy = structuredClone(signed);
      tamper(copy);
      const verdict = await verifyPresentationSignature(copy, { resolveDid: resolve, challenge: CHALLENGE, domain: DOMAIN });
      expect(verdict).to.include({ verified: false, reason: 'invalid' });
    });
  }

  it("refuses someone else's key: a presentation naming the victim as holder, signed by the thief", async () => {
    const thief = await holderSigner(await generateHolderKey());
    // The library won't sign another holder's presentation...
    await signPresentation(presentation, thief).then(
      () => expect.fail('signed for another holder'),
      (error: Error) => expect(error.message).to.match(/another holder/),
    );
    // ...but a thief need not use it: a good signature by the thief's own key over a presentation naming the victim.
    const forged = await signPresentation(presentation, { ...thief, did: holderKey.did }, { challenge: CHALLENGE });
    expect(forged.proof.verificationMethod).to.equal(thief.id);
    const verdict = await verifyPresentationSignature(forged, { resolveDid: resolve, challenge: CHALLENGE });
    expect(verdict).to.include({ verified: false, reason: 'wrong-key', holder: holderKey.did, verificationMethod: thief.id });
    expect(verdict.verified === false && verdict.message).to.include(`signed by ${thief.did}`);
    // Naming the thief's key as if it were in the victim's DID document: no such key there.
    const claimed = await signPresentation(presentation, { ...thief, did: holderKey.did, id: `${holderKey.did}#${thief.publicKeyMultibase}` }, { challenge: CHALLENGE });
    expect(await verifyPresentationSignature(claimed, { resolveDid: resolve, challenge: CHALLENGE })).to.include({ verified: false, reason: 'unresolved' });
  });

  it('says wrong-key when the holder document does not list the key under authentication, unresolved when there is none', async () => {
    const noAuthentication = async (did: string) => {
      const document = await resolve(did);
      return did === holderKey.did ? { ...document!, authentication: [] } : document;
    };
    expect(await verifyPresentationSignature(signed, { resolveDid: noAuthentication })).to.include({ verified: false, reason: 'wrong-key' });
    expect(await verifyPresentationSignature(signed, { resolveDid: async () => undefined })).to.include({ verified: false, reason: 'unresolved' });
  });

  it('says absent for an unsigned presentation, invalid for what is not one', async () => {
    expect(await verifyPresentationSignature(presentation, { resolveDid: resolve })).to.include({ verified: false, reason: 'absent' });
    expect(await verifyPresentationSignature(credentials, { resolveDid: resolve })).to.include({ verified: false, reason: 'invalid' });
  });

  it('verifies with @digitalbazaar/vc verify given only the did:key (independent check), credentials included', async () => {
    const result = await vc.verify({
      presentation: signed,
      challenge: CHALLENGE,
      domain: DOMAIN,
      suite: new DataIntegrityProofSuite({ cryptosuite }),
      documentLoader: createDocumentLoader({ resolveDid: resolve }),
      checkStatus: async () => ({ verified: true }),
    });
    expect(result.presentationResult?.verified, String(result.error)).to.equal(true);
    // The two full copies carry the issuer's signature; the redacted copy dropped it (it would break).
    expect(result.credentialResults?.map((r) => r.verified)).to.deep.equal([true, true, false]);
    const replay = await vc.verify({ presentation: signed, challenge: 'another', suite: new DataIntegrityProofSuite({ cryptosuite }), documentLoader: createDocumentLoader({ resolveDid: resolve }) });
    expect(replay.presentationResult?.verified).to.equal(false);
  });

  it('the signed presentation passes JSON-LD safe mode with the official contexts', async () => {
    expect(await checkJsonLdSafeMode(signed)).to.deep.equal([]);
  });

  it('refuses a format v1 credential in a signed presentation, naming it (it can still go in a plain passport array)', async () => {
    const v1 = JSON.parse(readFileSync(new URL('../fixtures/v1/credential-0.json', import.meta.url), 'utf8'));
    const mixed = buildPresentation({ holder: holderKey.did, credentials: [credentials[0]!, v1] });
    await signPresentation(mixed, signer).then(
      () => expect.fail('signed a v1 credential'),
      (error: Error) => {
        expect(error.message).to.include(`Credential 1 (${v1.id}`);
        expect(error.message).to.match(/format v1.*plain passport array/s);
      },
    );
    const undefinedTerm = { ...credentials[0]!, favouriteColour: 'green' };
    await signPresentation(buildPresentation({ holder: holderKey.did, credentials: [undefinedTerm] }), signer).then(
      () => expect.fail('signed an undefined term'),
      (error: Error) => expect(error.message).to.match(/Credential 0 .*favouriteColour/),
    );
  });

  it('the presentation keeps its type when re-signed: the old proof is replaced', async () => {
    const again: VerifiablePresentation = await signPresentation(signed, signer, { challenge: 'second' });
    expect(again.proof).to.include({ challenge: 'second' });
    expect(await verifyPresentationSignature(again, { resolveDid: resolve, challenge: 'second' })).to.include({ verified: true });
  });
});
