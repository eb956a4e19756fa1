/**
 * `npm run bench:sign`: eddsa-rdfc-2022 Data Integrity signing of format-v2 credentials, the reference
 * path (@digitalbazaar data-integrity + eddsa-rdfc-2022-cryptosuite through jsonld-signatures, one
 * `signCredential` per credential) beside ours (`signCredentials`, one jsonld.toRDF per credential shape),
 * which gives the same bytes. The reference is measured on BENCH_SIGN_REFERENCE credentials (default
 * 2,000) and extrapolated linearly; ours on BENCH_SIGN_N (default 100,000). One core, after a warm-up.
 */
import { buildCredential, generateIssuerKey, MICROCRED_CONTEXT_V2, type SignableCredential, signCredential, signCredentials, type SignCredentialsStats } from '../src/index.js';
import { readFileSync } from 'node:fs';
import { nodeIssuerSigner } from '../src/node/index.js';

const referenceN = Number(process.env.BENCH_SIGN_REFERENCE ?? 2_000);
const oursN = Number(process.env.BENCH_SIGN_N ?? 100_000);
const created = '2025-07-01T12:00:00Z';
const did = 'did:web:credentials.example.edu';
const account = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const registry = '0xd5EE96bfc08DceE8A50C2CBfa7c3392908F8FA12';
const root = `0x${'5b'.repeat(32)}`;
const template = JSON.parse(readFileSync(new URL('../examples/achievement.json', import.meta.url), 'utf8'));

function credential(i: number): SignableCredential {
  const c = buildCredential({ id: `S2025-${i}`, name: `Learner Número ${i}`, email: `learner${i}@students.example.edu` }, template, {
    issuer: { address: account, name: 'Example University' },
    validFrom: '2025-06-30T00:00:00Z',
  }) as unknown as Record<string, any>;
  c['@context'] = [...c['@context'], MICROCRED_CONTEXT_V2];
  c.issuer.id = did;
  c.credentialStatus = { id: `urn:microcred:status:${registry}:${account}:${root}:${i}`, type: 'MicrocredRegistryStatus', registry, issuer: account, root, index: i };
  return c as SignableCredential;
}

// Both paths sign with the key the CLI signs with (Node's crypto, the key imported once): the rows differ
// only in how the signed data is made.
const signer = await nodeIssuerSigner({ did, ...(await generateIssuerKey()) });
const credentials = Array.from({ length: Math.max(referenceN, oursN) }, (_, i) => credential(i));

// Warm-up, and a spot check that both paths agree.
const warm = credentials.slice(0, 50);
const warmOurs = await signCredentials(warm, signer, { created });
for (let i = 0; i < warm.length; i++) {
  if ((await signCredential(warm[i]!, signer, { created })).proofValue !== warmOurs[i]!.proofValue) throw new Error(`paths disagree on credential ${i}`);
}

globalThis.gc?.();
let start = performance.now();
for (const c of credentials.slice(0, referenceN)) await signCredential(c, signer, { created });
const referenceMs = (performance.now() - start) / referenceN;

globalThis.gc?.();
const stats: SignCredentialsStats = { fast: 0, reference: 0 };
start = performance.now();
await signCredentials(credentials.slice(0, oursN), signer, { created, stats });
const oursMs = (performance.now() - start) / oursN;

const row = (name: string, measuredOn: number, ms: number) =>
  `| ${name} | ${measuredOn.toLocaleString('en')} | ${ms.toFixed(3)} | ${((ms * 100_000) / 1000).toFixed(1)} s${measuredOn < 100_000 ? ' (extrapolated)' : ''} | ${Math.round(1000 / ms).toLocaleString('en')} |`;
console.log('\nSigning format-v2 credentials (eddsa-rdfc-2022), one core\n');
console.log('| path | measured on | ms per credential | per 100,000 | credentials/s |');
console.log('|---|---:|---:|---:|---:|');
console.log(row('reference (@digitalbazaar, signCredential each)', referenceN, referenceMs));
console.log(row('ours (signCredentials, same bytes)', oursN, oursMs));
console.log(`\nours: ${stats.fast} by the fast path, ${stats.reference} by the reference path; ${(referenceMs / oursMs).toFixed(1)}× faster`);
