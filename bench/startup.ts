/**
 * `npm run bench:startup`: how long the installed CLI (`dist/cli/bin.js`, as `bin` runs it: plain Node, no
 * tsx) takes, end to end as a process, for `--version`, `--help`, and `verify` of one credential against a
 * local node (the registry deployed and one batch anchored there first, by the same CLI). Each is run
 * BENCH_STARTUP_RUNS times (default 9); the table gives the median and the fastest. For comparison in the same
 * run: a bare `node -e 0` (the floor no CLI goes under) and the CLI run from its sources (`bin/microcred`,
 * tsx). Targets (issue 10): `--help` and `--version` under 0.3 s, `verify` of one credential under 1 s
 * (signed by a did:web issuer, its DID document supplied and checked against the chain's profile).
 * Needs `npm run build` first.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHardhatNode } from '../scripts/dev/hardhatNode.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'dist/cli/bin.js');
const FROM_SOURCES = path.join(ROOT, 'bin/microcred');
const runs = Number(process.env.BENCH_STARTUP_RUNS ?? 9);
if (!existsSync(CLI)) throw new Error('bench:startup measures the compiled CLI: run `npm run build` first');

function time(command: string, args: string[], cwd: string): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  // verify exits 0 for a valid credential: anything else is a broken measurement, not a slow one.
  if (result.status !== 0) throw new Error(`${path.basename(command)} ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
  return ms;
}

function sample(command: string, args: string[], cwd: string): { median: number; fastest: number } {
  time(command, args, cwd); // warms the file cache: the first run after a build reads every file from disk
  const all = Array.from({ length: runs }, () => time(command, args, cwd)).sort((a, b) => a - b);
  return { median: all[Math.floor(all.length / 2)]!, fastest: all[0]! };
}

const workdir = mkdtempSync(path.join(tmpdir(), 'microcred-bench-startup-'));
const node = await startHardhatNode();
try {
  // The README's issuer: a did:web identity, so the credential verified is signed and its issuer's document
  // checked against the chain (supplied with --did-document: no website here), as an employer's check is.
  const env = { ...process.env, MICROCRED_KEY_PASSPHRASE: 'bench start-up passphrase' };
  const cli = (...args: string[]) => execFileSync(process.execPath, [CLI, ...args, '--rpc-url', node.url], { cwd: workdir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env });
  cli('deploy');
  cli('issuer', 'init', '--domain', 'northfield.edu');
  execFileSync(process.execPath, [CLI, 'issue', path.join(ROOT, 'examples/roster.csv'), '--achievement', path.join(ROOT, 'examples/achievement.json'), '--rpc-url', node.url], {
    cwd: workdir,
    stdio: 'ignore',
    env,
  });
  cli('anchor');
  const batch = readdirSync(path.join(workdir, 'credentials'))[0]!;
  const credential = path.join(workdir, 'credentials', batch, 'S2025-0001.json');
  const verify = [credential, '--did-document', path.join(workdir, '.microcred/identity/did.json'), '--trust', 'northfield.edu', '--rpc-url', node.url];

  const rows: [string, { median: number; fastest: number }, number | undefined][] = [
    ['node -e 0 (the floor)', sample(process.execPath, ['-e', '0'], workdir), undefined],
    ['microcred --version', sample(process.execPath, [CLI, '--version'], workdir), 300],
    ['microcred --help', sample(process.execPath, [CLI, '--help'], workdir), 300],
    ['microcred verify (1 signed credential, local node)', sample(process.execPath, [CLI, 'verify', ...verify], workdir), 1000],
    ['  the same from the sources (bin/microcred, tsx)', sample(FROM_SOURCES, ['verify', ...verify], workdir), undefined],
  ];
  console.log(`\nCLI start-up, end to end as a process (${runs} runs each, after one warm-up)\n`);
  console.log(`${'command'.padEnd(50)} ${'median'.padStart(9)} ${'fastest'.padStart(9)}   target`);
  for (const [what, { median, fastest }, target] of rows) {
    const verdict = target === undefined ? '' : `< ${target} ms: ${median < target ? 'met' : 'NOT met'}`;
    console.log(`${what.padEnd(50)} ${`${median.toFixed(0)} ms`.padStart(9)} ${`${fastest.toFixed(0)} ms`.padStart(9)}   ${verdict}`);
  }
} finally {
  await node.stop();
  rmSync(workdir, { recursive: true, force: true });
}
