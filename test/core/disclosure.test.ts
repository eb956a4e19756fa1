import { expect } from 'chai';
import fc from 'fast-check';
import {
  type AnchoredCredential,
  CredentialValidationError,
  InvalidArgumentError,
  buildBatch,
  checkIntegrity,
  credentialDigest,
  redact,
  saltCredential,
  hideFieldKinds,
  shownFields,
  signatureProofsOf,
} from '../../src/core/index.js';
import { RUNS } from '../helpers/random.js';
import { checkOpenBadgesSchema } from '../standards/conformance.js';
import { ISSUER, REGISTRY, anchoredBatch, changed, leafPaths, learnerCredential, setAt } from '../helpers/credentials.js';
import { anchorProofOf } from '../../src/core/credential/format.js';

const [anchored] = anchoredBatch(1) as [AnchoredCredential];
const disclosable = Object.keys(anchorProofOf(anchored)!.salts);
// What Open Badges 3.0 requires shown: the description, and the narrative (the example's criteria have no id).
const required = ['credentialSubject.achievement.description', 'credentialSubject.achievement.criteria.narrative'];
const hideable = disclosable.filter((path) => !required.includes(path));
const identities = hideable.filter((path) => path.startsWith('credentialSubject.identifier.'));
/** Hideable subsets that keep at least one identity of the learner shown. */
const allowedSubsets = fc.subarray(hideable).filter((hide) => identities.some((path) => !hide.includes(path)));

/** Every key order differs from the original: JSON objects reversed at every level. */
function reversedKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(reversedKeys);
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversedKeys(v)]));
}

describe('disclosure: digest', () => {
  it('salts each disclosable field with its own 128-bit salt', () => {
    expect(disclosable).to.have.members([
      'credentialSubject.identifier.0',
      'credentialSubject.identifier.1',
      'credentialSubject.identifier.2',
      'credentialSubject.achievement.description',
      'credentialSubject.achievement.criteria.narrative',
      'credentialSubject.achievement.creditsAvailable',
      'credentialSubject.achievement.alignment.0',
      'credentialSubject.achievement.alignment.1',
    ]);
    const salts = Object.values(anchorProofOf(anchored)!.salts);
    expect(salts.every((salt) => /^0x[0-9a-f]{32}$/.test(salt))).to.equal(true);
    expect(new Set(salts).size).to.equal(salts.length);
  });

  it('does not depend on key order or formatting', () => {
    const reordered = JSON.parse(JSON.stringify(reversedKeys(anchored), null, 3));
    expect(credentialDigest(reordered)).to.equal(credentialDigest(anchored));
  });

  it('depends on the salts: the same credential salted twice gets two digests', () => {
    const credential = learnerCredential(3);
    expect(credentialDigest(credential, saltCredential(credential))).not.to.equal(credentialDigest(credential, saltCredential(credential)));
  });

  it('changes when any covered value changes, anywhere outside the proof and the status entry', () => {
    const original = credentialDigest(anchored);
    const { proof: _proof, credentialStatus: _status, ...covered } = anchored;
    const leaves = leafPaths(covered);
    expect(leaves.length).to.be.above(30);
    for (const [path, value] of leaves) {
      const copy = structuredClone(anchored);
      setAt(copy, path, changed(value));
      let digest: string | undefined;
      try {
        digest = credentialDigest(copy);
      } catch (error) {
        expect(error, path).to.be.instanceOf(CredentialValidationError); // the change made it invalid: also caught
      }
      expect(digest, path).not.to.equal(original);
    }
  });

  it('leaves out the status entry (it names the root), which the integrity check ties to the anchor proof instead', () => {
    const moved = structuredClone(anchored);
    moved.credentialStatus!.index += 1;
    expect(credentialDigest(moved)).to.equal(credentialDigest(anchored));
    expect(checkIntegrity(moved)).to.include({ ok: false, failedStep: 'status' });
    for (const key of ['issuer', 'root', 'id'] as const) {
      const altered = structuredClone(anchored);
      (altered.credentialStatus as any)[key] = key === 'issuer' ? '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' : key === 'root' ? `0x${'ab'.repeat(32)}` : 'urn:microcred:status:elsewhere';
      expect(checkIntegrity(altered), key).to.include({ ok: false, failedStep: 'status' });
    }
  });

  it('changes when a property is added, or a salt changes', () => {
    const added = { ...structuredClone(anchored), description: 'extra' };
    expect(credentialDigest(added)).not.to.equal(credentialDigest(anchored));
    const resalted = structuredClone(anchored);
    anchorProofOf(resalted)!.salts['credentialSubject.identifier.1'] = `0x${'00'.repeat(16)}`;
    expect(credentialDigest(resalted)).not.to.equal(credentialDigest(anchored));
  });

  it('changes with any change to a learner field (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, unit: 'grapheme' }), fc.string({ minLength: 1, unit: 'grapheme' }), (a, b) => {
        fc.pre(a !== b && a.trim() !== '' && b.trim() !== '');
        const credential = learnerCredential(1);
        const salts = saltCredential(credential);
        const withName = (name: string) => {
          const copy = structuredClone(credential);
          copy.credentialSubject.identifier![1]!.identityHash = name;
          return credentialDigest(copy, salts);
        };
        expect(withName(a)).not.to.equal(withName(b));
      }),
      { numRuns: RUNS },
    );
  });

  it('needs salts: a credential never salted has no digest', () => {
    expect(() => credentialDigest(learnerCredential(1))).to.throw(InvalidArgumentError, /no proof/);
  });
});

describe('disclosure: redact', () => {
  it('keeps the digest and the proof, hides the values everywhere', () => {
    const hide = ['credentialSubject.identifier.2', 'credentialSubject.achievement.creditsAvailable', 'credentialSubject.achievement.alignment.0'];
    const redacted = redact(anchored, hide);
    expect(credentialDigest(redacted)).to.equal(credentialDigest(anchored));
    expect(checkIntegrity(redacted).ok).to.equal(true);
    expect(redacted.credentialSubject.achievement).not.to.have.property('creditsAvailable');
    const text = JSON.stringify(redacted);
    for (const secret of [anchored.credentialSubject.identifier![2]!.identityHash, 'Data analysis']) {
      expect(text).not.to.contain(secret);
    }
    for (const path of hide) expect(text).not.to.contain(anchorProofOf(anchored)!.salts[path]!.slice(2));
    expect(Object.keys(anchorProofOf(redacted)!.hidden)).to.have.members(hide);
    expect(redacted.credentialSubject.identifier?.map((i) => i.identityType)).to.deep.equal(['sourcedId', 'name']);
    expect(redacted.credentialSubject.achievement.alignment?.map((a) => a.targetName)).to.deep.equal(['Python (computer programming)']);
    expect(anchored.credentialSubject.identifier).to.have.length(3); // the input is untouched
  });

  it('hides step by step as it hides at once, by original positions', () => {
    const once = redact(anchored, ['credentialSubject.identifier.0', 'credentialSubject.identifier.2']);
    const stepwise = redact(redact(anchored, ['credentialSubject.identifier.0']), ['credentialSubject.identifier.2', 'credentialSubject.identifier.0']);
    expect(stepwise).to.deep.equal(once);
    expect(once.credentialSubject.identifier?.map((i) => i.identityType)).to.deep.equal(['name']);
  });

  it('can hide everything Open Badges lets go, removing emptied arrays', () => {
    const bare = redact(anchored, hideable.filter((path) => path !== 'credentialSubject.identifier.1'));
    expect(bare.credentialSubject.identifier?.map((i) => i.identityType)).to.deep.equal(['name']);
    expect(bare.credentialSubject.achievement).not.to.have.property('alignment');
    expect(Object.keys(anchorProofOf(bare)!.salts)).to.have.members([...required, 'credentialSubject.identifier.1']);
    expect(checkIntegrity(bare).ok).to.equal(true);
  });

  it('refuses to hide what Open Badges 3.0 requires shown, and changes nothing', () => {
    const before = structuredClone(anchored);
    expect(() => redact(anchored, ['credentialSubject.achievement.description'])).to.throw(InvalidArgumentError, /description can't be hidden/);
    expect(() => redact(anchored, ['credentialSubject.achievement.criteria.narrative'])).to.throw(InvalidArgumentError, /narrative can't be hidden/);
    expect(() => redact(anchored, identities)).to.throw(InvalidArgumentError, /last identity/);
    expect(() => redact(redact(anchored, identities.slice(1)), [identities[0]!])).to.throw(InvalidArgumentError, /last identity/);
    expect(anchored).to.deep.equal(before);
    // With a criteria id, the narrative may go: the id still says what the criteria are.
    const withCriteriaId = learnerCredential(2);
    withCriteriaId.credentialSubject.achievement.criteria.id = 'https://credentials.example.edu/criteria/data-analysis';
    const [anchoredWithId] = buildBatch([withCriteriaId], { issuer: ISSUER.address, registry: REGISTRY }).credentials;
    expect(checkIntegrity(redact(anchoredWithId!, ['credentialSubject.achievement.criteria.narrative'])).ok).to.equal(true);
  });

  it('a v2 copy with anything hidden drops the issuer signature, and only then', () => {
    const signature = { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod', verificationMethod: 'did:web:example.edu#key-1', proofValue: 'z3FXQ' };
    const signed = { ...anchored, proof: [signature, anchorProofOf(anchored)!] } as AnchoredCredential;
    expect(signatureProofsOf(redact(signed, []))).to.have.length(1);
    const redacted = redact(signed, ['credentialSubject.identifier.2']);
    expect(signatureProofsOf(redacted)).to.deep.equal([]);
    expect(redacted.proof).to.deep.equal([anchorProofOf(redacted)]);
    expect(checkIntegrity(redacted).ok).to.equal(true);
  });

  it('hides any allowed subset and still verifies (property)', () => {
    fc.assert(
      fc.property(allowedSubsets, (hide) => {
        const redacted = redact(anchored, hide);
        expect(checkIntegrity(redacted).ok).to.equal(true);
        expect(Object.keys(anchorProofOf(redacted)!.hidden)).to.have.members(hide);
        expect(Object.keys(anchorProofOf(redacted)!.salts)).to.have.members(disclosable.filter((p) => !hide.includes(p)));
        expect(checkOpenBadgesSchema(redacted)).to.deep.equal([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses paths that are not shown disclosable fields', () => {
    expect(() => redact(anchored, ['credentialSubject.achievement.name'])).to.throw(InvalidArgumentError, /may hide/);
    expect(() => redact(anchored, ['credentialSubject.identifier.3'])).to.throw(InvalidArgumentError);
  });

  it('is caught when a hidden commitment is moved, dropped or revealed with a forged salt', () => {
    const redacted = redact(anchored, ['credentialSubject.identifier.2']);
    const moved = structuredClone(redacted);
    anchorProofOf(moved)!.hidden['credentialSubject.identifier.1'] = anchorProofOf(moved)!.hidden['credentialSubject.identifier.2']!;
    delete anchorProofOf(moved)!.hidden['credentialSubject.identifier.2'];
    moved.credentialSubject.identifier!.push(moved.credentialSubject.identifier![1]!);
    anchorProofOf(moved)!.salts['credentialSubject.identifier.2'] = anchorProofOf(moved)!.salts['credentialSubject.identifier.1']!;
    delete anchorProofOf(moved)!.salts['credentialSubject.identifier.1'];
    expect(checkIntegrity(moved).ok).to.equal(false);

    const dropped = structuredClone(redacted);
    anchorProofOf(dropped)!.hidden = {};
    expect(checkIntegrity(dropped)).to.include({ ok: false, failedStep: 'root' });

    const forged = structuredClone(redacted);
    forged.credentialSubject.identifier!.push({ type: 'IdentityObject', identityType: 'emailAddress', hashed: false, identityHash: 'forged@example.com' });
    anchorProofOf(forged)!.salts['credentialSubject.identifier.2'] = `0x${'11'.repeat(16)}`;
    expect(checkIntegrity(forged)).to.include({ ok: false, failedStep: 'disclosure' });
    delete anchorProofOf(forged)!.hidden['credentialSubject.identifier.2'];
    expect(checkIntegrity(forged)).to.include({ ok: false, failedStep: 'root' });
  });
});

describe('disclosure: shownFields (what a holder may still hide)', () => {
  it('names every hideable field by kind, with its value, identities by their identityType', () => {
    const fields = shownFields(anchored);
    expect(fields.map((f) => f.path)).to.have.members(hideable);
    const identities = anchored.credentialSubject.identifier!;
    expect(fields.filter((f) => f.path.startsWith('credentialSubject.identifier.'))).to.deep.equal(
      identities.map((identity, i) => ({ path: `credentialSubject.identifier.${i}`, kind: identity.identityType, value: identity })),
    );
    const byPath = Object.fromEntries(fields.map((f) => [f.path, f]));
    expect(byPath['credentialSubject.achievement.creditsAvailable']).to.deep.include({ kind: 'credits', value: anchored.credentialSubject.achievement.creditsAvailable });
    expect(byPath['credentialSubject.achievement.alignment.1']).to.deep.include({ kind: 'alignment', value: anchored.credentialSubject.achievement.alignment![1] });
  });

  it('after hiding some entries, lists the rest with the values still shown (original positions kept)', () => {
    const identities = anchored.credentialSubject.identifier!;
    const once = redact(anchored, ['credentialSubject.identifier.0', 'credentialSubject.achievement.alignment.0']);
    const fields = shownFields(once);
    expect(fields.map((f) => f.path)).to.have.members(hideable.filter((p) => !['credentialSubject.identifier.0', 'credentialSubject.achievement.alignment.0'].includes(p)));
    const byPath = Object.fromEntries(fields.map((f) => [f.path, f]));
    expect(byPath['credentialSubject.identifier.2']).to.deep.equal({ path: 'credentialSubject.identifier.2', kind: identities[2]!.identityType, value: identities[2] });
    expect(byPath['credentialSubject.achievement.alignment.1']!.value).to.deep.equal(anchored.credentialSubject.achievement.alignment![1]);
    // What it lists is what redact accepts, but the learner's last identity: hiding the rest leaves only that.
    const left = shownFields(redact(once, fields.map((f) => f.path).filter((p) => p !== 'credentialSubject.identifier.2')));
    expect(left.map((f) => f.path)).to.deep.equal(['credentialSubject.identifier.2']);
  });

  it('hiding any kinds, in any order, after any earlier hiding, still verifies and shows none of their values (property)', () => {
    const kinds = [...new Set(shownFields(anchored).map((f) => f.kind))];
    const identityKinds = ['sourcedId', 'name', 'emailAddress'];
    fc.assert(
      fc.property(allowedSubsets, fc.shuffledSubarray(kinds), (earlier, hide) => {
        const before = redact(anchored, earlier);
        const leftIdentities = shownFields(before).filter((f) => identityKinds.includes(f.kind));
        if (leftIdentities.every((f) => hide.includes(f.kind))) {
          expect(() => hideFieldKinds(before, hide)).to.throw(InvalidArgumentError, /last identity/);
          return;
        }
        const shared = hideFieldKinds(before, hide);
        expect(checkIntegrity(shared).ok).to.equal(true);
        const left = shownFields(shared);
        expect(left.filter((f) => hide.includes(f.kind))).to.deep.equal([]);
        // Everything else still shown stays shown, with the same values.
        expect(left).to.deep.equal(shownFields(before).filter((f) => !hide.includes(f.kind)));
        const text = JSON.stringify(shared);
        for (const field of shownFields(before).filter((f) => hide.includes(f.kind))) {
          expect(anchorProofOf(shared)!.hidden).to.have.property(field.path);
          // Entries and texts must be gone verbatim; a number like 5 (credits) appears elsewhere by chance.
          if (typeof field.value !== 'number') expect(text).not.to.include(JSON.stringify(field.value));
        }
      }),
      { numRuns: RUNS },
    );
  });
});
