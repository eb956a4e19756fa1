// Writes src/abi/generated.ts from the compiled artifacts (run `npx hardhat build` first; `npm run abi` does both).
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GENERATED_ABI_FILE, renderAbiModule } from './render.js';

const root = process.cwd();
const target = path.join(root, GENERATED_ABI_FILE);
const temporary = `${target}.tmp`;
await writeFile(temporary, await renderAbiModule(root));
await rename(temporary, target); // never leave a half-written module behind
console.log(`wrote ${GENERATED_ABI_FILE}`);
