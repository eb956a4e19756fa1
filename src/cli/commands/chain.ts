import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import type { Command } from 'commander';
import { type PublicClient, createPublicClient, http } from 'viem';
import { type ChainStateFile, freshChainState, readChainState, recordChainState, replayChainState } from '../chain/chainState.js';
import { loadHardhat } from '../network.js';

export const CHAIN_IN_MEMORY =
  'This chain lives in memory: everything on it is lost when it stops (`microcred deploy` and `microcred anchor` again after a restart, or start it with --state <file> to keep it).';

/** `microcred chain`: a local `hardhat node` on 127.0.0.1 (never 0.0.0.0), for `--network localhost`. */
export function registerChain(program: Command): void {
  program
    .command('chain')
    .description('start a local Hardhat node on 127.0.0.1 (use the other commands with --network localhost)')
    .option('--port <port>', 'port to listen on', '8545')
    .option('--state <file>', 'keep the chain in this file: its blocks are replayed at start and recorded as they are mined')
    .option('--json', "the node's log goes to stderr; stdout holds only an error, as JSON")
    .action(async (options: { port: string; state?: string; json?: boolean }) => {
      const say = (line: string) => (options.json ? process.stderr : process.stdout).write(`${line}\n`);
      // Said before anything else, so nobody learns it by losing anchored batches: `status --rpc-url` then
      // reports them missing. It goes where the node's log goes (stdout, or stderr with --json).
      const saved = options.state === undefined ? undefined : readChainState(options.state);
      say(options.state === undefined ? CHAIN_IN_MEMORY : `This chain is kept in ${options.state}: ${saved ? 'its blocks are replayed now, and ' : ''}every block mined is recorded there.`);
      const { configFile } = await loadHardhat();
      // Hardhat's own entry point, run by this Node: in a clone or an installed package alike, wherever npm put it.
      const hardhatCli = path.join(path.dirname(fileURLToPath(import.meta.resolve('hardhat'))), 'cli.js');
      const child = spawn(process.execPath, [hardhatCli, 'node', '--config', configFile, '--hostname', '127.0.0.1', '--port', options.port], {
        cwd: path.dirname(configFile),
        // With --json, stdout is kept for the one JSON error a script may parse: the node logs to stderr.
        // With --state, the log is piped to leave out the recorder's own polling (see withoutPolling).
        stdio: ['inherit', options.state !== undefined ? 'pipe' : options.json ? process.stderr : 'inherit', 'inherit'],
        env: {
          ...process.env,
          // A saved chain restarts at its genesis time (read by chain/networks.ts), for its blocks to replay as they were.
          MICROCRED_CHAIN_GENESIS_TIME: saved ? String(saved.genesisTimestamp) : '',
        },
      });
      if (options.state !== undefined) withoutPolling(child.stdout!, options.json ? process.stderr : process.stdout);
      // Ctrl-C reaches the whole process group, hardhat node included; it is passed on as well in case
      // only this process got it (a `kill` of its pid). Either way the node stopping is what was asked
      // for, so a node ended by that signal (or exiting 128 + it, as a shell would report) is a clean stop.
      let asked = false;
      const stop = (signal: NodeJS.Signals) => {
        asked = true;
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (...ended) => resolve(ended)));
      let recorder: { stop(): Promise<void> } | undefined;
      try {
        recorder = options.state === undefined ? undefined : await keepState(options.state, saved, Number(options.port), exited, say);
      } catch (error) {
        // A half-restored chain would be worse than none: the node stops, and the error says why.
        stop('SIGTERM');
        await exited;
        throw error;
      }
      const [code, signal] = await exited;
      await recorder?.stop();
      process.exitCode = stoppedByInterrupt(code, signal, asked) ? 0 : (code ?? 1);
    });
}

/**
 * Once the node answers: replays the saved blocks (if any), then records every new one in `file`.
 */
async function keepState(
  file: string,
  saved: ChainStateFile | undefined,
  port: number,
  exited: Promise<unknown>,
  say: (line: string) => void,
): Promise<{ stop(): Promise<void> } | undefined> {
  const client = createPublicClient({ transport: http(`http://127.0.0.1:${port}`, { retryCount: 0 }) }) as PublicClient;
  const ready = await Promise.race([waitForNode(client), exited.then(() => false)]);
  if (!ready) return undefined;
  if (saved) {
    const { blocks, transactions } = await replayChainState(client, saved, file);
    say(`Restored ${blocks} blocks (${transactions} transactions) from ${file}.`);
  }
  return recordChainState(client, file, saved ?? (await freshChainState(client)));
}

/** The read methods the recorder polls with: the node logs each call, which would drown the log once a second. */
const POLLING = new Set(['eth_blockNumber', 'eth_getBlockByNumber', 'eth_chainId']);

/** Passes the node's log on, line by line, without the lines that only name a polling call. */
function withoutPolling(from: Readable, to: Writable): void {
  createInterface({ input: from, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) => {
    if (!POLLING.has(stripVTControlCharacters(line).trim())) to.write(`${line}\n`);
  });
}

async function waitForNode(client: PublicClient, timeoutMs = 120_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await client.getChainId();
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return false;
}

const INTERRUPTS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** Whether hardhat node ended because someone interrupted it (this command, or it alone), not by failing. */
function stoppedByInterrupt(code: number | null, signal: NodeJS.Signals | null, asked: boolean): boolean {
  if (signal !== null) return INTERRUPTS.includes(signal);
  return asked && (code === 130 || code === 143);
}
