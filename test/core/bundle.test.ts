import { readFileSync, readdirSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { expect } from 'chai';
import { build } from 'esbuild';
import { generateIssuerKey } from '../../src/core/index.js';

const entry = new URL('../../src/core/index.ts', import.meta.url);

function sourceFiles(dir: URL): URL[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(new URL(`${e.name}/`, dir)) : e.name.endsWith('.ts') ? [new URL(e.name, dir)] : [],
  );
}

describe('core: browser-safe', () => {
  it('imports no Node built-in anywhere under src/core', () => {
    const files = sourceFiles(new URL('../../src/core/', import.meta.url));
    expect(files.length).to.be.above(20);
    for (const file of files) expect(readFileSync(file, 'utf8'), file.pathname).not.to.match(/from ['"](node:|fs|path|crypto|os|buffer)['"/]/);
  });

  it('bundles for the browser and runs with only browser globals', async function () {
    this.timeout(60_000);
    const result = await build({
      entryPoints: [entry.pathname],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'microcred',
      write: false,
      logLevel: 'silent',
    });
    expect(result.errors).to.deep.equal([]);
    const code = result.outputFiles[0]!.text;
    expect(code).not.to.match(/require\(["']node:/);
    // A context with what a browser page has, and no process, Buffer or require.
    const context: Record<string, unknown> = { crypto, TextEncoder, TextDecoder, WebAssembly, console, URL, setTimeout, clearTimeout, queueMicrotask };
    context.self = context; // a page's global object is `self` (jsonld's setImmediate polyfill looks for it)
    const out = runInNewContext(
      `${code}; const tree = microcred.buildMerkleTree(['0x${'11'.repeat(32)}', '0x${'22'.repeat(32)}']); ({ root: tree.root, ok: microcred.verifyProof(tree.root, tree.leaf(1), tree.proof(1)), json: microcred.canonicalJson({ b: 1, a: 2 }) })`,
      context,
    );
    expect(out).to.deep.equal({ root: out.root, ok: true, json: '{"a":2,"b":1}' });
    expect(out.root).to.match(/^0x[0-9a-f]{64}$/);

    // The standard signature too: a credential signed and its signature checked, in the page. The key is made
    // here and handed in as text: WebCrypto's key generation, called from another realm with that realm's
    // typed arrays, is refused now and then by Node's vm (a real page is one realm).
    const key = await generateIssuerKey();
    const signed = await runInNewContext(
      `${code}; (async () => {
        const did = 'did:web:university.example';
        const key = JSON.parse(${JSON.stringify(JSON.stringify(key))});
        const signer = await microcred.issuerSigner({ did, ...key });
        const document = microcred.buildIssuerDidDocument({ did, signingKey: key, accounts: ['0x70997970C51812dc3A010C7d01b50e0d17dc79C8'] });
        const credential = { '@context': microcred.contextV2(), id: 'urn:uuid:1', type: ['VerifiableCredential', 'OpenBadgeCredential'], issuer: { id: did, type: ['Profile'], name: 'U' },
          validFrom: '2025-01-01T00:00:00Z', name: 'A', credentialSubject: { type: ['AchievementSubject'], achievement: { id: 'https://u.example/a', type: ['Achievement'], name: 'A', description: 'D', criteria: { narrative: 'N' } } } };
        const proof = await microcred.signCredential(credential, signer);
        const good = await microcred.verifyCredentialSignature({ ...credential, proof: [proof] }, { resolveDid: async () => document });
        const bad = await microcred.verifyCredentialSignature({ ...credential, name: 'B', proof: [proof] }, { resolveDid: async () => document });
        return { good: good.verified, bad: bad.verified };
      })()`,
      context,
    );
    expect(signed).to.deep.equal({ good: true, bad: false });
  });
});
