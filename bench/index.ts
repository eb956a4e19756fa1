/**
 * `npm run bench`: tree + every proof for n `[index, digest]` values, ours beside OpenZeppelin's
 * StandardMerkleTree, merkletreejs and the raw keccak-256 floor, then a full batch of a million
 * credentials. Each measurement runs in its own process (bench/run.ts, bench/batch.ts).
 *
 * A run whose projected time exceeds BENCH_LIMIT_S (default 300 s) is not run: it is extrapolated from
 * the same contender's largest measured size, scaling by n·log2(n), and the table says so.
 * BENCH_SIZES (e.g. "10000,100000") and BENCH_BATCH (credentials, default 1000000) shorten a run.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { contenders } from './contenders.js';

const sizes = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const limitMs = 1000 * Number(process.env.BENCH_LIMIT_S ?? 300);
const batchSize = Number(process.env.BENCH_BATCH ?? 1_000_000);
const order = ['ours', 'floorOurs', 'floorHashWasm', 'merkletreejs', 'merkletreejsHashWasm', 'oz'] as const;

interface Row { contender: string; n: number; ms: number; maxRssMb?: number; from?: number }

function child(file: string, args: string[]): any {
  const out = execFileSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', fileURLToPath(new URL(file, import.meta.url)), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

const scale = (ms: number, from: number, to: number) => (ms * to * Math.log2(to)) / (from * Math.log2(from));
const rows: Row[] = [];
for (const contender of order) {
  let measured: Row | undefined;
  for (const n of sizes) {
    const projected = measured ? scale(measured.ms, measured.n, n) : 0;
    if (measured && projected > limitMs) {
      rows.push({ contender, n, ms: projected, from: measured.n });
      continue;
    }
    process.stderr.write(`running ${contender} n=${n}${projected ? ` (about ${(projected / 1000).toFixed(0)} s)` : ''}\n`);
    const { ms, maxRssMb } = child('./run.ts', [contender, String(n)]);
    measured = { contender, n, ms, maxRssMb };
    rows.push(measured);
  }
}

const fmt = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const find = (contender: string, n: number) => rows.find((r) => r.contender === contender && r.n === n)!;
console.log('\nTree + proof of every leaf, [index, digest] values (each contender and size in its own process, after an untimed warm-up on 1,000 values; the median of up to 5 runs when a run takes under 1 s)\n');
console.log('| n | contender | time | vs ours | peak RSS | how |');
console.log('|---:|---|---:|---:|---:|---|');
for (const n of sizes) {
  const ours = find('ours', n);
  for (const contender of order) {
    const row = find(contender, n);
    const ratio = contender === 'ours' ? '1' : `${(row.ms / ours.ms).toFixed(row.ms / ours.ms < 10 ? 2 : 0)}x`;
    const how = row.from ? `**extrapolated** from n=${row.from} (n·log n)` : 'measured';
    console.log(`| ${n.toLocaleString('en')} | ${contenders[contender]!.label} | ${fmt(row.ms)} | ${ratio} | ${row.maxRssMb ? `${row.maxRssMb.toFixed(0)} MB` : '-'} | ${how} |`);
  }
}

console.log('\nTargets (ours = tree + all proofs)\n');
for (const n of sizes) {
  const ours = find('ours', n).ms;
  const check = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const oz = find('oz', n).ms / ours;
  const js = find('merkletreejs', n).ms / ours;
  const jsFast = find('merkletreejsHashWasm', n).ms / ours;
  const floor = ours / Math.min(find('floorOurs', n).ms, find('floorHashWasm', n).ms);
  console.log(`- n=${n.toLocaleString('en')}: ${oz.toFixed(0)}x faster than StandardMerkleTree (>= 50x: ${check(oz >= 50)}), ${js.toFixed(1)}x faster than merkletreejs as its README sets it up (>= 3x: ${check(js >= 3)}; ${jsFast.toFixed(1)}x faster than merkletreejs handed hash-wasm), ${floor.toFixed(2)}x the hashing floor (<= 2x: ${check(floor <= 2)})`);
}

process.stderr.write(`running full batch of ${batchSize} credentials\n`);
const batch = child('./batch.ts', [String(batchSize)]);
console.log(`\nFull batch of ${batch.n.toLocaleString('en')} credentials through BatchBuilder (own process)\n`);
console.log('| validate + salt + digest | tree | proof entries | total | peak RSS | samples intact |');
console.log('|---:|---:|---:|---:|---:|---|');
console.log(`| ${fmt(batch.addMs)} | ${fmt(batch.treeMs)} | ${fmt(batch.proofsMs)} | ${fmt(batch.totalMs)} | ${batch.maxRssMb.toFixed(0)} MB | ${batch.samplesIntact} |`);
console.log(`\nPeak memory target < 1.5 GB: ${batch.maxRssMb < 1536 ? 'met' : 'MISSED'}`);
