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
 * Both cores: the same passport file's text verified to verdicts on one thread (`credentialsFromText` +
 * `verifySourcedCredentials`, what the CLI and the page did before) and with two worker threads
 * (`splitCredentialList` + `verifySourcedCredentials` with `startNodeWorkerPool()`), side by side, the
 * median of runs alternating between the two so that the machine's load falls on both alike. The pool is
 * started and warmed before the timed runs; its start-up is reported on its own row. Target: 1.6x. Then the
 * per-credential offline cost (`checkIntegrity`, one thread) against its floor: RFC 8785 canonical JSON of
 * the same credential and keccak-256 of it (target: within 3x). BENCH_VERIFY_ONLY=workers times only these.
 *
 * Exit code: 1 on a wrong verdict or an error; with `--strict`, also when a target is missed.
 * The node is stopped at the end, on error, and on Ctrl-C.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { loadavg, tmpdir } from 'node:os';
import { type Address, type Hex, type PublicClient, createPublicClient, createWalletClient, getAddress, http } from 'viem';
import { type AchievementTemplate, addAnchor, type Anchor, anchorBatch, type AnchoredCredential, anchorProofOf, BatchBuilder, buildCredential, buildIssuerDidDocument, checkIntegrity, connectRegistry, deployRegistry, generateIssuerKey, issuerSigner, processProof, readCredentialStates, registryReleases, revokeCredentials, type SignableCredential, type SignatureVerdict, signCredentials, standardLeaf, suspendCredentials, validateCredential, verifyCredentials, verifyCredentialSignature, verifyCredentialSignatures } from '../../src/index.js';
import { digestOf } from '../../src/core/disclosure/digest.js'; // the offline step this bench times, by itself
import { canonicalJson } from '../../src/core/canonical.js';
import { getHasher } from '../../src/core/keccak/hasher.js';
import { credentialsFromText, splitCredentialList, verifySourcedCredentials } from '../../src/verifier/index.js';
import { startNodeWorkerPool } from '../../src/verifier/workers/node.js';
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
const TARGET_SPEED_UP = 1.6;
const TARGET_FLOOR_RATIO = 3;
const ONLY_WORKERS = process.env.BENCH_VERIFY_ONLY === 'workers';
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
  /** CPU time of the bench's threads over wall time (the chain node's, another process's, not included). */
  cores?: number;
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
    let where = '';
    for (let i = 0; i < Math.min(RUNS, 3); i++) {
      const start = performance.now();
      const run = spawnSync(path.join(ROOT, 'bin/microcred'), ['verify', file, '--rpc-url', url, '--trust', issuer, '--json'], {
        encoding: 'utf8',
        maxBuffer: 1 << 30,
        env: { ...process.env, MICROCRED_DEBUG_WORKERS: '1' },
      });
      where = /offline checks: .*/.exec(run.stderr)?.[0] ?? 'offline checks: no worker pool';
      times.push(performance.now() - start);
      // Exit 1: some credentials are revoked or suspended, as they should be.
      if (run.status !== 1) throw new Error(`microcred verify exited ${run.status}: ${run.stderr}`);
      expectVerdicts(JSON.parse(run.stdout) as Verdict[]);
    }
    return { label: `microcred verify (a new CLI process, one passport file of them all; ${where})`, ms: median(times), methods: '-' };
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

/**
 * How many cores `threads` busy threads of this process get right now (process CPU time over wall time,
 * 1 s). Two threads' figure over one thread's is the most any two-thread speed-up can be at that moment: on
 * a machine shared with other sessions the scheduler may give a process one core whatever its threads.
 */
async function busyThreadsGet(threads: number): Promise<number> {
  const code = `const end = Date.now() + 1000; let n = 0; while (Date.now() < end) n++; require('node:worker_threads').parentPort.postMessage(n);`;
  const cpu = process.cpuUsage();
  const start = performance.now();
  await Promise.all(Array.from({ length: threads }, () => new Promise((resolve, reject) => new Worker(code, { eval: true }).once('message', resolve).once('error', reject))));
  const { user, system } = process.cpuUsage(cpu);
  return (user + system) / 1000 / (performance.now() - start);
}

/** Runs `a` and `b` alternately RUNS times after a warm-up of each: the median wall time of each. */
async function alternate(a: string, runA: () => void, b: string, runB: () => void): Promise<[Measure, Measure]> {
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i <= RUNS; i++) {
    for (const [side, run] of [runA, runB].entries()) {
      globalThis.gc?.();
      const start = performance.now();
      run();
      if (i > 0) times[side]!.push(performance.now() - start);
    }
  }
  return [{ label: a, ms: median(times[0]), methods: '-' }, { label: b, ms: median(times[1]), methods: '-' }];
}

interface Cores {
  /** Cores two busy threads got, and one: see `busyThreadsGet`. */
  control: { two: number; one: number };
  startUp: number;
  one: Measure;
  two: Measure;
  offline: Measure;
  floor: Measure;
  load: string;
}

/**
 * One thread against two worker threads on the same passport text, runs alternating; then the offline cost
 * per credential against canonical JSON + keccak of the same credentials. `uptime`'s load averages are
 * read before and after, since the machine is shared.
 */
async function measureCores(passport: string, credentials: readonly unknown[], url: string, issuer: Address): Promise<Cores> {
  const loadBefore = loadAverage();
  const controlBefore = { two: await busyThreadsGet(2), one: await busyThreadsGet(1) };
  const options = (client: PublicClient) => ({ client: () => client, trust: { issuers: [issuer] } });
  let start = performance.now();
  const pool = startNodeWorkerPool();
  try {
    await pool.whenReady();
    const startUp = performance.now() - start;
    const one: number[] = [];
    const two: number[] = [];
    /** CPU time of all this process's threads over wall time, each run: how many cores it got. */
    const cores = { one: [] as number[], two: [] as number[] };
    let trips = { one: 0, two: 0 };
    const methods = { one: '', two: '' };
    for (let i = 0; i <= RUNS; i++) {
      for (const side of ['one', 'two'] as const) {
        await new Promise((resolve) => setTimeout(resolve, 20)); // see `measure`
        const { client, counts } = countingClient(url);
        globalThis.gc?.();
        start = performance.now();
        const cpu = process.cpuUsage();
        const inputs = side === 'one' ? credentialsFromText(passport, 'passport.json') : splitCredentialList(passport, 'passport.json')!;
        const verdicts = await verifySourcedCredentials(inputs, side === 'one' ? options(client) : { ...options(client), workers: pool });
        const ms = performance.now() - start;
        const { user, system } = process.cpuUsage(cpu);
        expectVerdicts(verdicts);
        if (i === 0) continue; // warm-up
        (side === 'one' ? one : two).push(ms);
        cores[side].push((user + system) / 1000 / ms);
        trips = { ...trips, [side]: Math.max(trips[side], counts.roundTrips) };
        methods[side] = [...counts.methods].map(([m, n]) => `${m}×${n}`).join(' ');
      }
    }
    if (pool.checked.workers === 0) throw new Error('the pool checked nothing: the two-worker runs ran on one thread');
    const hasher = getHasher();
    const encoder = new TextEncoder();
    // Alternating, like the runs above: the machine's load changes from one second to the next.
    const [offline, floor] = await alternate(
      'offline cost: checkIntegrity (one thread)',
      () => {
        for (const credential of credentials) if (!checkIntegrity(credential).ok) throw new Error('a credential failed integrity');
      },
      'floor: canonical JSON (RFC 8785) + keccak-256 of each credential',
      () => {
        for (const credential of credentials) hasher.keccak256(encoder.encode(canonicalJson(credential)));
      },
    );
    const controlAfter = { two: await busyThreadsGet(2), one: await busyThreadsGet(1) };
    return {
      control: { two: (controlBefore.two + controlAfter.two) / 2, one: (controlBefore.one + controlAfter.one) / 2 },
      startUp,
      one: { label: '1 thread: passport text → verdicts (credentialsFromText + verifySourcedCredentials)', ms: median(one), roundTrips: trips.one, methods: methods.one, cores: median(cores.one) },
      two: { label: '2 worker threads: passport text → verdicts (splitCredentialList + the pool)', ms: median(two), roundTrips: trips.two, methods: methods.two, cores: median(cores.two) },
      offline,
      floor,
      load: `${loadBefore} before, ${loadAverage()} after`,
    };
  } finally {
    pool.close();
  }
}

/** Prints the two-core table and its targets; true when both are met. */
function printCores({ control, startUp, one, two, offline, floor, load }: Cores): boolean {
  const rate = (ms: number) => Math.round(N / (ms / 1000));
  const speedUp = one.ms / two.ms;
  const perOffline = (offline.ms / N) * 1000;
  const perFloor = (floor.ms / N) * 1000;
  const ratio = perOffline / perFloor;
  process.stdout.write(`\nboth cores: ${N.toLocaleString('en')} credentials, one passport file's text to verdicts; median of ${RUNS} runs each, alternating; load average (1, 5, 15 min) ${load}\n\n`);
  const rows = [one, two].map((m) => [m.label, m.ms.toFixed(0), rate(m.ms).toLocaleString('en'), m.cores!.toFixed(2), String(m.roundTrips), m.methods]);
  process.stdout.write(`${table(['run', 'wall ms', 'credentials/s', 'cores used', 'round trips', 'JSON-RPC calls'], rows)}\n`);
  process.stdout.write('cores used: CPU time of this process\'s threads over wall time; on a busy machine whose scheduler shares CPU by session (autogroup), two threads may get no more than one\n');
  process.stdout.write(
    `control (before and after the runs): two busy threads of this process got ${control.two.toFixed(2)} cores, one ${control.one.toFixed(2)}: no two-thread speed-up could exceed ${(control.two / control.one).toFixed(2)}x on this machine just now\n`,
  );
  process.stdout.write(`worker pool start-up (2 threads, before the timed runs, not in them): ${startUp.toFixed(0)} ms\n`);
  process.stdout.write(`offline cost a credential: ${perOffline.toFixed(1)} µs (checkIntegrity) against a floor of ${perFloor.toFixed(1)} µs (canonical JSON + keccak-256 of the same credential)\n\n`);
  const speedOk = speedUp >= TARGET_SPEED_UP;
  const floorOk = ratio <= TARGET_FLOOR_RATIO;
  process.stdout.write(
    `${table(['target', 'wanted', 'measured', 'result'], [
      ['2 workers vs 1 thread', `≥ ${TARGET_SPEED_UP}x`, `${speedUp.toFixed(2)}x`, speedOk ? 'PASS' : 'FAIL'],
      ['offline cost vs canonical JSON + keccak', `≤ ${TARGET_FLOOR_RATIO}x`, `${ratio.toFixed(2)}x`, floorOk ? 'PASS' : 'FAIL'],
      ['round trips with workers', `= 1 thread's (${one.roundTrips})`, String(two.roundTrips), two.roundTrips === one.roundTrips ? 'PASS' : 'FAIL'],
    ])}\n`,
  );
  return speedOk && floorOk && two.roundTrips === one.roundTrips;
}

function loadAverage(): string {
  return loadavg().map((n) => n.toFixed(2)).join(' ');
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

    const passport = `[${files.join(',')}]`;
    const cores = await measureCores(passport, credentials, node.url, issuer);
    if (ONLY_WORKERS) return printCores(cores);

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

    const cli = await measureCli(passport, node.url, issuer);

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
    const coresMet = printCores(cores);
    return rateOk && tripsOk && coresMet;
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
