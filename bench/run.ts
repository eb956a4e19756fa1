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
// Short runs are repeated (up to 5 runs or 1 s in all) and the median kept: a single 20 ms run is at the
// mercy of one garbage collection or one scheduler hiccup. Runs of a second or more are timed once.
const times: number[] = [];
let result: number;
do {
  globalThis.gc?.();
  const start = performance.now();
  result = work();
  times.push(performance.now() - start);
} while (times.length < 5 && times.reduce((sum, t) => sum + t, 0) < 1000);
const sorted = times.sort((a, b) => a - b);
const ms = sorted[Math.floor(sorted.length / 2)]!;
console.log(JSON.stringify({ ms, runs: times.length, maxRssMb: process.resourceUsage().maxRSS / 1024, result }));
