import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import fc from 'fast-check';
import { type CandidateVerdict, type Pathway, PathwayValidationError, evaluatePathway, validatePathway } from '../../src/core/index.js';

const HOLDER = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
const NOW = new Date('2026-06-01T00:00:00Z');
const example = JSON.parse(readFileSync('examples/pathway.json', 'utf8')) as Pathway;

const achievement = (i: number) => `https://courses.example/c${i}`;
const component = (i: number, issuer = 'uni.example') => ({ achievement: achievement(i), issuer });

/** A pathway with the given rules and otherwise the example's fields. */
function pathway(rules: Pathway['rules'], maxAgeDays?: number): Pathway {
  return validatePathway({ ...example, rules, ...(maxAgeDays === undefined ? {} : { maxAgeDays }) });
}

/** A credential as evaluation reads it, and its verdict. */
function held(i: number, { credits, validFrom = '2026-01-01T00:00:00Z', subject = HOLDER, ok = true, status = 'valid', domain = 'uni.example', id = `urn:uuid:${i}` }: { credits?: number; validFrom?: string; subject?: string; ok?: boolean; status?: string; domain?: string; id?: string } = {}): [unknown, CandidateVerdict] {
  const credential = { id, validFrom, credentialSubject: { id: subject, ...(credits === undefined ? {} : { creditsEarned: credits }), achievement: { id: achievement(i) } } };
  return [credential, { ok, status, issuerIdentity: { did: `did:web:${domain}`, domain, verified: true } }];
}

function evaluate(p: Pathway, entries: [unknown, CandidateVerdict][]) {
  return evaluatePathway(p, entries.map(([c]) => c), entries.map(([, v]) => v), { holder: HOLDER, now: NOW });
}

describe('core: pathways (format 1)', () => {
  describe('validatePathway', () => {
    it('accepts the example, and names every problem of a bad document with its path', () => {
      expect(validatePathway(example)).to.deep.equal(example);
      const bad = {
        ...example,
        version: 2,
        maxAgeDay: 30,
        rules: [
          { id: 'a', type: 'nOf', n: 3, components: [component(1), component(2)] },
          { id: 'a', type: 'allOf', components: [component(1), component(1)] },
          { id: 'b', type: 'someOf', components: [] },
          { id: 'c', type: 'allOf', components: [{ achievement: 'c1', issuer: 'Not A Domain' }] },
        ],
      };
      let error: unknown;
      try {
        validatePathway(bad);
      } catch (caught) {
        error = caught;
      }
      expect(error).to.be.instanceOf(PathwayValidationError);
      const paths = (error as PathwayValidationError).issues.map((issue) => issue.path);
      expect(paths).to.include.members(['version', 'maxAgeDay', 'rules.2.type', 'rules.3.components.0.achievement', 'rules.3.components.0.issuer']);
      // Whole-document rules once every field has its shape.
      const shaped = { ...example, rules: [bad.rules[0], bad.rules[1], { id: 'm', type: 'minCredits', credits: 5 }] };
      expect(() => validatePathway(shaped)).to.throw(PathwayValidationError).that.satisfies((e: PathwayValidationError) =>
        ['rules.0.n', 'rules.1.id', 'rules.1.components.1'].every((path) => e.issues.some((issue) => issue.path === path)),
      );
      expect(() => validatePathway({ ...example, rules: [{ id: 'm', type: 'minCredits', credits: 5 }] })).to.throw(/no other rule names components/);
    });
  });

  describe('evaluatePathway', () => {
    it('says which rule is met by which credential, and why a component is missing', () => {
      const p = pathway([
        { id: 'core', type: 'allOf', components: [component(1), component(2)] },
        { id: 'credits', type: 'minCredits', credits: 5 },
      ]);
      const evaluation = evaluate(p, [held(1, { credits: 3 }), held(2, { credits: 3, ok: false, status: 'revoked' }), held(3, { credits: 9 })]);
      expect(evaluation.met).to.equal(false);
      expect(evaluation.components).to.deep.equal([]);
      const [core, credits] = evaluation.rules;
      expect(core!.components.map((c) => c.met?.position ?? c.reason)).to.deep.equal([0, 'held, but revoked']);
      expect(core!.message).to.equal('core: all 2 components required, 1 held; missing https://courses.example/c2 from uni.example (held, but revoked).');
      // Credits come from the components the rules name only (c3 is not one), and from valid credentials only.
      expect(credits).to.include({ met: false }).and.deep.include({ credits: { earned: 3, required: 5 } });
    });

    it('counts only the holder\'s credentials from the verified issuer named, the most recent one first', () => {
      const p = pathway([{ id: 'one', type: 'allOf', components: [component(1)] }]);
      expect(evaluate(p, [held(1, { subject: 'did:key:z6MkOther' })]).rules[0]!.components[0]!.reason).to.match(/about did:key:z6MkOther, not the holder/);
      expect(evaluate(p, [held(1, { domain: 'elsewhere.example' })]).rules[0]!.components[0]!.reason).to.equal('held, but not from uni.example as verified');
      const [credential, verdict] = held(1);
      const unverified = { ...verdict, issuerIdentity: { ...verdict.issuerIdentity!, verified: false } };
      expect(evaluate(p, [[credential, unverified]]).met).to.equal(false);
      const evaluation = evaluate(p, [held(1, { id: 'urn:uuid:old', validFrom: '2025-01-01T00:00:00Z' }), held(1, { id: 'urn:uuid:new', validFrom: '2026-02-01T00:00:00Z' })]);
      expect(evaluation.rules[0]!.components[0]!.met).to.deep.equal({ position: 1, id: 'urn:uuid:new' });
      expect(evaluation.components).to.deep.equal([1]);
    });

    it('N of M: met exactly when at least N of the components are held by valid credentials (property)', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 8 }).chain((m) => fc.tuple(fc.constant(m), fc.integer({ min: 1, max: m }), fc.array(fc.tuple(fc.integer({ min: 0, max: m - 1 }), fc.boolean()), { maxLength: 12 }))), ([m, n, entries]) => {
          const p = pathway([{ id: 'electives', type: 'nOf', n, components: Array.from({ length: m }, (_, i) => component(i)) }]);
          const evaluation = evaluate(p, entries.map(([i, ok], position) => held(i, { ok, status: ok ? 'valid' : 'revoked', id: `urn:uuid:${position}` })));
          const distinctValid = new Set(entries.filter(([, ok]) => ok).map(([i]) => i)).size;
          expect(evaluation.met).to.equal(distinctValid >= n);
          expect(evaluation.rules[0]!.components.filter((c) => c.met).length).to.equal(distinctValid);
        }),
        { numRuns: 300 },
      );
    });

    it('credits: met exactly when the valid credentials of the components earn the threshold, each credential once (property)', () => {
      fc.assert(
        fc.property(
          fc.array(fc.record({ i: fc.integer({ min: 0, max: 3 }), cents: fc.integer({ min: 0, max: 2000 }), ok: fc.boolean(), copy: fc.boolean() }), { maxLength: 10 }),
          fc.integer({ min: 1, max: 6000 }),
          (entries, thresholdCents) => {
            const p = pathway([{ id: 'credits', type: 'minCredits', credits: thresholdCents / 100, components: [0, 1, 2, 3].map((i) => component(i)) }]);
            // A credential shown twice (`copy`: same id) earns its credits once.
            const list = entries.flatMap((entry, position) => {
              const one = held(entry.i, { credits: entry.cents / 100, ok: entry.ok, status: entry.ok ? 'valid' : 'expired', id: `urn:uuid:${position}` });
              return entry.copy ? [one, one] : [one];
            });
            const earnedCents = entries.filter((entry) => entry.ok).reduce((sum, entry) => sum + entry.cents, 0);
            const evaluation = evaluate(p, list);
            expect(evaluation.rules[0]!.credits).to.deep.equal({ earned: earnedCents / 100, required: thresholdCents / 100 });
            expect(evaluation.met).to.equal(earnedCents >= thresholdCents);
          },
        ),
        { numRuns: 300 },
      );
    });

    it('max age: a component counts exactly when awarded within maxAgeDays of the evaluation (property)', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 3650 }), fc.integer({ min: 0, max: 3650 * 86_400 }), (maxAgeDays, ageSeconds) => {
          const p = pathway([{ id: 'recent', type: 'allOf', components: [component(1)] }], maxAgeDays);
          const validFrom = new Date(NOW.getTime() - ageSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
          const evaluation = evaluate(p, [held(1, { validFrom })]);
          expect(evaluation.met).to.equal(ageSeconds <= maxAgeDays * 86_400);
          if (!evaluation.met) expect(evaluation.rules[0]!.components[0]!.reason).to.match(new RegExp(`more than ${maxAgeDays} days ago`));
        }),
        { numRuns: 300 },
      );
    });

    it('whether a pathway is met does not depend on the passport\'s order (property)', () => {
      const p = pathway([
        { id: 'core', type: 'allOf', components: [component(0), component(1)] },
        { id: 'electives', type: 'nOf', n: 2, components: [component(2), component(3), component(4)] },
        { id: 'credits', type: 'minCredits', credits: 10 },
      ]);
      fc.assert(
        fc.property(fc.array(fc.record({ i: fc.integer({ min: 0, max: 5 }), credits: fc.integer({ min: 0, max: 6 }), ok: fc.boolean() }), { maxLength: 10 }).chain((entries) => fc.tuple(fc.constant(entries), fc.shuffledSubarray(entries.map((_, k) => k), { minLength: entries.length, maxLength: entries.length }))), ([entries, order]) => {
          // Distinct award dates: the most recent credential of a component is then one, wherever it stands.
          const list = entries.map((entry, position) => held(entry.i, { credits: entry.credits, ok: entry.ok, id: `urn:uuid:${position}`, validFrom: `2026-01-${String(position + 1).padStart(2, '0')}T00:00:00Z` }));
          const shuffled = order.map((k) => list[k]!);
          const a = evaluate(p, list);
          const b = evaluate(p, shuffled);
          expect(b.met).to.equal(a.met);
          expect(b.rules.map((rule) => rule.met)).to.deep.equal(a.rules.map((rule) => rule.met));
          // The same credentials count, wherever they stand.
          expect(b.components.map((k) => order[k])).to.have.members(a.components);
        }),
        { numRuns: 200 },
      );
    });
  });
});
