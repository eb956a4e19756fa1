import { expect } from 'chai';
import { type AnchoredCredential, buildBatch, redact } from '../../src/core/index.js';
import { ISSUER, REGISTRY, learnerCredential } from '../core/credentials.js';
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

  it('so does a copy with everything hideable hidden but one identity', async () => {
    const hideable = ['credentialSubject.identifier.0', 'credentialSubject.identifier.2', 'credentialSubject.achievement.creditsAvailable', 'credentialSubject.achievement.alignment.0', 'credentialSubject.achievement.alignment.1'];
    const redacted: AnchoredCredential = redact(credentials[0]!, hideable);
    expect(await checkOpenBadgeCredential(redacted)).to.deep.equal({ schema: [], jsonld: [] });
  });
});
