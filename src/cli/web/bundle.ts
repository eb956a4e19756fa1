// Builds the web verifier page (src/web/) into a set of static files held in memory: `npm run build:web`
// writes them to dist/web/ (what the package ships), and `microcred web` run from the sources serves them.
// esbuild is a development dependency: an installed package serves the built page (page.ts).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type WebAssets, webAsset } from './assets.js';

const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');

/**
 * Bundles `src/web/app.ts` with the SDK for browsers (minified, with a source map) next to the page's HTML
 * and CSS, and `src/web/offlineWorker.ts`, the Web Worker that checks a large input, as `/offlineWorker.js`.
 */
export async function bundleVerifierPage(): Promise<WebAssets> {
  const result = await build({
    entryPoints: [path.join(WEB, 'app.ts'), path.join(WEB, 'offlineWorker.ts')],
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
  for (const file of result.outputFiles) assets.set(file.path, webAsset(file.path, file.contents));
  for (const name of ['index.html', 'styles.css']) assets.set(`/${name}`, webAsset(name, await readFile(path.join(WEB, name))));
  return assets;
}
