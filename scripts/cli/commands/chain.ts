import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Command } from 'commander';
import { PACKAGE_ROOT } from '../network.js';

export const CHAIN_IN_MEMORY = 'This chain lives in memory: everything on it is lost when it stops (`microcred deploy` and `microcred anchor` again after a restart).';

/** `microcred chain`: a local `hardhat node` on 127.0.0.1 (never 0.0.0.0), for `--network localhost`. */
export function registerChain(program: Command): void {
  program
    .command('chain')
    .description('start a local Hardhat node on 127.0.0.1 (use the other commands with --network localhost)')
    .option('--port <port>', 'port to listen on', '8545')
    .option('--json', "the node's log goes to stderr; stdout holds only an error, as JSON")
    .action(async (options: { port: string; json?: boolean }) => {
      // Said before anything else, so nobody learns it by losing anchored batches: `status --rpc-url` then
      // reports them missing. It goes where the node's log goes (stdout, or stderr with --json).
      (options.json ? process.stderr : process.stdout).write(`${CHAIN_IN_MEMORY}\n`);
      const bin = path.join(PACKAGE_ROOT, 'node_modules/.bin');
      const child = spawn(path.join(bin, 'hardhat'), ['node', '--hostname', '127.0.0.1', '--port', options.port], {
        cwd: PACKAGE_ROOT,
        // With --json, stdout is kept for the one JSON error a script may parse: the node logs to stderr.
        stdio: ['inherit', options.json ? process.stderr : 'inherit', 'inherit'],
        env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` },
      });
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
      const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (...ended) => resolve(ended)));
      process.exitCode = stoppedByInterrupt(code, signal, asked) ? 0 : (code ?? 1);
    });
}

const INTERRUPTS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** Whether hardhat node ended because someone interrupted it (this command, or it alone), not by failing. */
function stoppedByInterrupt(code: number | null, signal: NodeJS.Signals | null, asked: boolean): boolean {
  if (signal !== null) return INTERRUPTS.includes(signal);
  return asked && (code === 130 || code === 143);
}
