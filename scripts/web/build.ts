// `npm run build:web`: writes the web verifier page to dist/web/, ready for any static host.
// Written to a sibling folder and renamed into place, so dist/web/ is never half old, half new.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleVerifierPage } from '../../src/cli/web/bundle.js';
import { pageSecurityHeaders } from '../../src/cli/web/securityHeaders.js';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist');
const target = path.join(DIST, 'web');
const staging = path.join(DIST, `.web-${process.pid}`);

const assets = await bundleVerifierPage();
// Checked before anything is written: a page without its policy is not one to publish.
const headers = pageSecurityHeaders(new TextDecoder().decode(assets.get('/index.html')!.body));
await mkdir(staging, { recursive: true });
try {
  for (const [name, { body }] of assets) await writeFile(path.join(staging, name), body);
  await rm(target, { recursive: true, force: true });
  await rename(staging, target);
} finally {
  await rm(staging, { recursive: true, force: true });
}
console.log(`web verifier page in ${path.relative(process.cwd(), target)}/:`);
for (const [name, { body }] of assets) console.log(`  ${name.slice(1).padEnd(20)} ${(body.byteLength / 1024).toFixed(0).padStart(6)} KiB`);
// Static files can't send headers, and the meta tags can't forbid framing: the host has to.
console.log('the host should send these headers with every file (as `microcred web` does):');
for (const [name, value] of Object.entries(headers)) console.log(`  ${name}: ${value}`);
