import { existsSync, readFileSync } from 'node:fs';
import { type Hex, type PublicClient, type Transaction, keccak256, serializeTransaction } from 'viem';
import { replaceFileAtomic } from '../../node/issuer/atomicFiles.js';
import { CliError } from '../output.js';

/**
 * `microcred chain --state <file>`: a local chain kept between runs. Hardhat's node cannot dump or load its
 * state (NomicFoundation/edr#409), but everything on it came from transactions, and its accounts and
 * genesis are the same at every start: so the file keeps every block's signed transactions and timestamp,
 * and a new node replays them block for block. The same transactions from the same genesis give the same
 * contract addresses, batches, revocations and transaction hashes.
 *
 * The file is rewritten (atomically) as blocks arrive, so a chain stopped any way, even killed, keeps what
 * it had mined up to the last second. A revert (`evm_revert`) is followed: the file drops the blocks the
 * chain dropped.
 */
export interface ChainStateFile {
  format: 'microcred-chain-state-v1';
  chainId: number;
  /** The genesis block's time: the new node starts from it (Hardhat's `initialDate`), so blocks replay at their own times. */
  genesisTimestamp: number;
  blocks: RecordedBlock[];
}

interface RecordedBlock {
  number: number;
  hash: Hex;
  timestamp: number;
  /** The block's transactions, signed and serialized as sent (`eth_sendRawTransaction` takes them back). */
  transactions: Hex[];
}

const FORMAT = 'microcred-chain-state-v1';

/** Reads a state file, refusing one that isn't (naming the file and what is wrong). */
export function readChainState(file: string): ChainStateFile | undefined {
  if (!existsSync(file)) return undefined;
  let state: ChainStateFile;
  try {
    state = JSON.parse(readFileSync(file, 'utf8')) as ChainStateFile;
  } catch (error) {
    throw new CliError(`--state: ${file} is not a chain state file (${(error as Error).message})`, 1, undefined, { code: 'input-unreadable' });
  }
  if (state?.format !== FORMAT || !Number.isSafeInteger(state.chainId) || !Number.isSafeInteger(state.genesisTimestamp) || !Array.isArray(state.blocks)) {
    throw new CliError(`--state: ${file} is not a ${FORMAT} file`, 1, undefined, { code: 'input-unreadable' });
  }
  return state;
}

/**
 * Replays `state` on a fresh node: each recorded block mined with its transactions at its timestamp.
 * Refuses a node on another chain or one that isn't fresh, and checks every transaction hash it gets back.
 */
export async function replayChainState(client: PublicClient, state: ChainStateFile, file: string): Promise<{ blocks: number; transactions: number }> {
  const chainId = await client.getChainId();
  if (chainId !== state.chainId) throw new CliError(`--state: ${file} holds chain ${state.chainId}, but the node is chain ${chainId}`, 1, undefined, { code: 'usage' });
  const head = Number(await client.getBlockNumber({ cacheTime: 0 }));
  if (head !== 0) throw new CliError(`--state: the node already has ${head} blocks; a state is replayed on a fresh node only`, 1);
  const genesis = Number((await client.getBlock({ blockNumber: 0n })).timestamp);
  if (genesis !== state.genesisTimestamp) throw new CliError(`--state: the node did not start at ${file}'s genesis time (${genesis}, not ${state.genesisTimestamp})`, 1);
  const request = client.request as (args: { method: string; params?: unknown[] }) => Promise<unknown>;
  let transactions = 0;
  await request({ method: 'evm_setAutomine', params: [false] });
  try {
    for (const block of state.blocks) {
      const hashes: Hex[] = [];
      for (const raw of block.transactions) hashes.push((await request({ method: 'eth_sendRawTransaction', params: [raw] })) as Hex);
      await request({ method: 'evm_mine', params: [block.timestamp] });
      const mined = await client.getBlock({ blockNumber: BigInt(block.number) });
      if (mined.transactions.length !== hashes.length || mined.transactions.some((hash, i) => hash !== hashes[i])) {
        throw new CliError(`--state: block ${block.number} of ${file} did not replay as recorded (its transactions differ); the file may belong to another setup`, 1);
      }
      transactions += hashes.length;
    }
  } finally {
    await request({ method: 'evm_setAutomine', params: [true] });
  }
  // The node's clock started at the genesis time: move it to the present, so new blocks carry today's date.
  const last = state.blocks.at(-1)?.timestamp ?? genesis;
  const behind = Math.floor(Date.now() / 1000) - last;
  if (behind > 0) await request({ method: 'evm_setNextBlockTimestamp', params: [Math.floor(Date.now() / 1000)] });
  return { blocks: state.blocks.length, transactions };
}

/**
 * Keeps `file` up to date with the node's blocks, polling every `intervalMs`. Returns a stop function that
 * records what is new one last time.
 */
export function recordChainState(client: PublicClient, file: string, initial: ChainStateFile, { intervalMs = 1000 } = {}): { stop(): Promise<void> } {
  const state: ChainStateFile = { ...initial, blocks: [...initial.blocks] };
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const sync = async () => {
    const head = Number(await client.getBlockNumber({ cacheTime: 0 }));
    let changed = false;
    // Blocks the chain no longer has (a revert), or that changed under the same number, are dropped first.
    while (state.blocks.length > 0) {
      const last = state.blocks.at(-1)!;
      if (last.number <= head && (await client.getBlock({ blockNumber: BigInt(last.number) })).hash === last.hash) break;
      state.blocks.pop();
      changed = true;
    }
    for (let number = (state.blocks.at(-1)?.number ?? 0) + 1; number <= head; number++) {
      state.blocks.push(await recordBlock(client, number));
      changed = true;
    }
    if (changed) replaceFileAtomic(file, `${JSON.stringify(state)}\n`);
  };
  const tick = () => {
    running = running.then(sync).catch(() => {
      // The node stopping mid-poll ends recording; what was written stays.
    });
  };
  const timer = setInterval(() => {
    if (!stopped) tick();
  }, intervalMs);
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      tick();
      await running;
    },
  };
}

async function recordBlock(client: PublicClient, number: number): Promise<RecordedBlock> {
  const block = await client.getBlock({ blockNumber: BigInt(number), includeTransactions: true });
  return {
    number,
    hash: block.hash!,
    timestamp: Number(block.timestamp),
    transactions: block.transactions.map((transaction) => serialized(transaction)),
  };
}

/** A mined transaction back in its signed, serialized form, checked against its hash. */
function serialized(transaction: Transaction): Hex {
  const { r, s, v, yParity } = transaction;
  const raw = serializeTransaction({ ...transaction, data: transaction.input } as never, { r, s, v, yParity } as never);
  if (keccak256(raw) !== transaction.hash) throw new Error(`transaction ${transaction.hash} could not be serialized as it was signed`);
  return raw;
}

/** The state of a fresh node, to record from. */
export async function freshChainState(client: PublicClient): Promise<ChainStateFile> {
  const [chainId, genesis] = await Promise.all([client.getChainId(), client.getBlock({ blockNumber: 0n })]);
  return { format: FORMAT, chainId, genesisTimestamp: Number(genesis.timestamp), blocks: [] };
}
