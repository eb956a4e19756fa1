// End to end: `verify`, `status`, `anchor` and `revoke` as a user runs them, against an RPC endpoint that
// fails the way public providers do (a fault-injecting proxy in front of hardhat node). Each fault either
// is retried away (the command succeeds, and a write happens exactly once) or ends in one clear error
// naming the endpoint and what it did, with nothing recorded as done that was not.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { generatePrivateKey } from 'viem/accounts';
import { type CliRun, type LocalNode, REPO_ROOT, describeRun, killAll, runCli, startNode, tempDir } from '../helpers/cli.js';
import { type FaultProxy, startFaultProxy } from '../helpers/faultProxy.js';

const ACHIEVEMENT = path.join(REPO_ROOT, 'examples/achievement.json');
const ROSTER = path.join(REPO_ROOT, 'examples/roster.csv');

interface IssueJson {
  batchId: string;
  credentials: { id: string; file: string; learnerId: string }[];
}

interface VerdictJson {
  file: string;
  status: string;
  summary: string;
}

interface StatusJson {
  batches: { id: string; anchors: { state: string; onChain?: string; onChainNote?: string }[] }[];
}

/** "answered … 4 times over 1.3 s": the attempts, and how long they took. */
const OVER = String.raw`4 times over \d+(\.\d)? s`;

describe('microcred under RPC faults (bin/microcred through a fault-injecting proxy in front of hardhat node)', function () {
  this.timeout(300_000);
  let node: LocalNode;
  let proxy: FaultProxy;
  let dir: string;
  let cleanup: () => void;
  /** Anchored before the tests: what verify, status and revoke read. */
  let anchored: IssueJson;
  /** Left for the anchor tests. */
  let pending: IssueJson;
  let viaProxy: string[];

  const cli = (args: string[]) => runCli(args, dir);
  const json = <T>(run: CliRun): T => JSON.parse(run.stdout) as T;
  const expectExit = (run: CliRun, code: number) => expect(run.code, describeRun(run)).to.equal(code);
  const batchState = async (batchId: string) => json<StatusJson>(await cli(['status', '--json'])).batches.find((b) => b.id === batchId)!;
  /** The proxy's URL as a pattern: the endpoint every message must name. */
  const endpoint = () => proxy.url.replace(/[.]/g, '\\.');

  before(async function () {
    this.timeout(180_000);
    node = await startNode();
    proxy = await startFaultProxy(node.url);
    viaProxy = ['--rpc-url', proxy.url];
    ({ dir, cleanup } = tempDir('microcred-e2e-rpc-faults-'));
    const direct = ['--rpc-url', node.url];
    expectExit(await cli(['deploy', ...direct]), 0);
    const first = await cli(['issue', ROSTER, '--achievement', ACHIEVEMENT, ...direct, '--json']);
    expectExit(first, 0);
    anchored = json<IssueJson>(first);
    const second = await cli(['issue', ROSTER, '--achievement', ACHIEVEMENT, '--again', ...direct, '--json']);
    expectExit(second, 0);
    pending = json<IssueJson>(second);
    const third = await cli(['issue', ROSTER, '--achievement', ACHIEVEMENT, '--again', ...direct, '--json']);
    expectExit(third, 0);
    const again = json<IssueJson>(third);
    expectExit(await cli(['anchor', anchored.batchId, again.batchId, ...direct]), 0);
    // One learner's two credentials, from the two anchored batches, as the files the anchor updated.
    const files = [anchored, again].map((batch) => batch.credentials[0]!.file);
    writeFileSync(path.join(dir, 'passport.json'), JSON.stringify(files.map((file) => JSON.parse(readFileSync(file, 'utf8')))));
  });
  afterEach(() => proxy.clear());
  after(async () => {
    await proxy?.close();
    await node?.stop();
    await killAll();
    cleanup?.();
  });

  describe('verify, one credential', () => {
    const verify = async () => {
      const run = await cli(['verify', anchored.credentials[1]!.file, ...viaProxy, '--json']);
      return { run, verdict: json<VerdictJson[]>(run)[0]! };
    };

    it('429 with Retry-After on eth_call, twice: waited, retried, valid', async () => {
      proxy.inject({ methods: 'eth_call', fault: { kind: 'status', status: 429, retryAfter: 1 }, times: 2 });
      const { run, verdict } = await verify();
      expectExit(run, 0);
      expect(verdict.status, verdict.summary).to.equal('valid');
      expect(proxy.count('eth_call', { faulted: true })).to.equal(2);
    });

    it('503 on every eth_call: unreachable, naming the endpoint, the status and the attempts; exit 1', async () => {
      proxy.inject({ methods: 'eth_call', fault: { kind: 'status', status: 503 } });
      const { run, verdict } = await verify();
      expectExit(run, 1);
      expect(verdict.status).to.equal('unreachable');
      expect(verdict.summary).to.match(new RegExp(`^Could not reach chain eip155:31337: ${endpoint()} answered HTTP 503 Service Unavailable ${OVER}\\.$`));
    });

    it('malformed JSON for every eth_getCode: said so, and given up after a few attempts', async () => {
      proxy.inject({ methods: 'eth_getCode', fault: { kind: 'malformed' } });
      const { run, verdict } = await verify();
      expectExit(run, 1);
      expect(verdict.status).to.equal('unreachable');
      expect(verdict.summary).to.match(new RegExp(`${endpoint()} returned malformed JSON \\(not valid JSON\\) ${OVER}\\.$`));
      expect(proxy.count('eth_getCode', { faulted: true }) % 4).to.equal(0);
    });

    it('the endpoint switches to chain 1 after its first answer: chain-mismatch, naming it; exit 1', async () => {
      proxy.inject({ fault: { kind: 'chain-id', chainId: 1 }, after: 1 });
      const { run, verdict } = await verify();
      expectExit(run, 1);
      expect(verdict.status).to.equal('chain-mismatch');
      expect(verdict.summary).to.equal(`${proxy.url} now serves chain eip155:1 instead of eip155:31337, which it served earlier.`);
    });
  });

  describe('verify --network sepolia (a Hardhat network, its URL from the environment)', () => {
    it('503 on eth_call, twice: retried as with --rpc-url, valid', async () => {
      proxy.inject({ methods: 'eth_call', fault: { kind: 'status', status: 503 }, times: 2 });
      const env = { SEPOLIA_RPC_URL: proxy.url, SEPOLIA_PRIVATE_KEY: generatePrivateKey() };
      const run = await runCli(['verify', anchored.credentials[1]!.file, '--network', 'sepolia', '--json'], dir, { env });
      expectExit(run, 0);
      expect(json<VerdictJson[]>(run)[0]!.status).to.equal('valid');
      expect(proxy.count('eth_call', { faulted: true })).to.equal(2);
    });
  });

  describe('verify, a passport', () => {
    it('a reset connection and a 502 on the way: retried, the passport is valid', async () => {
      proxy.inject({ methods: 'eth_getCode', fault: { kind: 'reset' }, times: 1 });
      proxy.inject({ methods: 'eth_call', fault: { kind: 'status', status: 502 }, times: 1 });
      const run = await cli(['verify', 'passport.json', ...viaProxy]);
      expectExit(run, 0);
      expect(run.stdout).to.include('2 of 2 credentials valid');
      expect(proxy.count(undefined, { faulted: true })).to.equal(2);
    });

    it('429 asking to wait 10 minutes: given up at once, each credential says why; exit 1', async () => {
      proxy.inject({ methods: 'eth_call', fault: { kind: 'status', status: 429, retryAfter: 600 } });
      const run = await cli(['verify', 'passport.json', ...viaProxy, '--json']);
      expectExit(run, 1);
      expect(run.ms).to.be.below(60_000);
      for (const verdict of json<VerdictJson[]>(run)) {
        expect(verdict.status).to.equal('unreachable');
        expect(verdict.summary).to.equal(`Could not reach chain eip155:31337: ${proxy.url} answered 429 Too Many Requests, and asked to wait 600 s, longer than the 30 s this client waits.`);
      }
    });
  });

  describe('status --rpc-url', () => {
    it('502 on eth_call twice: retried, the anchor is confirmed on chain', async () => {
      proxy.inject({ methods: 'eth_call', fault: { kind: 'status', status: 502 }, times: 2 });
      const run = await cli(['status', ...viaProxy, '--json']);
      expectExit(run, 0);
      const batch = json<StatusJson>(run).batches.find((b) => b.id === anchored.batchId)!;
      expect(batch.anchors[0]).to.include({ state: 'confirmed', onChain: 'anchored' });
    });

    it('429 on every eth_call: the store is shown, the anchor marked not reachable with the endpoint and what it did', async () => {
      proxy.inject({ methods: 'eth_call', fault: { kind: 'status', status: 429, retryAfter: 0 } });
      const run = await cli(['status', ...viaProxy, '--json']);
      // `status` still shows the store's record beside what it could not check, and exits 1 so a script notices.
      expectExit(run, 1);
      const [anchor] = json<StatusJson>(run).batches.find((b) => b.id === anchored.batchId)!.anchors;
      expect(anchor).to.include({ state: 'confirmed', onChain: 'unreachable' });
      expect(anchor!.onChainNote).to.match(new RegExp(`^${endpoint()} answered 429 Too Many Requests ${OVER}: the store's record could not be checked$`));
    });
  });

  describe('anchor', () => {
    const anchor = () => cli(['anchor', pending.batchId, ...viaProxy, '--json']);
    const expectNothingDone = async (run: CliRun) => {
      expect(proxy.count('eth_sendTransaction') + proxy.count('eth_sendRawTransaction'), 'no transaction sent').to.equal(0);
      expect((await batchState(pending.batchId)).anchors.filter((a) => a.state === 'confirmed' || a.state === 'sent'), describeRun(run)).to.deep.equal([]);
    };

    it('the endpoint switches to chain 1 after connecting: refused before sending, naming it; nothing recorded', async () => {
      proxy.inject({ fault: { kind: 'chain-id', chainId: 1 }, after: 1 });
      const run = await anchor();
      expectExit(run, 1);
      expect(json<{ error: { code: string; message: string } }>(run).error).to.deep.include({
        code: 'chain-mismatch',
        message: `${proxy.url} now serves chain eip155:1 instead of eip155:31337, which it served earlier.`,
      });
      await expectNothingDone(run);
    });

    it('503 on every eth_call: gives up naming the endpoint before sending; nothing recorded', async () => {
      proxy.inject({ methods: 'eth_call', fault: { kind: 'status', status: 503 } });
      const run = await anchor();
      expectExit(run, 1);
      const { error } = json<{ error: { code: string; message: string } }>(run);
      expect(error.code).to.equal('chain-unreachable');
      expect(error.message).to.match(new RegExp(`^Could not reach chain eip155:31337: ${endpoint()} answered HTTP 503 Service Unavailable ${OVER}\\.$`));
      await expectNothingDone(run);
    });

    it('429 on eth_call and 502 on eth_getTransactionReceipt, twice each: retried, anchored exactly once', async () => {
      proxy.inject({ methods: 'eth_call', fault: { kind: 'status', status: 429, retryAfter: 1 }, times: 2 });
      proxy.inject({ methods: 'eth_getTransactionReceipt', fault: { kind: 'status', status: 502 }, times: 2 });
      const run = await anchor();
      expectExit(run, 0);
      expect(json<{ batchId: string; outcome: string }[]>(run).map((r) => [r.batchId, r.outcome])).to.deep.equal([[pending.batchId, 'sent']]);
      expect(proxy.count('eth_sendTransaction'), 'one anchoring transaction').to.equal(1);
      expect(proxy.count(undefined, { faulted: true })).to.equal(4);
      expect((await batchState(pending.batchId)).anchors.map((a) => a.state)).to.deep.equal(['confirmed']);
    });
  });

  describe('revoke', () => {
    const learner = () => anchored.credentials[3]!;
    const revokeActions = async () => {
      const [record] = json<{ actions: { kind: string; state: string }[] }[]>(await cli(['status', learner().id, '--json']));
      return record!.actions.filter((a) => a.kind === 'revoke').map((a) => a.state);
    };

    it('503 on every eth_call: gives up naming the endpoint before sending; the credential is not recorded as revoked', async () => {
      proxy.inject({ methods: 'eth_call', fault: { kind: 'status', status: 503 } });
      const run = await cli(['revoke', learner().file, '--reason', 'fraud', ...viaProxy, '--json']);
      expectExit(run, 1);
      expect(json<{ error: { message: string } }>(run).error.message).to.match(new RegExp(`${endpoint()} answered HTTP 503 Service Unavailable ${OVER}\\.$`));
      expect(proxy.count('eth_sendTransaction')).to.equal(0);
      expect(await revokeActions()).not.to.include('confirmed');
    });

    it('429 on eth_call and eth_blockNumber, three times: retried, revoked once, and verify says so', async () => {
      proxy.inject({ methods: ['eth_call', 'eth_blockNumber'], fault: { kind: 'status', status: 429, retryAfter: 0 }, times: 3 });
      const run = await cli(['revoke', learner().file, '--reason', 'fraud', ...viaProxy, '--json']);
      expectExit(run, 0);
      expect(proxy.count('eth_sendTransaction'), 'one revoking transaction').to.equal(1);
      expect(await revokeActions()).to.deep.equal(['confirmed']);
      const verify = await cli(['verify', learner().file, ...viaProxy, '--json']);
      expect(json<VerdictJson[]>(verify)[0]!.status).to.equal('revoked');
    });
  });
});
