import { expect } from 'chai';
import { type AnchoredCredential, hideFieldKinds } from '../../src/core/index.js';
import { describeCredential } from '../../src/verifier/describe.js';
import { anchoredBatch } from '../helpers/credentials.js';

describe('verifier: describing a credential for a listing', () => {
  const [credential] = anchoredBatch(1) as [AnchoredCredential];
  const learner = credential.credentialSubject.identifier!.find((i) => i.identityType === 'name')!.identityHash;

  const learnerId = credential.credentialSubject.identifier!.find((i) => i.identityType === 'sourcedId')!.identityHash;

  it('names the achievement, the learner (name and id), the issuer and the date issued', () => {
    expect(describeCredential(credential)).to.deep.equal({
      achievement: credential.credentialSubject.achievement.name,
      learner,
      learnerId,
      issuer: credential.issuer.name,
      issued: credential.validFrom,
    });
  });

  it('gives the expiry and the issuer image (a URI, or an Image object\'s id) when the credential has them', () => {
    const image = 'data:image/png;base64,iVBORw0KGgo=';
    const withBoth = { ...credential, validUntil: '2030-06-30T00:00:00Z', issuer: { ...credential.issuer, image } };
    expect(describeCredential(withBoth)).to.include({ validUntil: '2030-06-30T00:00:00Z', issuerImage: image });
    const asObject = { ...credential, issuer: { ...credential.issuer, image: { id: 'https://northfield.edu/logo.png', type: 'Image' } } };
    expect(describeCredential(asObject).issuerImage).to.equal('https://northfield.edu/logo.png');
  });

  it('leaves the learner out once the holder hid their name', () => {
    expect(describeCredential(hideFieldKinds(credential, ['name']))).not.to.have.property('learner');
  });

  it('labels whatever it is given without throwing: junk gets an empty label', () => {
    for (const junk of [null, 3, 'text', [], { credentialSubject: { identifier: 'nope', achievement: 7 } }]) {
      expect(describeCredential(junk)).to.deep.equal({});
    }
    expect(describeCredential({ name: 'Badge', credentialSubject: { identifier: [{ identityType: 'name', identityHash: '  ' }] } })).to.deep.equal({ achievement: 'Badge' });
  });
});
