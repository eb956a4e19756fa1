/**
 * The full batch of `n` credentials (default 1,000,000) in its own process, so its peak memory is its
 * own: `node --expose-gc --import tsx bench/batch.ts [n]` prints phase times and maxRSS as JSON.
 *
 * The credentials go through `BatchBuilder` as an issuer's CLI would drive it: each added (validated,
 * salted, digested) and handed to a store, the tree built, then each credential's proof entry made and
 * the anchored credential written out. The "store" here keeps each credential's salts as 16-byte rows of
 * one Uint8Array (a real issuer keeps them in its database) and re-creates credential bodies from the
 * learner number; anchored credentials are dropped instead of written.
 */
import { readFileSync } from 'node:fs';
import { anchorProofOf, BatchBuilder, buildCredential, checkIntegrity, type OpenBadgeCredential, registryReleases } from '../src/index.js';
import { bytesToHex, hexToBytes } from '../src/core/bytes.js'; // the core's own conversions, as the batch builder uses them

const n = Number(process.argv[2] ?? 1_000_000);
const template = JSON.parse(readFileSync(new URL('../examples/achievement.json', import.meta.url), 'utf8'));
const issuer = { address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', name: 'Example University', chainId: 31337 };
const base = buildCredential({ id: 'S0', name: 'Learner 0', email: 'learner0@students.example.edu' }, template, { issuer, validFrom: '2025-06-30T00:00:00Z' });

/** Learner i's credential (what the issuer's store would hand back). */
function credentialOf(i: number): OpenBadgeCredential {
  const identity = (identityType: string, identityHash: string) => ({ type: 'IdentityObject' as const, identityType, hashed: false, identityHash });
  return {
    ...base,
    id: `urn:uuid:00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
    credentialSubject: {
      ...base.credentialSubject,
      identifier: [identity('sourcedId', `S${i}`), identity('name', `Learner ${i}`), identity('emailAddress', `learner${i}@students.example.edu`)],
    },
  };
}

const builder = new BatchBuilder({ issuer: issuer.address, registry: registryReleases.at(-1)!.address });
let paths: string[] = [];
let salts = new Uint8Array(0);
const t0 = performance.now();
for (let i = 0; i < n; i++) {
  const { disclosure } = builder.add(credentialOf(i));
  if (i === 0) {
    paths = Object.keys(disclosure.salts);
    salts = new Uint8Array(16 * paths.length * n);
  }
  paths.forEach((path, k) => salts.set(hexToBytes(disclosure.salts[path]!, 16), 16 * (paths.length * i + k)));
}
const t1 = performance.now();
const { root } = builder.finalize();
const t2 = performance.now();
let pathEntries = 0;
const samples: unknown[] = [];
for (let i = 0; i < n; i++) {
  const row = 16 * paths.length * i;
  const disclosure = { salts: Object.fromEntries(paths.map((path, k) => [path, bytesToHex(salts, row + 16 * k, 16)])), hidden: {} };
  const anchored = builder.anchor({ index: i, digest: '0x', credential: credentialOf(i), disclosure });
  pathEntries += anchorProofOf(anchored)!.path.length;
  if (i % Math.ceil(n / 5) === 0) samples.push(anchored);
}
const t3 = performance.now();

console.log(
  JSON.stringify({
    n,
    root,
    addMs: t1 - t0,
    treeMs: t2 - t1,
    proofsMs: t3 - t2,
    totalMs: t3 - t0,
    pathEntries,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    // Not timed: a few of the anchored credentials pass the offline check.
    samplesIntact: samples.every((c) => checkIntegrity(c).ok),
  }),
);
