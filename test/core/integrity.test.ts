import { expect } from 'chai';
import fc from 'fast-check';
import { type AnchoredCredential, type IntegrityStep, checkIntegrity } from '../../src/core/index.js';
import { RUNS, flipBit } from '../helpers/random.js';
import { anchoredBatch } from '../helpers/credentials.js';
import { anchorProofOf } from '../../src/core/credential/format.js';

const credentials = anchoredBatch(5);
const credential = credentials[3]!;

function failsAt(step: IntegrityStep, change: (c: AnchoredCredential) => void): void {
  const copy = structuredClone(credential);
  change(copy);
  const result = checkIntegrity(copy);
  expect(result.ok, result.message).to.equal(false);
  expect(result.failedStep).to.equal(step);
  expect(result.checks.at(-1)).to.deep.include({ step, ok: false });
  expect(result.message).to.be.a('string').and.not.equal('');
}

describe('integrity: offline check', () => {
  it('passes an intact credential, every step, with the recomputed values', () => {
    const result = checkIntegrity(credential);
    expect(result).to.include({ ok: true, root: anchorProofOf(credential)!.root });
    expect(result.checks.map((c) => [c.step, c.ok])).to.deep.equal([
      ['schema', true],
      ['issuer', true],
      ['disclosure', true],
      ['digest', true],
      ['leaf', true],
      ['root', true],
      ['status', true],
    ]);
    expect(result.digest).to.match(/^0x[0-9a-f]{64}$/);
    expect(result.leaf).to.match(/^0x[0-9a-f]{64}$/);
  });

  it('says schema for what is not an anchored credential', () => {
    expect(checkIntegrity(null)).to.include({ ok: false, failedStep: 'schema' });
    const result = checkIntegrity({ ...credential, proof: [{ ...anchorProofOf(credential)!, format: 'microcred-anchor-v0' }] });
    expect(result.failedStep).to.equal('schema');
    expect(result.issues?.map((i) => i.path)).to.deep.equal(['proof.0.format']);
    failsAt('schema', (c) => delete (c as any).proof);
  });

  it('says issuer when the proof is for another issuer than the credential names', () => {
    failsAt('issuer', (c) => (anchorProofOf(c)!.issuer = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'));
  });

  it('says disclosure when shown fields and salts do not fit', () => {
    failsAt('disclosure', (c) => delete anchorProofOf(c)!.salts['credentialSubject.identifier.1']);
    failsAt('disclosure', (c) => delete c.credentialSubject.achievement.creditsAvailable);
  });

  it('says digest when a value has no canonical JSON', () => {
    failsAt('digest', (c) => (c.credentialSubject.achievement.fieldOfStudy = 'lone \ud800 surrogate'));
  });

  it('says root when a covered field, the index, the path or the root changed', () => {
    failsAt('root', (c) => (c.credentialSubject.identifier![1]!.identityHash = 'Mallory'));
    failsAt('root', (c) => (c.validFrom = '2020-01-01T00:00:00Z'));
    failsAt('root', (c) => (anchorProofOf(c)!.index = 2));
    failsAt('root', (c) => anchorProofOf(c)!.path.pop());
    failsAt('root', (c) => (anchorProofOf(c)!.path = anchorProofOf(credentials[1]!)!.path));
  });

  it('fails at root for any flipped bit of the proof path or root (property)', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(255), fc.boolean(), (which, bit, inRoot) => {
        const copy = structuredClone(credential);
        if (inRoot) anchorProofOf(copy)!.root = flipBit(anchorProofOf(copy)!.root, bit);
        else anchorProofOf(copy)!.path[which % anchorProofOf(copy)!.path.length] = flipBit(anchorProofOf(copy)!.path[which % anchorProofOf(copy)!.path.length]!, bit);
        expect(checkIntegrity(copy)).to.include({ ok: false, failedStep: 'root' });
      }),
      { numRuns: RUNS },
    );
  });
});
