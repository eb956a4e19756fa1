import { expect } from 'chai';
import { type Address, type PublicClient, createPublicClient, createWalletClient } from 'viem';
import { EndpointChainChangedError, RpcEndpointError, endpointLabel } from '../../src/chain/errors.js';
import { type RpcRetryPolicy, retryAfterMs, rpcTransport } from '../../src/chain/transport.js';
import { type LocalNode, rpc, startNode } from '../helpers/cli.js';
import { type FaultProxy, startFaultProxy } from '../helpers/faultProxy.js';

/** Short waits, so that giving up takes a fraction of a second. */
const FAST: RpcRetryPolicy = { backoffMs: 20, timeoutMs: 300 };

describe('chain: rpcTransport retries reads, never sends, and names the endpoint when it gives up', function () {
  this.timeout(60_000);
  let node: LocalNode;
  let proxy: FaultProxy;
  let from: Address;
  const client = (policy: RpcRetryPolicy = FAST, url = proxy.url) => createPublicClient({ transport: rpcTransport(url, policy) }) as PublicClient;

  /** The error `promise` rejects with, which must be an `RpcEndpointError` (whatever viem wrapped it in). */
  async function endpointError(promise: Promise<unknown>): Promise<RpcEndpointError> {
    try {
      await promise;
    } catch (error) {
      const found = (error as { walk?: (f: (e: unknown) => boolean) => unknown }).walk?.((e) => e instanceof RpcEndpointError) ?? error;
      expect(found, String(error)).to.be.instanceOf(RpcEndpointError);
      return found as RpcEndpointError;
    }
    return expect.fail('expected the endpoint to be given up on');
  }

  before(async () => {
    node = await startNode();
    proxy = await startFaultProxy(node.url);
    from = (await rpc<Address[]>(node.url, 'eth_accounts'))[0]!;
  });
  afterEach(() => proxy.clear());
  after(async () => {
    await proxy?.close();
    await node?.stop();
  });

  describe('retried, then answered', () => {
    it('429 with Retry-After: waits what the endpoint asks, then reads', async () => {
      proxy.inject({ methods: 'eth_blockNumber', fault: { kind: 'status', status: 429, retryAfter: 1 }, times: 2 });
      const started = Date.now();
      expect(await client().getBlockNumber({ cacheTime: 0 })).to.be.a('bigint');
      expect(Date.now() - started).to.be.at.least(1900);
      expect(proxy.count('eth_blockNumber', { faulted: true })).to.equal(2);
    });

    for (const [name, fault] of [
      ['502 Bad Gateway', { kind: 'status', status: 502 }],
      ['503 Service Unavailable', { kind: 'status', status: 503 }],
      ['a timeout', { kind: 'timeout' }],
      ['a reset connection', { kind: 'reset' }],
      ['a malformed body', { kind: 'malformed' }],
      ['a JSON-RPC rate limit (-32005) in a 200', { kind: 'rpc-error', code: -32005, message: 'project rate limited, too many requests' }],
    ] as const) {
      it(`${name}, twice`, async () => {
        proxy.inject({ methods: 'eth_getBalance', fault, times: 2 });
        expect(await client().getBalance({ address: from })).to.be.a('bigint');
        expect(proxy.count('eth_getBalance', { faulted: true })).to.equal(2);
      });
    }

    it('connections refused for a moment', async () => {
      await proxy.refuseConnections();
      const reopened = new Promise((resolve) => setTimeout(resolve, 150)).then(() => proxy.acceptConnections());
      expect(await client({ backoffMs: 100 }).getChainId()).to.equal(31337);
      await reopened;
    });
  });

  describe('given up on, with a sentence naming the endpoint and what happened', () => {
    it('429 every time: the attempts and the time they took', async () => {
      proxy.inject({ fault: { kind: 'status', status: 429, retryAfter: 0 } });
      const error = await endpointError(client().getBlockNumber({ cacheTime: 0 }));
      expect(error.shortMessage).to.match(new RegExp(`^Could not use the RPC endpoint: ${proxy.url} answered 429 Too Many Requests 4 times over \\d+(\\.\\d)? s\\.$`));
      expect(proxy.count('eth_blockNumber', { faulted: true })).to.equal(4);
    });

    it('429 asking to wait longer than the ceiling: no wait at all', async () => {
      proxy.inject({ fault: { kind: 'status', status: 429, retryAfter: 120 } });
      const started = Date.now();
      const error = await endpointError(client().getBlockNumber({ cacheTime: 0 }));
      expect(Date.now() - started).to.be.below(5_000);
      expect(error.reason).to.equal(`${proxy.url} answered 429 Too Many Requests, and asked to wait 120 s, longer than the 30 s this client waits`);
    });

    it('the chain it served is named once it said which', async () => {
      const reader = client();
      expect(await reader.getChainId()).to.equal(31337);
      proxy.inject({ fault: { kind: 'status', status: 503 } });
      const error = await endpointError(reader.getBlockNumber({ cacheTime: 0 }));
      expect(error.shortMessage).to.match(new RegExp(`^Could not reach chain eip155:31337: ${proxy.url} answered HTTP 503 Service Unavailable 4 times over`));
    });

    it('timeouts', async () => {
      proxy.inject({ fault: { kind: 'timeout' } });
      const error = await endpointError(client().getBlockNumber({ cacheTime: 0 }));
      expect(error.reason).to.match(new RegExp(`^${proxy.url} timed out after 0.3 s, 4 times over \\d+(\\.\\d)? s$`));
    });

    it('connections refused', async () => {
      await proxy.refuseConnections();
      try {
        const error = await endpointError(client().getChainId());
        expect(error.reason).to.match(new RegExp(`^${proxy.url} refused the connection 4 times over`));
      } finally {
        await proxy.acceptConnections();
      }
    });

    it('malformed JSON is retried a few times, not forever', async () => {
      proxy.inject({ fault: { kind: 'malformed' } });
      const error = await endpointError(client().getBlockNumber({ cacheTime: 0 }));
      expect(error.reason).to.match(new RegExp(`^${proxy.url} returned malformed JSON \\(not valid JSON\\) 4 times over`));
      expect(proxy.count('eth_blockNumber', { faulted: true })).to.equal(4);
    });

    it('JSON that is not a JSON-RPC answer', async () => {
      proxy.inject({ fault: { kind: 'malformed', body: '{"jsonrpc":"2.0","id":1}' } });
      const error = await endpointError(client().getBlockNumber({ cacheTime: 0 }));
      expect(error.reason).to.match(/returned malformed JSON \(an answer with neither result nor error\) 4 times/);
    });

    it('a chain id that is not a number', async () => {
      proxy.inject({ methods: 'eth_chainId', fault: { kind: 'malformed', body: '{"jsonrpc":"2.0","id":1,"result":"mainnet"}' } });
      const error = await endpointError(client().getChainId());
      expect(error.reason).to.match(/returned malformed JSON \(a chain id that is not a number\) 4 times/);
    });

    it('a status that no retry changes (401) is not retried', async () => {
      proxy.inject({ fault: { kind: 'status', status: 401 } });
      const error = await endpointError(client().getBlockNumber({ cacheTime: 0 }));
      expect(error.reason).to.equal(`${proxy.url} answered HTTP 401 Unauthorized`);
      expect(proxy.count('eth_blockNumber', { faulted: true })).to.equal(1);
    });

    it('never the API key or credentials of the URL', async () => {
      const port = new URL(proxy.url).port;
      const secretUrl = `http://alice:hunter2@127.0.0.1:${port}/v2/SECRETKEY?apikey=SECRETTOO`;
      proxy.inject({ fault: { kind: 'status', status: 503 } });
      const error = await endpointError(client(FAST, secretUrl).getBlockNumber({ cacheTime: 0 }));
      for (const text of [error.message, error.shortMessage, JSON.stringify(error.details)]) {
        expect(text).not.to.match(/hunter2|SECRETKEY|SECRETTOO|alice/);
      }
      expect(error.endpoint).to.equal(`http://127.0.0.1:${port}`);
    });
  });

  describe('never retried', () => {
    it('a send: one attempt, then the error', async () => {
      proxy.inject({ methods: 'eth_sendTransaction', fault: { kind: 'status', status: 503 } });
      const wallet = createWalletClient({ account: from, transport: rpcTransport(proxy.url, FAST) });
      const error = await endpointError(wallet.sendTransaction({ chain: null, to: from, value: 1n }));
      expect(error.attempts).to.equal(1);
      expect(error.method).to.equal('eth_sendTransaction');
      expect(proxy.count('eth_sendTransaction')).to.equal(1);
    });

    it("the node's own JSON-RPC error (a revert, a bad parameter) passes through as it is", async () => {
      proxy.inject({ methods: 'eth_getBalance', fault: { kind: 'rpc-error', code: -32602, message: 'invalid argument 0' } });
      let caught: unknown;
      await client().getBalance({ address: from }).catch((error: unknown) => (caught = error));
      expect(String((caught as Error).message)).to.include('invalid argument 0');
      expect((caught as { walk(f: (e: unknown) => boolean): unknown }).walk((e) => e instanceof RpcEndpointError)).to.equal(null);
      expect(proxy.count('eth_getBalance', { faulted: true })).to.equal(1);
    });
  });

  it('an endpoint that starts serving another chain is caught at its next eth_chainId', async () => {
    const reader = client();
    expect(await reader.getChainId()).to.equal(31337);
    proxy.inject({ fault: { kind: 'chain-id', chainId: 1 } });
    let caught: unknown;
    await reader.getChainId().catch((error: unknown) => (caught = error));
    expect(caught).to.be.instanceOf(EndpointChainChangedError);
    expect((caught as EndpointChainChangedError).shortMessage).to.equal(`${proxy.url} now serves chain eip155:1 instead of eip155:31337, which it served earlier.`);
  });
});

describe('chain: endpoint labels and Retry-After', () => {
  it('an endpoint is named by scheme, host and port only', () => {
    expect(endpointLabel('https://eth-sepolia.g.alchemy.com/v2/abcdef123')).to.equal('https://eth-sepolia.g.alchemy.com');
    expect(endpointLabel('https://user:pass@rpc.example:8443/?key=abc')).to.equal('https://rpc.example:8443');
    expect(endpointLabel('http://127.0.0.1:8545')).to.equal('http://127.0.0.1:8545');
    expect(endpointLabel('not a url')).to.equal('the RPC endpoint (its URL does not parse)');
  });

  it('Retry-After in seconds or as an HTTP date', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '7' }))).to.equal(7000);
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    expect(retryAfterMs(new Headers({ 'retry-after': inTenSeconds }))).to.be.within(8000, 10_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }))).to.equal(undefined);
    expect(retryAfterMs(new Headers())).to.equal(undefined);
  });
});
