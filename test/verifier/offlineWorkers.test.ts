import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { expect } from 'chai';
import { type Address, type PublicClient, createPublicClient, custom } from 'viem';
import { type RegistryWriter, anchorBatch, revokeCredentials, setIssuerProfile } from '../../src/chain/writes.js';
import {
  type AnchoredCredential,
  type DidDocument,
  addAnchor,
  buildBatch,
  buildCredential,
  buildIssuerDidDocument,
  didDocumentHash,
  didWeb,
  generateIssuerKey,
  issuerSigner,
  redact,
  signCredentials,
} from '../../src/core/index.js';
import type { AnchorProof } from '../../src/core/anchorProof.js';
import { CredentialTextError, credentialsFromText, splitCredentialList } from '../../src/verifier/passport.js';
import { type VerifyOptions, verifySourcedCredentials } from '../../src/verifier/verifyCredentials.js';
import { type OfflineWorkerChannel, OfflineWorkerError, OfflineWorkerPool } from '../../src/verifier/workers/pool.js';
import { nodeWorkerChannel, startNodeWorkerPool } from '../../src/verifier/workers/node.js';
import { REGISTRY } from '../helpers/credentials.js';
import { inProcessChain } from '../helpers/chain.js';

const template = JSON.parse(readFileSync('examples/achievement.json', 'utf8')) as never;
const CHAIN = 'eip155:31337';
const DID = didWeb('northfield.example');
const fixture = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');

describe('verifier: offline checks in worker threads', function () {
  this.timeout(180_000);
  let client: PublicClient;
  let accounts: Address[];
  let writers: RegistryWriter[];
  let registry: Address;
  let document: DidDocument;
  let pool: OfflineWorkerPool | undefined;

  before(async () => {
    ({ client, accounts, writers, registry: { address: registry } } = await inProcessChain());
  });
  afterEach(() => {
    pool?.close();
    pool = undefined;
  });

  /** A batch of `n` anchored by account 0, for `did` (its address when absent), signed with `key` when given. */
  async function issue(n: number, did?: string, key?: Awaited<ReturnType<typeof generateIssuerKey>>): Promise<AnchoredCredential[]> {
    const drafts = Array.from({ length: n }, (_, i) =>
      buildCredential({ id: `W${i}`, name: `Learner ${i}`, email: `w${i}@example.org` }, template, {
        issuer: did ? { did, name: 'Northfield University' } : { address: accounts[0]!, name: 'Example University', chainId: 31337 },
        validFrom: '2025-01-01T00:00:00Z',
      }),
    );
    const batch = buildBatch(drafts, { issuer: accounts[0]!, registry: REGISTRY });
    await anchorBatch(writers[0]!, accounts[0]!, batch.root, batch.size);
    let credentials = batch.credentials.map((c) => addAnchor(c, { chain: CHAIN, registry }));
    if (key) {
      const proofs = await signCredentials(credentials, await issuerSigner({ did: did!, ...key }));
      credentials = credentials.map((c, i) => ({ ...c, proof: [proofs[i]!, ...(c.proof as AnchorProof[])] }));
    }
    return credentials;
  }

  /**
   * Every kind of input a verifier meets, as the entries of one passport file: valid, revoked, signed,
   * signed by another key, tampered (signed and not), a wrong Merkle proof, redacted copies, the committed
   * v1 and v2 fixtures, and malformed values.
   */
  async function mixedEntries(): Promise<string[]> {
    const key = await generateIssuerKey();
    const strangerKey = await generateIssuerKey();
    document = buildIssuerDidDocument({ did: DID, signingKey: key, accounts: [accounts[0]!] });
    await setIssuerProfile(writers[0]!, DID, didDocumentHash(document));
    const unsigned = await issue(6);
    await revokeCredentials(writers[0]!, accounts[0]!, (unsigned[0]!.proof as AnchorProof[])[0]!.root, [2], 3);
    const signed = await issue(4, DID, key);
    const forged = await issue(2, DID, strangerKey); // signed by another key than the DID document's
    const tampered = { ...signed[0]!, name: 'Altered achievement' };
    const tamperedUnsigned = { ...unsigned[1]!, credentialSubject: { ...unsigned[1]!.credentialSubject, name: 'Someone Else' } };
    const proof = (unsigned[3]!.proof as AnchorProof[])[0]!;
    const wrongProof = { ...unsigned[3]!, proof: [{ ...proof, index: proof.index + 1 }] };
    const redacted = [redact(unsigned[4]!, ['credentialSubject.identifier.0']), redact(signed[1]!, ['credentialSubject.identifier.0'])];
    const fixtures = ['v1/credential-0.json', 'v1/credential-1-redacted.json', 'v2/credential-0.json', 'v2/credential-1-redacted.json', 'v2/credential-3.json'].map(fixture);
    // The last holds a raw lone surrogate: its chunk goes to the workers as strings, not UTF-8 (packedTexts.ts).
    const malformed = ['3', '"a string"', '{}', '{"id":"urn:x","type":["VerifiableCredential"]}', 'null', '[1,2]', ' { "id" : "urn:y" } ', '{"id":"urn:z","name":"\ud800"}'];
    const entries = [...unsigned, ...signed, ...forged, tampered, tamperedUnsigned, wrongProof, ...redacted].map((c) => JSON.stringify(c, null, 1));
    return [...entries, ...fixtures, ...malformed];
  }

  const options = (): VerifyOptions => {
    const v2Did = JSON.parse(fixture('v2/did.json')) as DidDocument;
    return {
      client: (chain) => (chain === CHAIN ? client : undefined),
      chains: [CHAIN],
      trust: { issuers: [accounts[0]!], domains: ['northfield.example'] },
      didDocuments: { [DID]: document, [v2Did.id]: v2Did },
      now: new Date('2026-01-01T00:00:00Z'),
    };
  };

  it('gives the same verdicts, field by field, as the main thread alone: cold pool, then warm', async () => {
    const mixed = await mixedEntries();
    // Repeated past several chunks, so that both workers (and, cold, this thread) take some.
    const text = `[\n${Array.from({ length: Math.ceil(1_200 / mixed.length) }, () => mixed.join(',\n')).join(',\n')}\n]`;
    const read = credentialsFromText(text, 'mixed.json');
    const alone = await verifySourcedCredentials(read.map(({ credential, source }) => ({ credential, source })), options());
    const statuses = new Set(alone.map((verdict) => verdict.status));
    for (const status of ['valid', 'revoked', 'tampered', 'malformed', 'not-anchored']) expect(statuses, `the set has a ${status} credential`).to.include(status);
    expect(alone.filter((verdict) => verdict.checks.some((check) => check.name === 'signature' && check.outcome === 'pass')), 'signatures verified').to.not.be.empty;

    const split = splitCredentialList(text, 'mixed.json')!;
    expect(split.map(({ source, entry }) => ({ source, entry }))).to.deep.equal(read.map(({ source, entry }) => ({ source, entry })));
    // The texts checked on this thread, without workers: the same verdicts.
    const inThread = await verifySourcedCredentials(split, options());
    inThread.forEach((verdict, i) => expect(verdict, `${split[i]!.source} (texts, no workers)`).to.deep.equal(alone[i]));

    pool = startNodeWorkerPool();
    for (const warm of [false, true]) {
      if (warm) await pool.whenReady();
      const before = pool.checked.workers;
      const pooled = await verifySourcedCredentials(split, { ...options(), workers: pool });
      expect(pooled.length).to.equal(alone.length);
      pooled.forEach((verdict, i) => expect(verdict, `${split[i]!.source} (${warm ? 'warm' : 'cold'} pool)`).to.deep.equal(alone[i]));
      if (warm) expect(pool.checked.workers - before, 'checked by the workers').to.equal(split.length);
    }
  });

  it('mixes texts (to the workers) and values (checked here) in one verification, in order', async () => {
    const credentials = await issue(4);
    pool = startNodeWorkerPool({ minCredentials: 2 });
    await pool.whenReady();
    const inputs = credentials.map((credential, i) => (i % 2 === 0 ? { text: JSON.stringify(credential), source: i } : { credential, source: i }));
    const verdicts = await verifySourcedCredentials(inputs, { ...options(), workers: pool });
    expect(verdicts.map(({ source, status }) => [source, status])).to.deep.equal([[0, 'valid'], [1, 'valid'], [2, 'valid'], [3, 'valid']]);
    expect(pool.checked).to.deep.equal({ workers: 2, here: 2 });
  });

  it('keeps a small input on the main thread (no worker is asked)', async () => {
    const [credential] = await issue(1);
    pool = new OfflineWorkerPool({ spawn: () => nodeWorkerChannel() });
    await pool.whenReady();
    const [verdict] = await verifySourcedCredentials([{ text: JSON.stringify(credential), source: 'one.json' }], { ...options(), workers: pool });
    expect(verdict!.status).to.equal('valid');
    expect(pool.checked).to.deep.equal({ workers: 0, here: 0 });
  });

  /** `client`, counting its JSON-RPC calls, and failing them (as an unreachable endpoint does) while `failing()` says so. */
  const instrumented = (failing: () => boolean = () => false) => {
    const counted = { calls: 0 };
    const wrapped = createPublicClient({
      transport: custom({
        request: async (args: { method: string; params?: unknown }) => {
          counted.calls++;
          if (failing()) throw new Error('connect ECONNREFUSED 127.0.0.1:8545');
          return client.request(args as never);
        },
      }, { retryCount: 0 }), // a failure is final, as once a client's retries are spent
    }) as PublicClient;
    return { counted, options: (): VerifyOptions => ({ ...options(), client: (chain) => (chain === CHAIN ? wrapped : undefined) }) };
  };
  const passport = (credentials: readonly unknown[]) => splitCredentialList(`[${credentials.map((c) => JSON.stringify(c)).join(',')}]`, 'p.json')!;

  it('reads the chain while the workers check: same verdicts, no more calls; a batch met only in the last chunk is read then', async () => {
    const first = await issue(600);
    // Revoked past the first chunk's indices: read ahead over the batch's whole range, not only what was known.
    await revokeCredentials(writers[0]!, accounts[0]!, (first[0]!.proof as AnchorProof[])[0]!.root, [1, 599], 3);
    const late = await issue(3);
    const inputs = passport([...first, ...late]);
    pool = startNodeWorkerPool();
    await pool.whenReady();
    const alone = instrumented();
    const expected = await verifySourcedCredentials(inputs, alone.options());
    expect(expected.map((v) => v.status).filter((status) => status === 'revoked')).to.have.length(2);
    const pooled = instrumented();
    const verdicts = await verifySourcedCredentials(inputs, { ...pooled.options(), workers: pool });
    verdicts.forEach((verdict, i) => expect(verdict, inputs[i]!.source).to.deep.equal(expected[i]));
    // The late batch (its credentials were in no chunk when the registry was read ahead) costs one call more.
    expect(pooled.counted.calls, 'JSON-RPC calls with workers').to.equal(alone.counted.calls + 1);
    // One batch, as in the bench: exactly the calls of reading after the checks. Then part of it: the words
    // read ahead over the batch's range (and the events of index 599) concern no credential verified.
    for (const credentials of [first, first.slice(0, 520)]) {
      const one = { alone: instrumented(), pooled: instrumented() };
      const expected = await verifySourcedCredentials(passport(credentials), one.alone.options());
      const verdicts = await verifySourcedCredentials(passport(credentials), { ...one.pooled.options(), workers: pool });
      expect(verdicts).to.deep.equal(expected);
      expect(one.pooled.counted.calls, `${credentials.length} credentials`).to.equal(one.alone.counted.calls);
    }
  });

  it('a chain that fails while the registries are read ahead gives the verdicts of a chain that fails: unreachable', async () => {
    const credentials = await issue(520);
    const inputs = passport(credentials);
    pool = startNodeWorkerPool();
    await pool.whenReady();
    const down = instrumented(() => true);
    const expected = await verifySourcedCredentials(inputs, down.options());
    expect(new Set(expected.map((v) => v.status))).to.deep.equal(new Set(['unreachable']));
    // Failing only while the workers check (the read ahead), answering again after: still unreachable,
    // as a verification that read its registries at that moment says.
    let checking = true;
    const flaky = instrumented(() => checking);
    const stage = pool.check.bind(pool);
    pool.check = async (...args) => stage(...args).finally(() => (checking = false));
    const verdicts = await verifySourcedCredentials(inputs, { ...flaky.options(), workers: pool });
    verdicts.forEach((verdict, i) => expect(verdict, inputs[i]!.source).to.deep.equal(expected[i]));
  });

  /** A pool of one worker thread running `code` (CommonJS): a worker that misbehaves on purpose. */
  const poolOf = (code: string) => new OfflineWorkerPool({ size: 1, minCredentials: 1, spawn: () => channelOf(new Worker(code, { eval: true })) });
  const texts = (credentials: readonly unknown[]) => credentials.map((credential, i) => ({ text: JSON.stringify(credential), source: i }));

  it('a worker that crashes mid-check fails the verification with a clear error, not a hang', async () => {
    const credentials = await issue(3);
    pool = poolOf(`const { parentPort } = require('node:worker_threads'); parentPort.postMessage({ kind: 'ready' }); parentPort.on('message', () => process.exit(7));`);
    await pool.whenReady();
    const error = await verifySourcedCredentials(texts(credentials), { ...options(), workers: pool }).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(OfflineWorkerError);
    expect((error as Error).message).to.match(/offline worker 0 failed: the worker thread exited \(code 7\)/);
    // The pool is broken from then on, and says so at once.
    const again = await verifySourcedCredentials(texts(credentials), { ...options(), workers: pool }).then(() => undefined, (e: unknown) => e);
    expect(again).to.equal(error);
  });

  it('a worker that throws is a clear error too', async () => {
    const credentials = await issue(2);
    pool = poolOf(`const { parentPort } = require('node:worker_threads'); parentPort.postMessage({ kind: 'ready' }); parentPort.on('message', () => { throw new TypeError('checker broke'); });`);
    await pool.whenReady();
    const error = await verifySourcedCredentials(texts(credentials), { ...options(), workers: pool }).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(OfflineWorkerError);
    expect((error as Error).message).to.match(/offline worker 0 failed: .*checker broke/);
  });

  it('a text that is not strict JSON stops the verification naming its position; the pool goes on', async () => {
    const credentials = await issue(2);
    pool = startNodeWorkerPool({ size: 1, minCredentials: 1 });
    await pool.whenReady();
    const inputs = [{ text: JSON.stringify(credentials[0]), source: 0 }, { text: '{"a":1,"a":2}', source: 1 }];
    const error = await verifySourcedCredentials(inputs, { ...options(), workers: pool }).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(CredentialTextError);
    expect((error as CredentialTextError).position).to.equal(1);
    expect((error as Error).message).to.match(/^texts\[1\]: duplicate key "a"/);
    // The same error without workers.
    const here = await verifySourcedCredentials(inputs, options()).then(() => undefined, (e: unknown) => e);
    expect((here as Error).message).to.equal((error as Error).message);
    const [verdict] = await verifySourcedCredentials([inputs[0]!], { ...options(), workers: pool });
    expect(verdict!.status).to.equal('valid');
  });

  it('checks on the main thread while no worker is ready, rather than wait', async () => {
    const credentials = await issue(3);
    pool = poolOf(`require('node:worker_threads'); setInterval(() => {}, 1000);`); // never ready
    const verdicts = await verifySourcedCredentials(texts(credentials), { ...options(), workers: pool });
    expect(verdicts.map((v) => v.status)).to.deep.equal(['valid', 'valid', 'valid']);
    expect(pool.checked).to.deep.equal({ workers: 0, here: 3 });
  });
});

describe('splitCredentialList', () => {
  const same = (text: string) => {
    const split = splitCredentialList(text, 'f.json');
    expect(split, text).to.not.equal(undefined);
    expect(split!.map(({ text: entry }) => JSON.parse(entry) as unknown), text).to.deep.equal(credentialsFromText(text, 'f.json').map(({ credential }) => credential));
  };

  it('cuts a list into the entries credentialsFromText reads, strings with brackets, commas and escapes included', () => {
    for (const text of ['[]', ' [ ]\n', '[1]', '[ {"a":"],[{\\"}"} , [1,[2]] ,"x\\\\",\n{"b":{"c":[]}} ]', '\t[{"k":"\\u005d"}]\r\n']) same(text);
  });

  it('leaves what is not a list, or visibly not JSON, to credentialsFromText', () => {
    for (const text of ['{"a":1}', ' "x" ', '[1}', '[1] 2', '[1', '["a]', '\ufeff[1]', '']) expect(splitCredentialList(text, 'f.json'), text).to.equal(undefined);
  });

  it('cuts entries that are not JSON as they are, for the strict reading to refuse', () => {
    expect(splitCredentialList('[1,,2]', 'f.json')!.map((e) => e.text)).to.deep.equal(['1', '', '2']);
    expect(splitCredentialList('[1,]', 'f.json')!.map((e) => e.text)).to.deep.equal(['1', '']);
  });
});

/** As nodeWorkerChannel, for a worker made here. */
function channelOf(worker: Worker): OfflineWorkerChannel {
  let stopping = false;
  return {
    post: (message) => worker.postMessage(message),
    listen(onMessage, onFailure) {
      worker.on('message', onMessage);
      worker.on('error', onFailure);
      worker.on('exit', (code) => stopping || onFailure(new Error(`the worker thread exited (code ${code})`)));
    },
    terminate() {
      stopping = true;
      void worker.terminate();
    },
  };
}
