// A JSON-RPC proxy for tests that injects the faults public chains and RPC providers show: refused and
// reset connections, requests never answered, 429 with Retry-After, 5xx, malformed bodies, a chain id that
// changes mid-run, transactions accepted but never forwarded (dropped from the mempool), and reorgs
// (evm_snapshot / evm_revert on the node behind it, then longer branch mined). It listens on 127.0.0.1 on
// a free port in front of a `hardhat node`; each test switches faults on per method and for the next N
// calls, then clears them.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { Socket } from 'node:net';
import { type Address, type Hex, createWalletClient, http, keccak256, toHex } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';

/** What the proxy does to a request a rule matches, instead of forwarding it. */
export type Fault =
  /** The connection is destroyed once the request is read: the client sees a reset socket. */
  | { kind: 'reset' }
  /** The request is read and never answered (until the proxy closes). */
  | { kind: 'timeout' }
  /** An HTTP error status; `retryAfter` sets the `Retry-After` header (seconds, or an HTTP date). */
  | { kind: 'status'; status: number; retryAfter?: number | string; body?: string }
  /** HTTP 200 with a body that is not JSON-RPC (default: a JSON-RPC answer cut off mid-way). */
  | { kind: 'malformed'; body?: string }
  /** HTTP 200 with a JSON-RPC error, e.g. a rate limit signalled in the body (`{ code: -32005 }`). */
  | { kind: 'rpc-error'; code: number; message: string }
  /** `eth_chainId` answers this chain instead of the node's. */
  | { kind: 'chain-id'; chainId: number }
  /** A send is answered with its transaction hash but never reaches the node (see `dropped`). */
  | { kind: 'drop' }
  /**
   * `run` is awaited, then the request is forwarded: something happens on the node between the client's
   * earlier calls and this one (another sender of the same key takes the nonce the client just read).
   */
  | { kind: 'before'; run: () => Promise<void> };

export type FaultKind = Fault['kind'];

export interface FaultRule {
  fault: Fault;
  /**
   * The JSON-RPC methods it applies to. Default: every method, except that `chain-id` only ever applies to
   * `eth_chainId` and `drop` to `eth_sendRawTransaction` and `eth_sendTransaction`.
   */
  methods?: string | readonly string[];
  /** Let this many matching calls through first (default 0): "from the third call on" is `after: 2`. */
  after?: number;
  /** Apply to this many matching calls, then pass them through again (default: all of them). */
  times?: number;
}

/** One request the proxy received: its method and the fault it got, if any. */
export interface ProxiedCall {
  method: string;
  fault: FaultKind | undefined;
}

/** Where `reorg` forks from: a node snapshot and the block it was taken at. */
export interface ForkPoint {
  snapshotId: Hex;
  blockNumber: bigint;
}

export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: give it to the code under test instead of the node's URL. */
  readonly url: string;
  /** The node behind the proxy. */
  readonly target: string;
  /** Adds a rule; rules are tried in the order added, and the first that applies wins. */
  inject(rule: FaultRule): void;
  /** Removes every rule and forgets the calls recorded so far (dropped transactions are kept). */
  clear(): void;
  /** Every request received, in order. */
  readonly calls: readonly ProxiedCall[];
  /** How many requests for `method` (every request if omitted) were received; with `faulted`, only those that got a fault. */
  count(method?: string, options?: { faulted?: boolean }): number;
  /** Signed transactions a `drop` fault kept from the node, oldest first. */
  readonly dropped: readonly Hex[];
  /** Sends the dropped transactions to the node after all (a node that saw them late); returns their hashes. */
  rebroadcast(): Promise<Hex[]>;
  /** Stops listening and closes open connections: new requests get "connection refused". */
  refuseConnections(): Promise<void>;
  /** Listens again on the same port. */
  acceptConnections(): Promise<void>;
  /** Marks where a later `reorg` forks off (an `evm_snapshot` of the node). */
  fork(): Promise<ForkPoint>;
  /**
   * Reorganises the chain: every block after `point` is replaced (`evm_revert`) by `blocks` empty blocks,
   * by default one more than were replaced, so the new branch is the longer one as in a real reorg. The
   * replaced blocks' transactions are gone (not back in the mempool). Returns the new head.
   */
  reorg(point: ForkPoint, options?: { blocks?: number }): Promise<{ replaced: number; head: bigint }>;
  /** Mines `blocks` empty blocks on the node. */
  mine(blocks: number): Promise<void>;
  /** Stops the proxy (not the node), answering nothing more. */
  close(): Promise<void>;
}

const SENDS = ['eth_sendRawTransaction', 'eth_sendTransaction'];
/** The accounts `hardhat node` unlocks: the proxy signs a dropped `eth_sendTransaction` itself. */
const HARDHAT_MNEMONIC = 'test test test test test test test test test test test junk';
const HARDHAT_ACCOUNTS = 20;

interface ActiveRule {
  rule: FaultRule;
  seen: number;
  applied: number;
}

/** Starts a proxy on 127.0.0.1 (a free port) in front of the JSON-RPC endpoint `target`. */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const rules: ActiveRule[] = [];
  const calls: ProxiedCall[] = [];
  const dropped: Hex[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`fault proxy: ${(error as Error).message}`);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await listen(server, 0);
  const port = (server.address() as { port: number }).port;

  const nodeRpc = async <T>(method: string, params: unknown[] = []): Promise<T> => {
    const answer = (await (await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) })).json()) as {
      result?: T;
      error?: { message: string };
    };
    if (answer.error) throw new Error(`fault proxy: the node refused ${method}: ${answer.error.message}`);
    return answer.result as T;
  };

  function ruleFor(method: string): Fault | undefined {
    for (const active of rules) {
      if (!applies(active.rule, method)) continue;
      active.seen++;
      if (active.seen <= (active.rule.after ?? 0)) continue;
      if (active.applied >= (active.rule.times ?? Number.POSITIVE_INFINITY)) continue;
      active.applied++;
      return active.rule.fault;
    }
    return undefined;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    let parsed: { id?: unknown; method?: unknown; params?: unknown[] } | undefined;
    try {
      const json: unknown = JSON.parse(body);
      // A JSON-RPC batch is forwarded as it is: no code under test sends one.
      if (json && typeof json === 'object' && !Array.isArray(json)) parsed = json as typeof parsed;
    } catch {
      // Not JSON: forwarded, and the node says so.
    }
    const method = typeof parsed?.method === 'string' ? parsed.method : '(batch or unparsable)';
    const fault = ruleFor(method);
    calls.push({ method, fault: fault?.kind });
    const id = parsed?.id ?? null;
    const json = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(payload));
    };
    switch (fault?.kind) {
      case undefined:
        return forward(body, response);
      case 'before':
        await fault.run();
        return forward(body, response);
      case 'reset':
        request.socket.destroy();
        return;
      case 'timeout':
        return; // never answered: `close` ends the connection
      case 'status': {
        const headers: Record<string, string> = { 'content-type': 'text/plain' };
        if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
        response.writeHead(fault.status, headers);
        response.end(fault.body ?? `${fault.status} from the fault proxy`);
        return;
      }
      case 'malformed':
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(fault.body ?? `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":"0x`);
        return;
      case 'rpc-error':
        return json(200, { jsonrpc: '2.0', id, error: { code: fault.code, message: fault.message } });
      case 'chain-id':
        return json(200, { jsonrpc: '2.0', id, result: toHex(fault.chainId) });
      case 'drop': {
        const raw = method === 'eth_sendRawTransaction' ? (parsed!.params![0] as Hex) : await signLikeTheNode(target, parsed!.params![0] as SendTransactionParams);
        dropped.push(raw);
        return json(200, { jsonrpc: '2.0', id, result: keccak256(raw) });
      }
    }
  }

  async function forward(body: string, response: ServerResponse): Promise<void> {
    let answer: Response;
    try {
      answer = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    } catch {
      // The node is down: the client sees what it would see talking to it directly.
      response.socket?.destroy();
      return;
    }
    response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    response.end(await answer.text());
  }

  const endConnections = () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };

  return {
    url: `http://127.0.0.1:${port}`,
    target,
    inject: (rule) => void rules.push({ rule, seen: 0, applied: 0 }),
    clear() {
      rules.splice(0);
      calls.splice(0);
    },
    calls,
    count: (method, { faulted = false } = {}) =>
      calls.filter((call) => (method === undefined || call.method === method) && (!faulted || call.fault !== undefined)).length,
    dropped,
    async rebroadcast() {
      const hashes: Hex[] = [];
      for (const raw of dropped.splice(0)) hashes.push(await nodeRpc<Hex>('eth_sendRawTransaction', [raw]));
      return hashes;
    },
    async refuseConnections() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      endConnections();
      await closed;
      // Let clients see their kept-alive connections close, so their next request opens a new one (refused)
      // rather than racing the close on the old one.
      await new Promise((resolve) => setTimeout(resolve, 50));
    },
    acceptConnections: () => listen(server, port),
    async fork() {
      const [snapshotId, blockNumber] = await Promise.all([nodeRpc<Hex>('evm_snapshot'), nodeRpc<Hex>('eth_blockNumber')]);
      return { snapshotId, blockNumber: BigInt(blockNumber) };
    },
    async reorg(point, { blocks } = {}) {
      const replaced = Number(BigInt(await nodeRpc<Hex>('eth_blockNumber')) - point.blockNumber);
      if (!(await nodeRpc<boolean>('evm_revert', [point.snapshotId]))) throw new Error(`fault proxy: snapshot ${point.snapshotId} is gone (each can be reverted to once)`);
      await nodeRpc('hardhat_mine', [toHex(blocks ?? replaced + 1)]);
      return { replaced, head: BigInt(await nodeRpc<Hex>('eth_blockNumber')) };
    },
    async mine(blocks) {
      await nodeRpc('hardhat_mine', [toHex(blocks)]);
    },
    async close() {
      const closed = server.listening ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
      endConnections();
      await closed;
    },
  };
}

function applies(rule: FaultRule, method: string): boolean {
  if (rule.fault.kind === 'chain-id' && method !== 'eth_chainId') return false;
  if (rule.fault.kind === 'drop' && !SENDS.includes(method)) return false;
  if (rule.methods === undefined) return true;
  return typeof rule.methods === 'string' ? rule.methods === method : rule.methods.includes(method);
}

interface SendTransactionParams {
  from: Address;
  to?: Address;
  data?: Hex;
  value?: Hex;
  gas?: Hex;
  nonce?: Hex;
}

/**
 * The signed transaction `hardhat node` would have made of an `eth_sendTransaction` from one of its
 * unlocked accounts (same key, nonce, gas and fees), so a dropped send has the hash the caller expects.
 */
async function signLikeTheNode(target: string, tx: SendTransactionParams): Promise<Hex> {
  const index = Array.from({ length: HARDHAT_ACCOUNTS }, (_, i) => i).find(
    (i) => mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: i }).address.toLowerCase() === tx.from.toLowerCase(),
  );
  if (index === undefined) throw new Error(`fault proxy: cannot drop a send from ${tx.from}, which is not one of hardhat node's accounts`);
  const wallet = createWalletClient({ account: mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: index }), transport: http(target, { retryCount: 0 }) });
  const request = await wallet.prepareTransactionRequest({
    chain: null,
    to: tx.to,
    data: tx.data,
    value: tx.value === undefined ? undefined : BigInt(tx.value),
    gas: tx.gas === undefined ? undefined : BigInt(tx.gas),
    nonce: tx.nonce === undefined ? undefined : Number(tx.nonce),
  });
  return wallet.signTransaction({ ...request, chain: null } as never);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.once('end', () => resolve(body));
    request.once('error', reject);
  });
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}
