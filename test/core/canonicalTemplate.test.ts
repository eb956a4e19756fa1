/// <reference path="../../src/types/vendor.d.ts" />
import { expect } from 'chai';
import fc from 'fast-check';
import jsonld, { type Quad } from 'jsonld';
import { canonize } from 'rdf-canonize';
import { contextLoader } from '../../src/core/signature/sign.js';
import { buildTemplate, describe as describeCredential, toRdfOptions } from '../../src/core/signature/template.js';
import { build, credentialV2, shape, values } from '../helpers/signatureCredentials.js';

/** rdf-canonize's RDFC-1.0 of what jsonld makes of the credential: the reference. */
async function reference(credential: object): Promise<string | 'throws'> {
  try {
    const quads = (await jsonld.toRDF(credential, toRdfOptions(contextLoader))) as Quad[];
    return await canonize(quads, { algorithm: 'RDFC-1.0', format: 'application/n-quads' });
  } catch {
    return 'throws';
  }
}

function unsigned(credential: object): Record<string, unknown> {
  const { proof: _proof, ...rest } = credential as Record<string, unknown>;
  return rest;
}

describe('signatures: the compiled RDFC-1.0 of a credential template is rdf-canonize', () => {
  it('gives rdf-canonize’s canonical N-Quads for random credentials of one shape, or defers (fast-check)', async () => {
    let compiled = 0;
    let deferred = 0;
    await fc.assert(
      fc.asyncProperty(shape, fc.array(values, { minLength: 2, maxLength: 4 }), async (s, vs) => {
        // Each value set twice, in and out of order: blank nodes whose values repeat reuse their hashes.
        const batch = [...vs, ...vs.slice().reverse()].map((v) => unsigned(build(s, v)));
        const first = describeCredential(batch[0]!);
        const template = await buildTemplate(batch[0]!, first.leaves, contextLoader);
        if (template === undefined) return;
        for (const credential of batch) {
          const { shape: key, leaves } = describeCredential(credential);
          if (key !== first.shape) continue;
          const canonical = template.canonize(leaves);
          if (canonical === undefined) {
            deferred++;
            continue;
          }
          compiled++;
          expect(canonical).to.equal(await reference(credential));
        }
      }),
      { numRuns: process.env.CI ? 200 : 60 },
    );
    expect(compiled).to.be.greaterThan(0);
    expect(deferred).to.be.greaterThan(0); // values that don't fit (an IRI jsonld would expand, …) were met
  });

  it('defers when two blank nodes have the same first-degree hash (identical identity objects), and rdf-canonize of its quads is the reference', async () => {
    const base = unsigned(credentialV2(1)) as Record<string, any>;
    const template = await buildTemplate(base, describeCredential(base).leaves, contextLoader);
    const twins = structuredClone(base);
    twins.credentialSubject.identifier[1] = structuredClone(twins.credentialSubject.identifier[0]);
    expect(describeCredential(twins).shape).to.equal(describeCredential(base).shape);
    const { leaves } = describeCredential(twins);
    expect(template!.canonize(leaves)).to.equal(undefined);
    expect(await canonize(template!.instantiate(leaves)!, { algorithm: 'RDFC-1.0', format: 'application/n-quads' })).to.equal(await reference(twins));
  });

  it('orders blank nodes by their hashes whatever the values: each learner of a batch', async () => {
    const base = unsigned(credentialV2(0));
    const template = await buildTemplate(base, describeCredential(base).leaves, contextLoader);
    for (let i = 0; i < 40; i++) {
      const credential = unsigned(credentialV2(i));
      const { leaves } = describeCredential(credential);
      const canonical = template!.canonize(leaves);
      expect(canonical, `learner ${i}`).to.be.a('string');
      expect(canonical).to.equal(await reference(credential));
    }
  });

  it('escapes literal values as N-Quads does (quotes, backslashes, controls, non-ASCII, a lone surrogate)', async () => {
    const base = unsigned(credentialV2(0)) as Record<string, any>;
    const template = await buildTemplate(base, describeCredential(base).leaves, contextLoader);
    for (const name of ['a"b\\c', 'line\nbreak\ttab\r\b\f', '\u0000\u001f\u007f', 'Zoë 李雷 🎓', '\uD800', '']) {
      const credential = structuredClone(base);
      credential.credentialSubject.identifier[1].identityHash = name;
      const canonical = template!.canonize(describeCredential(credential).leaves);
      expect(canonical, JSON.stringify(name)).to.equal(await reference(credential));
    }
  });

  it('orders lines whose subjects write the same text (the credential named by its achievement’s IRI) as rdf-canonize does', async () => {
    const base = unsigned(credentialV2(0)) as Record<string, any>;
    base.credentialSubject.achievement.id = 'https://credentials.example.edu/achievements/a';
    base.name = `${base.name} (credential)`; // else the two names would be one quad, which the template leaves to rdf-canonize
    const template = await buildTemplate(base, describeCredential(base).leaves, contextLoader);
    for (const id of ['https://credentials.example.edu/achievements/a', 'https://credentials.example.edu/achievements/', 'https://credentials.example.edu/achievements/ab', base.id]) {
      const credential = structuredClone(base);
      credential.id = id;
      const canonical = template!.canonize(describeCredential(credential).leaves);
      expect(canonical, id).to.be.a('string');
      expect(canonical, id).to.equal(await reference(credential));
    }
  });

  it('defers when two of its quads are one (a repeated tag, which jsonld merges)', async () => {
    const base = unsigned(credentialV2(0)) as Record<string, any>;
    base.credentialSubject.achievement.tag = ['python', 'pandas'];
    const template = await buildTemplate(base, describeCredential(base).leaves, contextLoader);
    expect(template!.canonize(describeCredential(base).leaves)).to.equal(await reference(base));
    const repeated = structuredClone(base);
    repeated.credentialSubject.achievement.tag = ['python', 'python'];
    expect(template!.canonize(describeCredential(repeated).leaves)).to.equal(undefined);
  });
});
