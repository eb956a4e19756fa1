/**
 * One measurement of `npm run bench:issue` in its own process, so its peak memory (maxRSS) is its own:
 * `node --expose-gc --import tsx bench/issueRun.ts <what> <roster.csv> <workdir>` prints
 * `{ ms, maxRssMb, size }` as JSON. `what` is one of:
 * - `library`: what the library alone does for the roster's learners, in memory: `buildCredential`,
 *   `BatchBuilder.add`, `finalize`, `anchor`, and each credential rendered as its file's JSON text (then
 *   dropped). Between salting and anchoring it keeps what `issue` keeps on disk: each credential's salts
 *   and the data to rebuild its body (as bench/batch.ts does), not the credential objects.
 * - `library-signed`: the same, each part of 256 anchored credentials signed by `signCredentials` (one thread).
 * - `issue`, `issue-signed`: `issueRoster` from the CSV file to files and store rows (signed: the issuer's
 *   `NodeIssuerSigner`, signing on worker threads).
 * - `files`: only creating N credential-sized files in a new folder: what the disk charges `issue` and
 *   the library never pays (it renders each file's text and drops it).
 * Files are left in `workdir`, which bench/issue.ts removes after the last row: removing a million files
 * here would slow the next row's file creation (on an ext4 mounted with `discard`, creating files right
 * after a large delete took 150-165 µs a file against 31-33 µs otherwise, measured in /tmp).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BatchBuilder, buildCredential, type Disclosure, generateIssuerKey, type OpenBadgeCredential, registryReleases, signCredentials } from '../src/index.js';
import { issueRoster, nodeIssuerSigner, openStore } from '../src/node/index.js';
import { BENCH_DID, BENCH_ISSUER, BENCH_NOW, learnerOf } from './issueData.js';

const [what, rosterPath, workdir] = process.argv.slice(2) as [string, string, string];
const template = JSON.parse(readFileSync(new URL('../examples/achievement.json', import.meta.url), 'utf8'));
const size = readFileSync(rosterPath, 'utf8').split('\n').filter((line) => line.trim() !== '').length - 1;
// A fresh key each run (a signature costs the same whatever the key): no key is kept anywhere.
const signer = await nodeIssuerSigner({ did: BENCH_DID, ...(await generateIssuerKey()) });
const issuer = { ...BENCH_ISSUER, did: BENCH_DID };
const validFrom = BENCH_NOW.toISOString().replace(/\.\d{3}Z$/, 'Z');
globalThis.gc?.();

const start = performance.now();
if (what === 'library' || what === 'library-signed') {
  const builder = new BatchBuilder({ issuer: issuer.address, registry: registryReleases.at(-1)!.address });
  const ids: string[] = [];
  const disclosures: Disclosure[] = [];
  for (let i = 0; i < size; i++) {
    const credential = buildCredential(learnerOf(i), template, { issuer, validFrom });
    const { disclosure } = builder.add(credential);
    ids.push(credential.id);
    disclosures.push(disclosure);
  }
  builder.finalize();
  // The body of credential i again, without a second validation: what the spool gives `issue` back.
  const base = buildCredential(learnerOf(0), template, { issuer, validFrom });
  const bodyOf = (i: number): OpenBadgeCredential => {
    const learner = learnerOf(i);
    const identity = (identityType: string, identityHash: string) => ({ type: 'IdentityObject' as const, identityType, hashed: false, identityHash });
    return {
      ...base,
      id: ids[i]!,
      credentialSubject: {
        ...base.credentialSubject,
        identifier: [identity('sourcedId', learner.id), identity('name', learner.name), identity('emailAddress', learner.email)],
      },
    };
  };
  let bytes = 0;
  for (let first = 0; first < size; first += 256) {
    const part = [];
    for (let i = first; i < Math.min(size, first + 256); i++) part.push(builder.anchor({ index: i, digest: '0x', credential: bodyOf(i), disclosure: disclosures[i]! }));
    const proofs = what === 'library-signed' ? await signCredentials(part, signer, { created: validFrom }) : undefined;
    part.forEach((credential, i) => {
      bytes += JSON.stringify(proofs ? { ...credential, proof: [proofs[i]!, ...(credential.proof as object[])] } : credential, null, 2).length + 1;
    });
  }
  if (bytes === 0) throw new Error('nothing rendered');
} else if (what === 'issue' || what === 'issue-signed') {
  const dir = mkdtempSync(path.join(workdir, 'issue-'));
  const store = openStore(dir);
  try {
    const batch = await issueRoster({
      store,
      rosterPath,
      template,
      issuer,
      ...(what === 'issue-signed' ? { signer } : {}),
      outDir: path.join(dir, 'credentials'),
      now: BENCH_NOW,
    });
    if (batch.size !== size) throw new Error(`issued ${batch.size} of ${size}`);
  } finally {
    store.close();
  }
  const ms = performance.now() - start;
  console.log(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, size }));
  process.exit(0);
} else if (what === 'files') {
  // What the file system alone charges for a batch's files: N new files, each the size of learner 0's
  // unsigned credential file, created in one new folder as `issue` creates them (one thread at a time).
  const builder = new BatchBuilder({ issuer: issuer.address, registry: registryReleases.at(-1)!.address });
  const salted = builder.add(buildCredential(learnerOf(0), template, { issuer, validFrom }));
  builder.finalize();
  const text = `${JSON.stringify(builder.anchor(salted), null, 2)}\n`;
  const dir = mkdtempSync(path.join(workdir, 'files-'));
  const t0 = performance.now();
  for (let i = 0; i < size; i++) writeFileSync(path.join(dir, `${learnerOf(i).id}.json`), text, { flag: 'wx' });
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, size }));
  process.exit(0);
} else {
  throw new Error(`unknown measurement ${what}`);
}
console.log(JSON.stringify({ ms: performance.now() - start, maxRssMb: process.resourceUsage().maxRSS / 1024, size }));
