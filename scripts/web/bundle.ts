// Builds the web verifier page (web/) into a set of static files held in memory: `microcred web` serves
// them, `npm run build:web` writes them out for any static host.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');

export interface WebAsset {
  contentType: string;
  body: Uint8Array;
}

/** The page's files by URL path (`/index.html`, `/app.js`, …). */
export type WebAssets = Map<string, WebAsset>;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Bundles `web/app.ts` with the SDK for browsers (minified, with a source map) next to the page's HTML and CSS. */
export async function bundleVerifierPage(): Promise<WebAssets> {
  const result = await build({
    entryPoints: [path.join(WEB, 'app.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    outdir: '/', // nothing is written (write: false); this only names the output files
    write: false,
    logLevel: 'silent',
  });
  const assets: WebAssets = new Map();
  for (const file of result.outputFiles) assets.set(file.path, asset(file.path, file.contents));
  for (const name of ['index.html', 'styles.css']) assets.set(`/${name}`, asset(name, await readFile(path.join(WEB, name))));
  return assets;
}

function asset(name: string, body: Uint8Array): WebAsset {
  return { contentType: CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream', body };
}
