/**
 * One bench measurement in its own process, so its peak memory (maxRSS) and JIT state are its own:
 * `node --expose-gc --import tsx bench/run.ts <contender> <n>` prints `{ ms, maxRssMb, result }` as JSON.
 */
import { contenders } from './contenders.js';

const [name, size] = process.argv.slice(2);
const contender = contenders[name!];
if (!contender) throw new Error(`unknown contender ${name}`);
const n = Number(size);
// Every contender first runs once on WARMUP values, untimed, so the timed run measures throughput rather
// than JIT and WebAssembly compilation (a one-off cost of a few tens of milliseconds for every library).
const WARMUP = 1_000;
(await contender.prepare(WARMUP))();
const work = await contender.prepare(n);
globalThis.gc?.();
const start = performance.now();
const result = work();
const ms = performance.now() - start;
console.log(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, result }));
