import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type WebAssets, readBuiltPage } from './assets.js';

/**
 * The verifier page `microcred web` serves. Compiled (an installed package, or `dist/` in a clone), it is
 * the page built beside it in dist/web/. Run from the sources (`bin/microcred` in a clone), it is bundled
 * now from src/web/, so an edit shows without a build.
 */
export async function verifierPage(): Promise<WebAssets> {
  if (import.meta.url.endsWith('.ts')) return (await import('./bundle.js')).bundleVerifierPage();
  return readBuiltPage(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web'));
}
