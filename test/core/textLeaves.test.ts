import { expect } from 'chai';
import fc from 'fast-check';
import { generateIssuerKey, issuerSigner, type SignableCredential, signCredentials } from '../../src/core/index.js';
import { credentialTextsSigner } from '../../src/core/signature/batch.js';
import { describe as describeCredential } from '../../src/core/signature/template.js';
import { textLeafReader } from '../../src/core/signature/textLeaves.js';
import { DID, build, credentialV2, shape, text, values } from '../helpers/signatureCredentials.js';

const pretty = (value: unknown) => JSON.stringify(value, null, 2);
function withoutProofs(credential: object): Record<string, unknown> {
  const { proof: _proof, credentialStatus: _status, ...rest } = credential as Record<string, unknown>;
  return rest;
}

/** Edits of a text an attacker could make: a character inserted, removed or replaced anywhere. */
const edit = fc.record({ at: fc.nat(), remove: fc.nat(3), insert: fc.oneof(text, fc.constantFrom('"', '\\', '\\"', '"x"', '1', '-0', '0.5', ',', '}', '\n', '\u0000', '[]')) });

describe('signatures: reading a credential text’s leaves without parsing it', () => {
  it('reads what describe gives of the parsed text, for texts of the sample’s shape, and nothing for other shapes (fast-check)', () => {
    let read = 0;
    fc.assert(
      fc.property(shape, values, fc.option(shape), values, (s1, v1, s2, v2) => {
        const sample = withoutProofs(build(s1, v1));
        const reader = textLeafReader(sample);
        if (reader === undefined) return;
        const document = withoutProofs(build(s2 ?? s1, v2));
        const leaves = reader(pretty(document));
        const parsed = JSON.parse(pretty(document)) as object;
        if (describeCredential(parsed).shape === describeCredential(sample).shape) {
          expect(leaves).to.deep.equal(describeCredential(parsed).leaves);
          read++;
        } else expect(leaves).to.equal(undefined);
      }),
      { numRuns: process.env.CI ? 600 : 200 },
    );
    expect(read).to.be.greaterThan(0);
  });

  it('never reads an edited text into leaves JSON.parse would not give, of another shape (fast-check)', () => {
    const sample = withoutProofs(credentialV2(1));
    const reader = textLeafReader(sample)!;
    const expected = describeCredential(sample).shape;
    let refused = 0;
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        let edited = pretty(sample);
        for (const { at, remove, insert } of edits) {
          const i = at % (edited.length + 1);
          edited = edited.slice(0, i) + insert + edited.slice(i + remove);
        }
        const leaves = reader(edited);
        if (leaves === undefined) {
          refused++;
          return;
        }
        const parsed = JSON.parse(edited) as object; // throws, failing the test, if the reader took invalid JSON
        expect(describeCredential(parsed).shape).to.equal(expected);
        expect(leaves).to.deep.equal(describeCredential(parsed).leaves);
      }),
      { numRuns: process.env.CI ? 5000 : 2000 },
    );
    expect(refused).to.be.greaterThan(0);
  });

  it('decodes escapes, keeps unicode and lone surrogates, refuses raw control characters and non-integers', () => {
    const sample = withoutProofs(credentialV2(1)) as Record<string, any>;
    const reader = textLeafReader(sample)!;
    for (const name of ['a"b\\c', 'line\nbreak\ttab', '\u0000\u001f\u007f', 'Zoë 李雷 🎓', '\uD800', '', '\\', '"']) {
      const document = structuredClone(sample);
      document.name = name;
      expect(reader(pretty(document)), JSON.stringify(name)).to.deep.equal(describeCredential(document).leaves);
    }
    const raw = pretty(sample).replace(`"${sample.name}"`, '"a\tb"'); // a raw tab: not JSON
    expect(() => JSON.parse(raw)).to.throw();
    expect(reader(raw)).to.equal(undefined);
    const status = { ...structuredClone(sample), index: 3 };
    const integerReader = textLeafReader(status)!;
    for (const token of ['3.5', '-0', '1e3', '9007199254740993', '03']) expect(integerReader(pretty(status).replace('"index": 3', `"index": ${token}`)), token).to.equal(undefined);
    expect(integerReader(pretty(status).replace('"index": 3', '"index": -42'))).to.deep.equal(describeCredential({ ...status, index: -42 }).leaves);
  });

  it('has no reader for a sample whose text is not what describe walks (an undefined member, a toJSON)', () => {
    const sample = withoutProofs(credentialV2(1)) as Record<string, any>;
    expect(textLeafReader({ ...sample, note: undefined })).to.equal(undefined);
    expect(textLeafReader({ ...sample, issuer: { ...sample.issuer, toJSON: () => 'x' } })).to.equal(undefined);
    // A prototype's toJSON giving the same structure with another value: its text is not the document describe walks.
    const renamed = { ...sample.issuer, name: 'Someone Else' };
    expect(textLeafReader({ ...sample, issuer: Object.setPrototypeOf({ ...sample.issuer }, { toJSON: () => renamed }) })).to.equal(undefined);
  });

  it('reads a whole text only: nothing before or after it', () => {
    const sample = withoutProofs(credentialV2(1));
    const reader = textLeafReader(sample)!;
    const own = pretty(sample);
    expect(reader(own)).to.deep.equal(describeCredential(sample).leaves);
    for (const extra of ['}', 'x', ',{}', '\n']) expect(reader(own + extra), JSON.stringify(extra)).to.equal(undefined);
    expect(reader(` ${own}`)).to.equal(undefined);
  });

  it('signs texts as credentialsSigner signs the credentials they are, whatever their shapes (fast-check)', async () => {
    const signer = await issuerSigner({ did: DID, ...(await generateIssuerKey()) });
    const created = '2025-07-01T12:00:00Z';
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.option(shape), values), { minLength: 1, maxLength: 5 }), shape, async (items, first) => {
        const credentials = items.map(([s, v]) => build(s ?? first, v));
        // A credential the reference refuses (a term no context defines) is refused by both.
        const outcome = (signing: Promise<unknown>) => signing.then((proofs) => ({ proofs }), (error: Error) => ({ refused: error.name }));
        const expected = await outcome(signCredentials(credentials, signer, { created }));
        const sign = credentialTextsSigner(signer, { created });
        const texts = credentials.map((credential) => ({ text: pretty(withoutProofs(credential)), credentialStatus: credential.credentialStatus as object }));
        expect(await outcome(sign(texts))).to.deep.equal(expected);
      }),
      { numRuns: process.env.CI ? 60 : 20 },
    );
  });

  it('signs a text that names a status entry itself as the credential with that entry replaced', async () => {
    const signer = await issuerSigner({ did: DID, ...(await generateIssuerKey()) });
    const created = '2025-07-01T12:00:00Z';
    const credentials = [credentialV2(1), credentialV2(2), credentialV2(3)];
    const sign = credentialTextsSigner(signer, { created });
    const texts = credentials.map((credential, i) => {
      const { proof: _proof, ...rest } = credential;
      // The second text carries an old status entry, first of its members: the signed credential has the new one there.
      const text = i === 1 ? pretty({ credentialStatus: { id: 'urn:old' }, ...withoutProofs(rest) }) : pretty(withoutProofs(rest));
      return { text, credentialStatus: credential.credentialStatus as object };
    });
    const moved = { credentialStatus: credentials[1]!.credentialStatus, ...withoutProofs(credentials[1]!) };
    const expected = await signCredentials([credentials[0]!, { ...moved, proof: credentials[1]!.proof } as unknown as SignableCredential, credentials[2]!], signer, { created });
    expect(await sign(texts)).to.deep.equal(expected);
  });
});
