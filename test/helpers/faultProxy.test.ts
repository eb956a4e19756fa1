import { expect } from 'chai';
import { type Address, type Hex, createWalletClient, http, keccak256, parseEther } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { type LocalNode, rpc, startNode } from './cli.js';
import { type FaultProxy, startFaultProxy } from './faultProxy.js';

/** One JSON-RPC request through `url`, with what came back on the wire. */
async function post(url: string, method: string, params: unknown[] = [], signal?: AbortSignal) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 7, method, params }), signal });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), text: await response.text() };
}

const result = async (url: string, method: string, params: unknown[] = []) => (JSON.parse((await post(url, method, params)).text) as { result: unknown }).result;

describe('test helper: the fault-injecting JSON-RPC proxy (in front of hardhat node)', function () {
  this.timeout(60_000);
  let node: LocalNode;
  let proxy: FaultProxy;
  let alice: Address;
  let bob: Address;

  before(async () => {
    node = await startNode();
    proxy = await startFaultProxy(node.url);
    const accounts = await rpc<Address[]>(node.url, 'eth_accounts');
    alice = accounts[0]!;
    bob = accounts[1]!;
  });
  afterEach(() => proxy.clear());
  after(async () => {
    await proxy?.close();
    await node?.stop();
  });

  it('forwards every call untouched when no fault is on, and records it', async () => {
    const before = proxy.count('eth_chainId');
    expect(await result(proxy.url, 'eth_chainId')).to.equal('0x7a69');
    expect(proxy.count('eth_chainId')).to.equal(before + 1);
    expect(proxy.calls.at(-1)).to.deep.equal({ method: 'eth_chainId', fault: undefined });
  });

  it('answers 429 with Retry-After for the next N calls of one method only, then forwards again', async () => {
    proxy.inject({ methods: 'eth_blockNumber', fault: { kind: 'status', status: 429, retryAfter: 3 }, times: 2 });
    expect(await result(proxy.url, 'eth_chainId')).to.equal('0x7a69');
    for (let i = 0; i < 2; i++) expect(await post(proxy.url, 'eth_blockNumber')).to.include({ status: 429, retryAfter: '3' });
    expect((await post(proxy.url, 'eth_blockNumber')).status).to.equal(200);
    expect(proxy.count('eth_blockNumber', { faulted: true })).to.equal(2);
  });

  it('answers 502 and 503, a malformed body and a JSON-RPC error', async () => {
    proxy.inject({ fault: { kind: 'status', status: 502 }, times: 1 });
    proxy.inject({ fault: { kind: 'status', status: 503 }, times: 1 });
    proxy.inject({ fault: { kind: 'malformed' }, times: 1 });
    proxy.inject({ fault: { kind: 'rpc-error', code: -32005, message: 'rate limited' }, times: 1 });
    expect((await post(proxy.url, 'eth_blockNumber')).status).to.equal(502);
    expect((await post(proxy.url, 'eth_blockNumber')).status).to.equal(503);
    const malformed = await post(proxy.url, 'eth_blockNumber');
    expect(malformed.status).to.equal(200);
    expect(() => JSON.parse(malformed.text)).to.throw(SyntaxError);
    expect(JSON.parse((await post(proxy.url, 'eth_blockNumber')).text)).to.deep.equal({ jsonrpc: '2.0', id: 7, error: { code: -32005, message: 'rate limited' } });
    expect((await post(proxy.url, 'eth_blockNumber')).status).to.equal(200);
  });

  it('resets the connection, or never answers', async () => {
    proxy.inject({ fault: { kind: 'reset' }, times: 1 });
    proxy.inject({ fault: { kind: 'timeout' }, times: 1 });
    await expectRejected(post(proxy.url, 'eth_blockNumber'), /fetch failed/);
    const started = Date.now();
    await expectRejected(post(proxy.url, 'eth_blockNumber', [], AbortSignal.timeout(500)), /aborted|timeout/i);
    expect(Date.now() - started).to.be.at.least(450);
  });

  it('refuses connections until told to accept them again', async () => {
    await proxy.refuseConnections();
    try {
      const error = await expectRejected(post(proxy.url, 'eth_chainId'), /fetch failed/);
      expect(((error as Error).cause as { code?: string }).code).to.equal('ECONNREFUSED');
    } finally {
      await proxy.acceptConnections();
    }
    expect(await result(proxy.url, 'eth_chainId')).to.equal('0x7a69');
  });

  it('serves another chain id from the Nth call on', async () => {
    proxy.inject({ fault: { kind: 'chain-id', chainId: 1 }, after: 1 });
    expect(await result(proxy.url, 'eth_chainId')).to.equal('0x7a69');
    expect(await result(proxy.url, 'eth_chainId')).to.equal('0x1');
    expect(await result(proxy.url, 'eth_chainId')).to.equal('0x1');
    // Only eth_chainId is touched.
    expect(await result(proxy.url, 'net_version')).to.equal('31337');
  });

  it('drops an eth_sendTransaction: the hash comes back, the node never sees it, and a rebroadcast mines that very transaction', async () => {
    proxy.inject({ fault: { kind: 'drop' }, times: 1 });
    const nonce = await rpc<Hex>(node.url, 'eth_getTransactionCount', [alice, 'pending']);
    const hash = (await result(proxy.url, 'eth_sendTransaction', [{ from: alice, to: bob, value: '0x1' }])) as Hex;
    expect(hash).to.match(/^0x[0-9a-f]{64}$/);
    expect(proxy.dropped.map((raw) => keccak256(raw))).to.deep.equal([hash]);
    expect(await rpc(node.url, 'eth_getTransactionByHash', [hash])).to.equal(null);
    expect(await rpc(node.url, 'eth_getTransactionCount', [alice, 'pending'])).to.equal(nonce);
    expect(await proxy.rebroadcast()).to.deep.equal([hash]);
    expect(await rpc<{ status: Hex }>(node.url, 'eth_getTransactionReceipt', [hash])).to.include({ status: '0x1' });
    expect(proxy.dropped).to.deep.equal([]);
  });

  it('drops an eth_sendRawTransaction signed elsewhere', async () => {
    const account = mnemonicToAccount('test test test test test test test test test test test junk', { addressIndex: 2 });
    const wallet = createWalletClient({ account, transport: http(node.url, { retryCount: 0 }) });
    const request = await wallet.prepareTransactionRequest({ chain: null, to: bob, value: parseEther('0.001') });
    const raw = await wallet.signTransaction({ ...request, chain: null } as never);
    proxy.inject({ fault: { kind: 'drop' } });
    expect(await result(proxy.url, 'eth_sendRawTransaction', [raw])).to.equal(keccak256(raw));
    expect(await rpc(node.url, 'eth_getTransactionByHash', [keccak256(raw)])).to.equal(null);
    proxy.clear();
    await proxy.rebroadcast();
  });

  it('reorganises a mined transaction away: a longer branch without it replaces its block', async () => {
    const point = await proxy.fork();
    const hash = (await result(proxy.url, 'eth_sendTransaction', [{ from: alice, to: bob, value: '0x2' }])) as Hex;
    await proxy.mine(2);
    const minedIn = BigInt((await rpc<{ blockNumber: Hex }>(node.url, 'eth_getTransactionReceipt', [hash])).blockNumber);
    expect(minedIn).to.equal(point.blockNumber + 1n);
    const { replaced, head } = await proxy.reorg(point);
    expect(replaced).to.equal(3);
    expect(head).to.equal(point.blockNumber + 4n);
    expect(await rpc(node.url, 'eth_getTransactionReceipt', [hash])).to.equal(null);
    // Deeper than the replaced branch: a confirmation count taken before the reorg is no longer true.
    const block = await rpc<{ transactions: Hex[] }>(node.url, 'eth_getBlockByNumber', [`0x${minedIn.toString(16)}`, false]);
    expect(block.transactions).to.deep.equal([]);
  });
});

async function expectRejected(promise: Promise<unknown>, message: RegExp): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    expect(String((error as Error).message ?? error)).to.match(message);
    return error;
  }
  expect.fail(`expected a rejection matching ${message}`);
}
