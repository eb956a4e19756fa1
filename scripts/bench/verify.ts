/**
 * `npm run bench:verify`: how fast a verifier checks a whole batch of anchored credentials against a real
 * JSON-RPC node, and how many round trips that costs.
 *
 * Starts `hardhat node` on a free 127.0.0.1 port, deploys the registry, builds a batch of
 * BENCH_VERIFY_N (default 10,000) credentials with the SDK's BatchBuilder, anchors its root, revokes about
 * 1% and suspends a few, then times `verifyCredentials` over every credential through an HTTP viem client
 * whose transport counts each HTTP request (one JSON-RPC round trip). The offline part (integrity:
 * schema, digest, Merkle path) and the chain part (connect + batched state reads) are timed on their own
 * too, and the offline part step by step (schema, digest, Merkle path), so it shows where the time goes. The
 * credentials are unsigned; two more rows time the offline signature check of the same credentials signed
 * by a did:web issuer: the reference path (`verifyCredentialSignature` each, timed on
 * BENCH_VERIFY_SIGNATURE_REFERENCE, default 500, and extrapolated) and the batch path
 * (`verifyCredentialSignatures`, all of them). Each figure is the median of BENCH_VERIFY_RUNS (default 5) runs
 * after one warm-up run. Every run's verdicts are checked: a wrong verdict fails the bench. A last row times
 * what a verifier at a terminal waits for: `microcred verify` on one passport file of them all, start-up included.
 *
 * Exit code: 1 on a wrong verdict or an error; with `--strict`, also when a target is missed.
 * The node is stopped at the end, on error, and on Ctrl-C.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { type Address, type Hex, type PublicClient, createPublicClient, createWalletClient, getAddress, http } from 'viem';
import { type AchievementTemplate, addAnchor, type Anchor, anchorBatch, type AnchoredCredential, anchorProofOf, BatchBuilder, buildCredential, buildIssuerDidDocument, checkIntegrity, connectRegistry, deployRegistry, generateIssuerKey, issuerSigner, processProof, readCredentialStates, registryReleases, revokeCredentials, type SignableCredential, type SignatureVerdict, signCredentials, standardLeaf, suspendCredentials, validateCredential, verifyCredentials, verifyCredentialSignature, verifyCredentialSignatures } from '../../src/index.js';
import { digestOf } from '../../src/core/disclosure/digest.js'; // the offline step this bench times, by itself
import type { Verdict } from '../../src/index.js';
import { type HardhatNode, startHardhatNode } from '../dev/hardhatNode.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const N = Number(process.env.BENCH_VERIFY_N ?? 10_000);
const RUNS = Number(process.env.BENCH_VERIFY_RUNS ?? 5);
const STRICT = process.argv.includes('--strict');
const TARGET_RATE = 5_000; // credentials per second
/** The reference signature check (~10 ms a credential) is timed on this many and extrapolated to N. */
const SIGNATURE_REFERENCE_N = Number(process.env.BENCH_VERIFY_SIGNATURE_REFERENCE ?? 500);
const TARGET_ROUND_TRIPS = 10;
const isRevoked = (i: number) => i % 97 === 13; // ~1%, across every 256-credential bitmap word
const isSuspended = (i: number) => !isRevoked(i) && i % 1000 === 500;

// ---- a hardhat node of our own ------------------------------------------------------------------

let running: ChildProcess | undefined;

async function startNode(): Promise<HardhatNode> {
  const node = await startHardhatNode();
  running = node.process;
  return node;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    running?.kill('SIGKILL');
    process.exit(130);
  });
}

// ---- measuring ----------------------------------------------------------------------------------

/** A viem client over HTTP that counts round trips (HTTP requests) and the JSON-RPC methods in them. */
function countingClient(url: string) {
  const counts = { roundTrips: 0, methods: new Map<string, number>() };
  const transport = http(url, {
    retryCount: 0,
    timeout: 60_000,
    onFetchRequest(_request, init) {
      counts.roundTrips++;
      const body = JSON.parse(String(init.body)) as { method: string } | { method: string }[];
      for (const { method } of Array.isArray(body) ? body : [body]) counts.methods.set(method, (counts.methods.get(method) ?? 0) + 1);
    },
  });
  return { client: createPublicClient({ transport }) as PublicClient, counts };
}

interface Measure {
  label: string;
  ms: number;
  /** Undefined where the bench can't count them (another process's client). */
  roundTrips?: number;
  methods: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function measure(label: string, url: string, run: (client: PublicClient) => Promise<void> | void): Promise<Measure> {
  const times: number[] = [];
  let roundTrips = 0;
  let methods = '';
  for (let i = 0; i <= RUNS; i++) {
    // Let pending socket events (a keep-alive connection the node closed while a synchronous run held the
    // event loop) be processed before the next run, outside the timing: otherwise undici may reuse a
    // socket the server has already closed, and the request fails with "fetch failed" (SocketError).
    await new Promise((resolve) => setTimeout(resolve, 20));
    const { client, counts } = countingClient(url);
    globalThis.gc?.(); // every run starts from a collected heap (the script runs with --expose-gc)
    const start = performance.now();
    await run(client);
    const ms = performance.now() - start;
    if (i === 0) continue; // warm-up
    times.push(ms);
    roundTrips = Math.max(roundTrips, counts.roundTrips);
    methods = [...counts.methods].map(([m, n]) => `${m}×${n}`).join(' ') || '-';
  }
  return { label, ms: median(times), roundTrips, methods };
}

/**
 * What a verifier at a terminal waits for: `microcred verify` as a new process (Node and tsx start-up
 * included) reading one passport file of every credential, verifying it and printing JSON. Its round
 * trips are not counted here (the CLI makes its own client); `verifyCredentials` above is the same code.
 */
async function measureCli(passport: string, url: string, issuer: Address): Promise<Measure> {
  const dir = mkdtempSync(path.join(tmpdir(), 'microcred-bench-'));
  try {
    const file = path.join(dir, 'passport.json');
    writeFileSync(file, passport);
    const times: number[] = [];
    for (let i = 0; i < Math.min(RUNS, 3); i++) {
      const start = performance.now();
      const run = spawnSync(path.join(ROOT, 'bin/microcred'), ['verify', file, '--rpc-url', url, '--trust', issuer, '--json'], {
        encoding: 'utf8',
        maxBuffer: 1 << 30,
      });
      times.push(performance.now() - start);
      // Exit 1: some credentials are revoked or suspended, as they should be.
      if (run.status !== 1) throw new Error(`microcred verify exited ${run.status}: ${run.stderr}`);
      expectVerdicts(JSON.parse(run.stdout) as Verdict[]);
    }
    return { label: 'microcred verify (a new CLI process, one passport file of them all)', ms: median(times), methods: '-' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function expectVerdicts(verdicts: Verdict[]): void {
  const wrong: string[] = [];
  verdicts.forEach((verdict, i) => {
    const expected = isRevoked(i) ? 'revoked' : isSuspended(i) ? 'suspended' : 'valid';
    if (verdict.status !== expected) wrong.push(`#${i}: ${verdict.status} (expected ${expected}): ${verdict.summary}`);
  });
  if (wrong.length > 0) throw new Error(`${wrong.length} wrong verdict(s):\n${wrong.slice(0, 10).join('\n')}`);
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (row: string[]) => row.map((cell, c) => (c === 0 || c === row.length - 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

// ---- the bench ----------------------------------------------------------------------------------

/**
 * A batch of N credentials as an issuer makes it (BatchBuilder), each as the JSON text of its file, its
 * proof entry naming `anchor`. Only text leaves: the builder's data is garbage by the time verifiers run.
 */
function issueBatch(issuer: Address, anchor: Anchor): { root: Hex; size: number; files: string[] } {
  const template = JSON.parse(readFileSync(path.join(ROOT, 'examples/achievement.json'), 'utf8')) as AchievementTemplate;
  const builder = new BatchBuilder({ issuer, registry: registryReleases.at(-1)!.address });
  const salted = Array.from({ length: N }, (_, i) =>
    builder.add(
      buildCredential(
        { id: `B${String(i).padStart(6, '0')}`, name: `Learner ${i}`, email: `learner${i}@example.edu` },
        template,
        { issuer: { address: issuer, name: 'Bench University' }, validFrom: '2025-01-01T00:00:00Z' },
      ),
    ),
  );
  const { root, size } = builder.finalize();
  return { root, size, files: salted.map((s) => JSON.stringify(addAnchor(builder.anchor(s), anchor))) };
}

/**
 * The offline signature check of the credentials, signed once by a did:web issuer (`signCredentials`, a
 * generated key, the DID document from `buildIssuerDidDocument`): the reference path
 * (`verifyCredentialSignature` per credential) on the first SIGNATURE_REFERENCE_N, extrapolated to all,
 * and the batch path (`verifyCredentialSignatures`) on all. Every verdict must be `verified`.
 */
async function measureSignatures(credentials: readonly AnchoredCredential[], url: string): Promise<Measure[]> {
  const did = 'did:web:bench.example.edu';
  const key = await generateIssuerKey();
  const signer = await issuerSigner({ did, ...key });
  const document = buildIssuerDidDocument({ did, signingKey: key, accounts: [] });
  const resolveDid = async (asked: string) => (asked === did ? document : undefined);
  const unsigned = credentials.map((c) => ({ ...c, issuer: { ...c.issuer, id: did } }) as unknown as SignableCredential);
  const proofs = await signCredentials(unsigned, signer);
  const signed = unsigned.map((c, i) => ({ ...c, proof: [proofs[i], ...(c.proof as unknown[])] }));
  const expectVerified = (verdicts: SignatureVerdict[]) => {
    const wrong = verdicts.findIndex((v) => !v.verified);
    if (wrong >= 0) throw new Error(`signature of #${wrong} not verified: ${JSON.stringify(verdicts[wrong])}`);
  };

  const sample = signed.slice(0, Math.min(SIGNATURE_REFERENCE_N, signed.length));
  for (const c of sample.slice(0, 50)) expectVerified([await verifyCredentialSignature(c, { resolveDid })]); // warm-up
  globalThis.gc?.();
  const start = performance.now();
  for (const c of sample) expectVerified([await verifyCredentialSignature(c, { resolveDid })]);
  const referenceMs = ((performance.now() - start) / sample.length) * signed.length;
  const extrapolated = sample.length < signed.length ? `; timed on ${sample.length.toLocaleString('en')}, extrapolated` : '';
  const reference = { label: `offline only: signatures, reference (verifyCredentialSignature each${extrapolated})`, ms: referenceMs, methods: '-' };
  const batch = await measure('offline only: signatures, batch (verifyCredentialSignatures)', url, async () => {
    expectVerified(await verifyCredentialSignatures(signed, { resolveDid }));
  });
  return [reference, batch];
}

async function main(): Promise<boolean> {
  const say = (text: string) => process.stderr.write(`${text}\n`);
  say(`starting hardhat node…`);
  const node = await startNode();
  try {
    const transport = http(node.url, { retryCount: 0, timeout: 60_000 });
    const setupClient = createPublicClient({ transport, pollingInterval: 50 }) as PublicClient;
    const [account] = (await setupClient.request({ method: 'eth_accounts' } as never)) as Address[];
    const issuer = getAddress(account!);
    const wallet = createWalletClient({ account: issuer, transport });
    const { address } = await deployRegistry(setupClient, wallet);
    const registry = await connectRegistry({ client: setupClient, address });
    const writer = { registry, wallet };

    say(`building and anchoring a batch of ${N.toLocaleString('en')} credentials…`);
    const { root, size, files } = issueBatch(issuer, { chain: registry.chain, registry: registry.address });
    await anchorBatch(writer, issuer, root, size);
    // What a verifier holds: the files, parsed.
    const credentials: unknown[] = files.map((file) => JSON.parse(file));
    const revoked = [...Array(N).keys()].filter(isRevoked);
    const suspended = [...Array(N).keys()].filter(isSuspended);
    await revokeCredentials(writer, issuer, root, revoked, 3);
    if (suspended.length > 0) await suspendCredentials(writer, issuer, root, suspended, 5);
    say(`revoked ${revoked.length}, suspended ${suspended.length}; timing ${RUNS} runs after a warm-up…`);

    const refs = credentials.map((_, index) => ({ issuer, root, index }));
    // The offline part, whole and step by step (each step alone, on the already-validated credentials).
    const typed = credentials.map((credential) => validateCredential(credential) as AnchoredCredential);
    const proofs = typed.map((c) => anchorProofOf(c)!);
    const digests = typed.map((c, i) => digestOf(c, { salts: proofs[i]!.salts, hidden: proofs[i]!.hidden }));
    const schema = await measure('  offline step: schema validation', node.url, () => {
      for (const credential of credentials) validateCredential(credential);
    });
    const digest = await measure('  offline step: digest (commitments, RFC 8785, keccak)', node.url, () => {
      typed.forEach((c, i) => digestOf(c, { salts: proofs[i]!.salts, hidden: proofs[i]!.hidden }));
    });
    const merkle = await measure('  offline step: leaf + Merkle path', node.url, () => {
      proofs.forEach((p, i) => {
        if (processProof(standardLeaf(p.index, digests[i]!), p.path) !== p.root.toLowerCase()) throw new Error('bad path');
      });
    });
    const offline = await measure('offline only (checkIntegrity: schema, digest, Merkle path)', node.url, () => {
      for (const credential of credentials) if (!checkIntegrity(credential).ok) throw new Error('a credential failed integrity');
    });
    const signatures = await measureSignatures(typed, node.url);
    const chain = await measure('chain only (connect + batched state reads)', node.url, async (client) => {
      const connected = await connectRegistry({ client, address, expectedChainId: registry.chainId });
      const states = await readCredentialStates(connected, refs);
      if (states.filter((s) => s.revoked).length !== revoked.length) throw new Error('the chain read the wrong revocations');
    });
    const full = await measure('verifyCredentials (everything)', node.url, async (client) => {
      expectVerdicts(await verifyCredentials(credentials, { client: () => client, trust: { issuers: [issuer] } }));
    });

    const cli = await measureCli(`[${files.join(',')}]`, node.url, issuer);

    const rate = (ms: number) => Math.round(N / (ms / 1000));
    const rows = [schema, digest, merkle, offline, ...signatures, chain, full, cli].map((m) => [m.label, N.toLocaleString('en'), m.ms.toFixed(0), rate(m.ms).toLocaleString('en'), m.roundTrips === undefined ? '-' : String(m.roundTrips), m.methods]);
    process.stdout.write(`\nverify ${N.toLocaleString('en')} anchored credentials (1 batch, ${revoked.length} revoked, ${suspended.length} suspended) against hardhat node over HTTP; median of ${RUNS} runs\n\n`);
    process.stdout.write(`${table(['part', 'credentials', 'wall ms', 'credentials/s', 'round trips', 'JSON-RPC calls'], rows)}\n`);
    const rest = full.ms - offline.ms - chain.ms;
    process.stdout.write(`verifyCredentials beyond checkIntegrity + chain reads (address checksums, verdict assembly): ${rest.toFixed(0)} ms\n`);
    const [referenceSignatures, batchSignatures] = signatures as [Measure, Measure];
    process.stdout.write(
      `signatures (the same credentials signed by a did:web issuer; the rows above are unsigned): ${(referenceSignatures.ms / N).toFixed(3)} ms a credential by the reference, ${(batchSignatures.ms / N).toFixed(3)} ms by the batch path, ${(referenceSignatures.ms / batchSignatures.ms).toFixed(1)}× faster\n\n`,
    );
    const rateOk = rate(full.ms) >= TARGET_RATE;
    const tripsOk = full.roundTrips! <= TARGET_ROUND_TRIPS;
    process.stdout.write(
      `${table(['target', 'wanted', 'measured', 'result'], [
        ['credentials/s (verifyCredentials)', `≥ ${TARGET_RATE.toLocaleString('en')}`, rate(full.ms).toLocaleString('en'), rateOk ? 'PASS' : 'MISS'],
        ['round trips (verifyCredentials)', `≤ ${TARGET_ROUND_TRIPS}`, String(full.roundTrips), tripsOk ? 'PASS' : 'MISS'],
      ])}\n`,
    );
    return rateOk && tripsOk;
  } finally {
    await node.stop();
  }
}

main().then(
  (met) => {
    process.exitCode = !met && STRICT ? 1 : 0;
  },
  (error: unknown) => {
    running?.kill('SIGKILL');
    console.error(error);
    process.exitCode = 1;
  },
);
