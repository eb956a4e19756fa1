import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Command } from 'commander';
import { PACKAGE_ROOT } from '../network.js';

/** `microcred chain`: a local `hardhat node` on 127.0.0.1 (never 0.0.0.0), for `--network localhost`. */
export function registerChain(program: Command): void {
  program
    .command('chain')
    .description('start a local Hardhat node on 127.0.0.1 (use the other commands with --network localhost)')
    .option('--port <port>', 'port to listen on', '8545')
    .action(async (options: { port: string }) => {
      const bin = path.join(PACKAGE_ROOT, 'node_modules/.bin');
      const child = spawn(path.join(bin, 'hardhat'), ['node', '--hostname', '127.0.0.1', '--port', options.port], {
        cwd: PACKAGE_ROOT,
        stdio: 'inherit',
        env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` },
      });
      const stop = () => child.kill('SIGINT');
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      const code: number = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 0)));
      process.exitCode = code;
    });
}
