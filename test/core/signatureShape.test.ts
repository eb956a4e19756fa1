import { expect } from 'chai';
import fc from 'fast-check';
import { describe as describeCredential, shapeMatcher } from '../../src/core/signature/template.js';
import { build, credentialV2, shape, values } from '../helpers/signatureCredentials.js';

/** Every [parent, key] of a JSON document, depth first: where a mutation can go. */
function places(value: unknown, found: [Record<string, unknown> | unknown[], string | number][] = []): typeof found {
  if (value === null || typeof value !== 'object') return found;
  for (const key of Object.keys(value)) {
    const at = Array.isArray(value) ? Number(key) : key;
    found.push([value as Record<string, unknown>, at]);
    places((value as Record<string, unknown>)[key], found);
  }
  return found;
}

class Plain {
  constructor(readonly value: string) {}
}
const sparse = (): unknown[] => {
  const array: unknown[] = [];
  array[1] = 'x';
  return array;
};
/** Replacements an attacker, or a careless caller, could put anywhere in a credential. */
const hostile = fc.constantFrom<() => unknown>(
  () => undefined,
  () => null,
  () => 0,
  () => -0,
  () => NaN,
  () => 1e21,
  () => 2 ** 53,
  () => 'x',
  () => true,
  () => [],
  () => ({}),
  () => new Date(0),
  () => Object.create(null),
  () => ({ toJSON: () => 'x' }),
  () => new Plain('x'),
  sparse,
  () => ['https://www.w3.org/ns/credentials/v2'],
  () => 'VerifiableCredential',
);

describe('signatures: a compiled shape matcher gives what describe gives, or defers', () => {
  it('accepts only documents describe gives the same shape, with the same leaves, and every plain one of them (fast-check)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(shape, values, fc.option(shape), values, (s1, v1, s2, v2) => {
        const sample = build(s1, v1);
        const document = build(s2 ?? s1, v2); // the same shape half the time
        const match = shapeMatcher(sample);
        const expected = describeCredential(sample);
        const actual = describeCredential(document);
        if (match === undefined) return; // the sample had an undefined value: describe is used for its shape
        const leaves = match(document);
        if (actual.shape === expected.shape) {
          expect(leaves).to.deep.equal(actual.leaves);
          accepted++;
        } else expect(leaves).to.equal(undefined);
      }),
      { numRuns: process.env.CI ? 1000 : 300 },
    );
    expect(accepted).to.be.greaterThan(0);
  });

  it('never accepts a document mutated into another shape: any place, any hostile value (fast-check)', () => {
    const sample = credentialV2(1);
    const match = shapeMatcher(sample)!;
    const expected = describeCredential(sample);
    let refused = 0;
    fc.assert(
      fc.property(fc.nat(), hostile, fc.boolean(), (at, replacement, remove) => {
        const document = structuredClone(sample) as unknown as Record<string, unknown>;
        const all = places(document);
        const [parent, key] = all[at % all.length]!;
        if (remove && !Array.isArray(parent)) delete (parent as Record<string, unknown>)[key];
        else (parent as Record<string, unknown>)[key] = replacement();
        const leaves = match(document);
        if (leaves === undefined) {
          refused++;
          return;
        }
        const actual = describeCredential(document);
        expect(actual.shape).to.equal(expected.shape);
        expect(leaves).to.deep.equal(actual.leaves);
      }),
      { numRuns: process.env.CI ? 3000 : 1000 },
    );
    expect(refused).to.be.greaterThan(0);
  });

  it('refuses a key order, an @context or a type that differ, and compares them as JSON (a copy of the sample is accepted)', () => {
    const sample = credentialV2(1) as unknown as Record<string, any>;
    const match = shapeMatcher(sample)!;
    expect(match(structuredClone(sample))).to.deep.equal(describeCredential(sample).leaves);
    const { id, ...rest } = structuredClone(sample);
    expect(match({ ...rest, id }), 'keys reordered').to.equal(undefined);
    const context = structuredClone(sample);
    context['@context'][2].MicrocredAnchorProof['@context'].extra = 'urn:x:';
    expect(match(context), 'an embedded context changed').to.equal(undefined);
    const type = structuredClone(sample);
    type.type = [...type.type].reverse();
    expect(match(type), 'types reordered').to.equal(undefined);
    // Equal data whose JSON a toJSON decides (describe writes `type` and `@…` values as JSON).
    const ownArray = structuredClone(sample);
    ownArray['@context'].toJSON = () => [];
    const prototypeArray = structuredClone(sample);
    Object.setPrototypeOf(prototypeArray['@context'], Object.create(Array.prototype, { toJSON: { value: () => [] } }));
    const prototypeObject = structuredClone(sample);
    Object.setPrototypeOf(prototypeObject['@context'][2], { toJSON: () => ({}) });
    for (const [name, document] of Object.entries({ ownArray, prototypeArray, prototypeObject })) {
      expect(describeCredential(document).shape, name).to.not.equal(describeCredential(sample).shape);
      expect(match(document), name).to.equal(undefined);
    }
  });

  it('keeps its own copy of the sample’s @context: changing the sample afterwards changes nothing', () => {
    const sample = credentialV2(1) as unknown as Record<string, any>;
    const copy = structuredClone(sample);
    const match = shapeMatcher(sample)!;
    sample['@context'].push('https://example.org/other-context');
    expect(match(copy)).to.deep.equal(describeCredential(copy).leaves);
    expect(match(sample)).to.equal(undefined);
  });

  it('has no matcher for a sample describe writes in ways JSON cannot carry (an undefined value, a toJSON in an @context)', () => {
    const sample = credentialV2(1) as unknown as Record<string, any>;
    sample.credentialSubject.note = undefined;
    expect(shapeMatcher(sample)).to.equal(undefined);
    const converted = credentialV2(1) as unknown as Record<string, any>;
    converted['@context'].toJSON = () => ['https://www.w3.org/ns/credentials/v2'];
    expect(shapeMatcher(converted)).to.equal(undefined);
  });
});
