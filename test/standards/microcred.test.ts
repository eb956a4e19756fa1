import { expect } from 'chai';
import { type AnchoredCredential, buildBatch, buildCredential, redact } from '../../src/core/index.js';
import { ISSUER, REGISTRY, learnerCredential, template } from '../core/credentials.js';
import { checkOpenBadgeCredential } from './conformance.js';

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
