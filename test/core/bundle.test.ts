import { readFileSync, readdirSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { expect } from 'chai';
import { build } from 'esbuild';

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
    const context = { crypto, TextEncoder, TextDecoder, WebAssembly, console, URL };
    const out = runInNewContext(
      `${code}; const tree = microcred.buildMerkleTree(['0x${'11'.repeat(32)}', '0x${'22'.repeat(32)}']); ({ root: tree.root, ok: microcred.verifyProof(tree.root, tree.leaf(1), tree.proof(1)), json: microcred.canonicalJson({ b: 1, a: 2 }) })`,
      context,
    );
    expect(out).to.deep.equal({ root: out.root, ok: true, json: '{"a":2,"b":1}' });
    expect(out.root).to.match(/^0x[0-9a-f]{64}$/);
  });
});
