import { writeFile } from 'node:fs/promises';
import { KNOWN_MISSES, SNAPSHOT_FILE, formatTable, measureGas, toSnapshot } from './measure.js';

/**
 * Measures the registry's gas on the in-process chain, prints the table and writes the committed snapshot.
 *
 * @example
 * npm run gas    # hardhat run scripts/bench/gas.ts
 */
const measured = await measureGas();
console.log(formatTable(measured.figures));
console.log(`\n${measured.compiler}; ${measured.chain}.`);
for (const [id, why] of Object.entries(KNOWN_MISSES)) console.log(`Known miss, ${id}: ${why}.`);
await writeFile(SNAPSHOT_FILE, `${JSON.stringify(toSnapshot(measured), null, 2)}\n`);
console.log(`Wrote ${SNAPSHOT_FILE}.`);
