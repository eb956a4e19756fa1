// Writes src/abi/generated.ts from the compiled artifacts and appends the compiled registry to
// src/abi/releases.ts if it is a new release (run `npx hardhat build` first; `npm run abi` does both).
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RELEASES_FILE, releasesWithCompiled, renderReleases } from './releases.js';
import { GENERATED_ABI_FILE, renderAbiModule } from './render.js';

const root = process.cwd();
await writeAtomically(path.join(root, GENERATED_ABI_FILE), await renderAbiModule(root));
console.log(`wrote ${GENERATED_ABI_FILE}`);
const releases = await releasesWithCompiled(root);
await writeAtomically(path.join(root, RELEASES_FILE), renderReleases(releases));
console.log(`${RELEASES_FILE}: ${releases.length} release(s), newest ${releases.at(-1)!.version} at ${releases.at(-1)!.address}`);

/** Never leaves a half-written module behind. */
async function writeAtomically(target: string, text: string): Promise<void> {
  const temporary = `${target}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, target);
}
