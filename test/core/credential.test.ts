import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import {
  MicrocredError,
  CredentialValidationError,
  InvalidArgumentError,
  MICROCRED_CONTEXT_V2,
  OB_CONTEXT,
  VC_CONTEXT,
  type ValidationIssue,
  buildCredential,
  issuerAddress,
  issuerDid,
  validateAchievementTemplate,
  validateCredential,
} from '../../src/core/index.js';
import { ISSUER, learnerCredential, template } from '../helpers/credentials.js';

function issuesOf(run: () => unknown): ValidationIssue[] {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(CredentialValidationError);
    return [...(error as CredentialValidationError).issues];
  }
  expect.fail('expected a CredentialValidationError');
}
const paths = (issues: ValidationIssue[]) => issues.map((issue) => issue.path).sort();

describe('credential: builder', () => {
  it('builds an OpenBadgeCredential from a learner and a template', () => {
    const credential = learnerCredential(7);
    expect(credential['@context']).to.deep.equal([VC_CONTEXT, OB_CONTEXT, MICROCRED_CONTEXT_V2]);
    expect(credential.type).to.deep.equal(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(credential.id).to.match(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(credential.name).to.equal(template.name);
    expect(credential.issuer).to.deep.equal({ id: `did:pkh:eip155:31337:${ISSUER.address}`, type: ['Profile'], name: ISSUER.name });
    expect(credential.validFrom).to.equal('2025-06-30T00:00:00Z');
    expect(credential).not.to.have.property('validUntil');
    expect(credential.credentialSubject.identifier).to.deep.equal([
      { type: 'IdentityObject', identityType: 'sourcedId', hashed: false, identityHash: 'S2025-0007' },
      { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: 'Learner Número 7' },
      { type: 'IdentityObject', identityType: 'emailAddress', hashed: false, identityHash: 'learner7@students.example.edu' },
    ]);
    const { achievement } = credential.credentialSubject;
    expect(achievement.type).to.deep.equal(['Achievement']);
    expect(achievement.creditsAvailable).to.equal(5);
    expect(achievement.alignment?.map((a) => a.type)).to.deep.equal([['Alignment'], ['Alignment']]);
    expect(validateCredential(credential)).to.equal(credential);
  });

  it('leaves the email out when the learner has none, and takes learner dates over batch defaults', () => {
    const credential = buildCredential({ id: 'S1', name: 'Ada', validFrom: '2025-01-01T00:00:00Z', validUntil: '2030-01-01T00:00:00Z' }, template, {
      issuer: ISSUER,
      validFrom: '2024-01-01T00:00:00Z',
      validUntil: '2026-01-01T00:00:00Z',
      id: 'https://credentials.example.edu/c/1',
    });
    expect(credential.credentialSubject.identifier?.map((i) => i.identityType)).to.deep.equal(['sourcedId', 'name']);
    expect([credential.validFrom, credential.validUntil, credential.id]).to.deep.equal(['2025-01-01T00:00:00Z', '2030-01-01T00:00:00Z', 'https://credentials.example.edu/c/1']);
  });

  it('defaults validFrom to now, to the second', () => {
    const before = Date.now() - 1000;
    const { validFrom } = buildCredential({ id: 'S1', name: 'Ada' }, template, { issuer: ISSUER });
    expect(validFrom).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(Date.parse(validFrom)).to.be.within(before, Date.now());
  });

  it('names the bad learner fields by their credential paths', () => {
    const issues = issuesOf(() => buildCredential({ id: ' ', name: '' }, template, { issuer: ISSUER, validFrom: 'yesterday' }));
    expect(paths(issues)).to.deep.equal(['credentialSubject.identifier.0.identityHash', 'credentialSubject.identifier.1.identityHash', 'validFrom']);
  });

  it('rejects a bad issuer address', () => {
    expect(() => buildCredential({ id: 'S1', name: 'Ada' }, template, { issuer: { address: '0x1234', name: 'X' } })).to.throw(InvalidArgumentError, /address/);
  });
});

describe('credential: validation', () => {
  it('format v2 requires microcred\'s context exactly: one term remapped, one added or the order of entries changed is refused', () => {
    const remapped = structuredClone(learnerCredential(1)) as any;
    remapped['@context'][2].MicrocredAnchorProof['@context'].root = 'https://evil.example/root';
    const added = structuredClone(learnerCredential(1)) as any;
    added['@context'][2].extra = 'https://evil.example/extra';
    const swapped = structuredClone(learnerCredential(1)) as any;
    swapped['@context'] = [swapped['@context'][0], swapped['@context'][2], swapped['@context'][1]];
    for (const bad of [remapped, added, swapped]) expect(paths(issuesOf(() => validateCredential(bad)))).to.include('@context');
    expect(() => validateCredential(structuredClone(learnerCredential(1)))).not.to.throw();
  });

  it('lists the path of every bad field at once', () => {
    const bad = structuredClone(learnerCredential(1)) as any;
    bad['@context'] = [OB_CONTEXT];
    bad.name = '';
    bad.issuer.id = 'example.edu';
    bad.validFrom = '2025-06-30';
    bad.credentialSubject.identifier[1].hashed = 'no';
    bad.credentialSubject.achievement.alignment[1].targetUrl = 'not a uri';
    bad.credentialSubject.achievement.creditsAvailable = -1;
    delete bad.credentialSubject.achievement.name;
    const issues = issuesOf(() => validateCredential(bad));
    expect(paths(issues)).to.deep.equal([
      '@context',
      'credentialSubject.achievement.alignment.1.targetUrl',
      'credentialSubject.achievement.creditsAvailable',
      'credentialSubject.achievement.name',
      'credentialSubject.identifier.1.hashed',
      'issuer.id',
      'name',
      'validFrom',
    ]);
    expect(issues.find((i) => i.path === 'credentialSubject.achievement.name')?.message).to.equal('is required');
    expect(issues.find((i) => i.path === 'issuer.id')?.message).to.match(/did:pkh:eip155/);
  });

  it('requires the description and a criteria narrative or id unless hidden, and validUntil after validFrom', () => {
    const bad = structuredClone(learnerCredential(1)) as any;
    delete bad.credentialSubject.achievement.description;
    delete bad.credentialSubject.achievement.criteria.narrative;
    bad.validUntil = '2025-06-29T00:00:00Z';
    expect(paths(issuesOf(() => validateCredential(bad)))).to.deep.equal([
      'credentialSubject.achievement.criteria',
      'credentialSubject.achievement.description',
      'validUntil',
    ]);
  });

  it('names each bad entry of a proof\'s path, salts and hidden commitments', () => {
    const bad = JSON.parse(readFileSync(new URL('../fixtures/v1/credential-0.json', import.meta.url), 'utf8'));
    bad.proof.path[1] = '0x1234';
    bad.proof.path[2] = 7;
    bad.proof.salts['credentialSubject.achievement.description'] = `0x${'zz'.repeat(16)}`;
    bad.proof.salts['credentialSubject.name'] = `0x${'11'.repeat(16)}`;
    bad.proof.hidden = { 'credentialSubject.identifier.9': `0x${'22'.repeat(16)}` };
    const issues = issuesOf(() => validateCredential(bad));
    const message = (path: string) => issues.find((i) => i.path === path)?.message;
    expect(paths(issues)).to.deep.equal([
      'proof.hidden.credentialSubject.identifier.9',
      'proof.path.1',
      'proof.path.2',
      'proof.salts.credentialSubject.achievement.description',
      'proof.salts.credentialSubject.name',
    ]);
    expect(message('proof.path.1')).to.equal('must be 32 bytes of 0x hex');
    expect(message('proof.path.2')).to.equal('must be 32 bytes of 0x hex');
    expect(message('proof.salts.credentialSubject.achievement.description')).to.equal('must be 16 bytes of 0x hex');
    expect(message('proof.salts.credentialSubject.name')).to.equal('is not a disclosable field path');
    expect(message('proof.hidden.credentialSubject.identifier.9')).to.equal('must be 32 bytes of 0x hex');

    bad.proof.path = Array.from({ length: 33 }, () => `0x${'33'.repeat(32)}`);
    bad.proof.salts = 'none';
    const more = issuesOf(() => validateCredential(bad));
    expect(more.find((i) => i.path === 'proof.path')?.message).to.equal('is longer than any tree of 2^32 leaves');
    expect(more.find((i) => i.path === 'proof.salts')?.message).to.match(/expected record/);
  });

  it('rejects what is not an object, with a message a person can read', () => {
    const error = (() => {
      try {
        validateCredential('hello');
      } catch (e) {
        return e as CredentialValidationError;
      }
    })();
    expect(error).to.be.instanceOf(MicrocredError).and.instanceOf(InvalidArgumentError);
    expect(error!.shortMessage).to.equal('Credential has 1 problem.');
    expect(error!.message).to.contain('(root)');
  });

  it('validates templates strictly, naming unknown and missing properties', () => {
    const { name: _name, ...noName } = template;
    const issues = issuesOf(() => validateAchievementTemplate({ ...noName, descripton: 'typo', creditsAvailable: -2, criteria: {} }));
    expect(issues).to.deep.include.members([
      { path: 'name', message: 'is required' },
      { path: 'descripton', message: 'is not a known property' },
      { path: 'criteria.narrative', message: 'is required' },
    ]);
    expect(paths(issues)).to.include('creditsAvailable');
    expect(validateAchievementTemplate(template)).to.equal(template);
  });
});

describe('credential: issuer id', () => {
  it('names the issuing address as did:pkh and reads it back', () => {
    const did = issuerDid(ISSUER.address.toLowerCase(), 31337);
    expect(did).to.equal(`did:pkh:eip155:31337:${ISSUER.address}`);
    expect(issuerDid(ISSUER.address)).to.equal(`did:pkh:eip155:1:${ISSUER.address}`);
    expect(issuerAddress({ issuer: { id: did, type: ['Profile'], name: 'x' } })).to.equal(ISSUER.address);
    expect(() => issuerAddress({ issuer: { id: 'did:web:x', type: ['Profile'], name: 'x' } })).to.throw(InvalidArgumentError);
    expect(() => issuerDid(ISSUER.address, 0)).to.throw(InvalidArgumentError);
  });
});
