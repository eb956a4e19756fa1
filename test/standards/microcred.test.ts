import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import {
  type AnchoredCredential,
  addAnchor,
  buildBatch,
  buildCredential,
  buildIssuerDidDocument,
  componentEvidence,
  didWeb,
  generateIssuerKey,
  issuerSigner,
  redact,
  signCredentials,
  validateCredential,
  withComponentEvidence,
} from '../../src/core/index.js';
import type { AnchorProof } from '../../src/core/anchorProof.js';
import { ISSUER, REGISTRY, learnerCredential, template } from '../helpers/credentials.js';
import { checkDataIntegritySignature, checkOpenBadgeCredential } from './conformance.js';

// What microcred writes, against the standards bodies' own artifacts (see official.test.ts for the controls).
describe('standards: credentials microcred writes (format v2) are Open Badges 3.0', () => {
  const drafts = [learnerCredential(1), learnerCredential(2, { email: undefined }), learnerCredential(3)];
  drafts[2]!.credentialSubject.id = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
  drafts[2]!.validUntil = '2031-01-01T00:00:00Z';
  const { credentials } = buildBatch(drafts, { issuer: ISSUER.address, registry: REGISTRY });

  for (const [i, credential] of credentials.entries()) {
    it(`credential ${i} passes the OB 3.0 JSON Schema and JSON-LD safe mode`, async () => {
      expect(await checkOpenBadgeCredential(credential)).to.deep.equal({ schema: [], jsonld: [] });
    });
  }

  it('so does a credential with a holder DID, a result and credits earned (roster columns holder, result, credits)', async () => {
    const draft = buildCredential(
      { id: 'S2025-0100', name: 'Amara Okafor', uri: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', result: 'A-', credits: 7.5 },
      template,
      { issuer: ISSUER, validFrom: '2025-06-30T00:00:00Z' },
    );
    expect(draft.credentialSubject).to.deep.include({ id: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', result: [{ type: ['Result'], value: 'A-' }], creditsEarned: 7.5 });
    const [credential] = buildBatch([draft], { issuer: ISSUER.address, registry: REGISTRY }).credentials;
    expect(await checkOpenBadgeCredential(credential)).to.deep.equal({ schema: [], jsonld: [] });
  });

  it('so does a copy with everything hideable hidden but one identity', async () => {
    const hideable = ['credentialSubject.identifier.0', 'credentialSubject.identifier.2', 'credentialSubject.achievement.creditsAvailable', 'credentialSubject.achievement.alignment.0', 'credentialSubject.achievement.alignment.1'];
    const redacted: AnchoredCredential = redact(credentials[0]!, hideable);
    expect(await checkOpenBadgeCredential(redacted)).to.deep.equal({ schema: [], jsonld: [] });
  });
});

describe('standards: a stacked credential (component evidence) is Open Badges 3.0 too', () => {
  it('passes the OB 3.0 JSON Schema, JSON-LD safe mode (its evidence terms defined), and its signature verifies with @digitalbazaar/vc', async () => {
    const holder = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
    const components = buildBatch([learnerCredential(1), learnerCredential(2)], { issuer: ISSUER.address, registry: REGISTRY }).credentials.map((c) =>
      addAnchor(c, { chain: 'eip155:31337', registry: REGISTRY }),
    );
    const did = didWeb('credentials.example.edu');
    const key = await generateIssuerKey();
    const target = JSON.parse(readFileSync('examples/pathway.json', 'utf8')).achievement;
    const draft = withComponentEvidence(
      buildCredential({ id: 'did_key_z6Mk', name: 'Learner Número 1', uri: holder }, target, { issuer: { did, name: 'Example University' }, validFrom: '2026-06-30T00:00:00Z' }),
      components.map((c) => componentEvidence(c, 'credentials.example.edu')),
    );
    const [unsigned] = buildBatch([draft], { issuer: ISSUER.address, registry: REGISTRY }).credentials;
    const [signature] = await signCredentials([unsigned!], await issuerSigner({ did, ...key }));
    const stacked = { ...unsigned!, proof: [signature!, ...(unsigned!.proof as AnchorProof[])] } as typeof unsigned & { evidence: object[] };
    expect(stacked.evidence).to.have.length(2);
    expect(validateCredential(stacked)).to.equal(stacked);
    expect(await checkOpenBadgeCredential(stacked)).to.deep.equal({ schema: [], jsonld: [] });
    const document = buildIssuerDidDocument({ did, signingKey: key, accounts: [ISSUER.address] });
    expect(await checkDataIntegritySignature(stacked, document)).to.deep.equal([]);
    // The evidence is signed: changing a component's digest breaks the signature.
    const altered = structuredClone(stacked) as typeof stacked & { evidence: { digest: string }[] };
    altered.evidence[0]!.digest = `0x${'00'.repeat(32)}`;
    expect(await checkDataIntegritySignature(altered, document)).not.to.deep.equal([]);
    // An evidence term the context doesn't define is caught (the check can fail).
    const undefinedTerm = { ...stacked, evidence: [{ ...stacked.evidence[0], grade: 'A' }] };
    expect((await checkOpenBadgeCredential(undefinedTerm)).jsonld.join(' ')).to.match(/undefined JSON-LD term "grade"/);
  });
});
