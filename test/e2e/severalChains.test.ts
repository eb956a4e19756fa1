// Issue 16: one batch on several chains, and the public-testnet path run end to end against a simulated
// Sepolia (chain id 11155111, EIP-1559 fees, blocks mined on an interval), exactly as the README tells a
// user: URL and key through Hardhat's keystore, then through the environment, a funded account that is
// not one of Hardhat's, `--confirmations 3`. The key must appear nowhere. Then the batch is anchored on a
// second simulated testnet and, with the first node gone, every credential still verifies through it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { type Address, type Hex, getAddress } from 'viem';
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts';
import { type CliRun, type LocalNode, REPO_ROOT, describeRun, killAll, rpc, runCli, startNode, tempDir, waitFor } from '../helpers/cli.js';

const ROSTER = path.join(REPO_ROOT, 'examples/roster.csv');
const ACHIEVEMENT = path.join(REPO_ROOT, 'examples/achievement.json');
const SEPOLIA = 11155111;
const BASE_SEPOLIA = 84532;
// Variables by which Hardhat decides it runs in CI, where it never reads its keystore (hardhat-utils isCi).
const CI_VARIABLES = ['CI', 'GITHUB_ACTIONS', 'NOW', 'DEPLOYMENT_ID', 'CODEBUILD_BUILD_NUMBER', 'CONTINUOUS_INTEGRATION', 'BUILD_NUMBER', 'RUN_ID'];

/** Every file under `dir`, as text (binary files too: a key in a SQLite page is still its hex digits). */
function allText(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => statSync(file).isFile())
    .map((file) => readFileSync(file).toString('latin1'))
    .join('\n');
}

describe('e2e: several chains and the simulated public testnet (bin/microcred, hardhat nodes)', function () {
  this.timeout(300_000);
  let sepolia: LocalNode;
  let base: LocalNode;
  const key: Hex = generatePrivateKey();
  const account: Address = privateKeyToAddress(key);
  const temp = tempDir('microcred-e2e-chains-');
  const runs: CliRun[] = [];
  const run = async (args: string[], dir: string, env: Record<string, string | undefined>) => {
    const result = await runCli(args, dir, { env });
    runs.push(result);
    return result;
  };

  before(async () => {
    [sepolia, base] = await Promise.all([startNode(undefined, SEPOLIA), startNode(undefined, BASE_SEPOLIA)]);
    // Like Sepolia: blocks every 500 ms, not one per transaction.
    await rpc(sepolia.url, 'evm_setAutomine', [false]);
    await rpc(sepolia.url, 'evm_setIntervalMining', [500]);
    // An account of our own, not one of Hardhat's, funded on both chains.
    for (const node of [sepolia, base]) {
      const [funder] = await rpc<Address[]>(node.url, 'eth_accounts');
      await rpc(node.url, 'eth_sendTransaction', [{ from: funder, to: account, value: '0x8ac7230489e80000' }]);
    }
    expect(await waitFor(async () => BigInt(await rpc<Hex>(sepolia.url, 'eth_getBalance', [account, 'latest'])) > 0n, 20_000)).to.equal(true);
  });

  after(async () => {
    await Promise.all([sepolia?.stop(), base?.stop()]);
    await killAll();
    temp.cleanup();
  });

  /** deploy → issue → anchor --confirmations 3 → verify, all with --network sepolia; returns the batch. */
  async function sepoliaFlow(dir: string, env: Record<string, string | undefined>) {
    const deploy = await run(['deploy', '--network', 'sepolia'], dir, env);
    expect(deploy.code, describeRun(deploy)).to.equal(0);
    const issue = await run(['issue', ROSTER, '--achievement', ACHIEVEMENT, '--network', 'sepolia', '--json'], dir, env);
    expect(issue.code, describeRun(issue)).to.equal(0);
    const batch = JSON.parse(issue.stdout) as { batchId: string; issuer: Address; dir: string };
    expect(batch.issuer).to.equal(getAddress(account));
    const anchor = await run(['anchor', batch.batchId, '--network', 'sepolia', '--confirmations', '3', '--json'], dir, env);
    expect(anchor.code, describeRun(anchor)).to.equal(0);
    expect(JSON.parse(anchor.stdout)[0]).to.include({ chain: `eip155:${SEPOLIA}`, outcome: 'sent' });
    const files = readdirSync(batch.dir).map((f) => path.join(batch.dir, f));
    const verify = await run(['verify', ...files, '--network', 'sepolia', '--at', '2026-01-01T00:00:00Z', '--json'], dir, env);
    expect(verify.code, describeRun(verify)).to.equal(0);
    return { ...batch, files };
  }

  const expectNoKey = (dir: string) => {
    const everything = [...runs.map((r) => `${r.stdout}\n${r.stderr}`), allText(dir)].join('\n').toLowerCase();
    expect(everything).not.to.include(key.slice(2).toLowerCase());
  };

  it('--network sepolia with URL and key in Hardhat\'s keystore: deploy, issue, anchor (3 confirmations), verify; the key leaks nowhere', async () => {
    const dir = path.join(temp.dir, 'keystore');
    const config = path.join(temp.dir, 'config');
    // Outside CI as far as Hardhat can tell (in CI it never reads a keystore), with a keystore of our own.
    const env: Record<string, string | undefined> = { XDG_CONFIG_HOME: config, HARDHAT_DISABLE_TELEMETRY: 'true' };
    for (const name of CI_VARIABLES) env[name] = undefined;
    const childEnv = Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([, value]) => value !== undefined)) as NodeJS.ProcessEnv;
    for (const [name, value] of [['SEPOLIA_RPC_URL', sepolia.url], ['SEPOLIA_PRIVATE_KEY', key]] as const) {
      // `keystore set --dev` reads the value from stdin, as when typed at its prompt.
      const set = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/hardhat/dist/src/cli.js'), 'keystore', 'set', name, '--dev'], {
        cwd: REPO_ROOT, input: `${value}\n`, env: childEnv, encoding: 'utf8',
      });
      expect(set.status, set.stderr + set.stdout).to.equal(0);
      expect(set.stdout + set.stderr).not.to.include(key.slice(2));
    }
    mkdirSync(dir);
    await sepoliaFlow(dir, env);
    expectNoKey(dir);
  });

  it('--network sepolia with URL and key in the environment; then the same batch on a second chain, which alone verifies it once the first is gone', async () => {
    const dir = path.join(temp.dir, 'environment');
    mkdirSync(dir);
    const env = { SEPOLIA_RPC_URL: sepolia.url, SEPOLIA_PRIVATE_KEY: key, BASE_SEPOLIA_RPC_URL: base.url, BASE_SEPOLIA_PRIVATE_KEY: key };
    const batch = await sepoliaFlow(dir, env);
    const oldCopy = readFileSync(batch.files[0]!, 'utf8'); // a holder's copy from before the second anchor

    expect((await run(['deploy', '--network', 'baseSepolia'], dir, env)).code).to.equal(0);
    const second = await run(['anchor', batch.batchId, '--network', 'baseSepolia', '--json'], dir, env);
    expect(second.code, describeRun(second)).to.equal(0);
    expect(JSON.parse(second.stdout)[0]).to.include({ chain: `eip155:${BASE_SEPOLIA}`, outcome: 'sent' });
    // Every file now lists both anchors; the store knows both.
    for (const file of batch.files) {
      const anchors = (JSON.parse(readFileSync(file, 'utf8')).proof as { type: string; anchors?: { chain: string }[] }[]).find((p) => p.type === 'MicrocredAnchorProof')!.anchors!;
      expect(anchors.map((a) => a.chain)).to.deep.equal([`eip155:${SEPOLIA}`, `eip155:${BASE_SEPOLIA}`]);
    }
    const status = await run(['status', '--json'], dir, env);
    expect(JSON.stringify(JSON.parse(status.stdout))).to.include(`eip155:${SEPOLIA}`).and.include(`eip155:${BASE_SEPOLIA}`);
    const again = await run(['anchor', batch.batchId, '--network', 'baseSepolia', '--json'], dir, env);
    expect(JSON.parse(again.stdout)[0]).to.include({ outcome: 'unchanged' });

    await sepolia.stop();
    const oldFile = path.join(dir, 'old-copy.json');
    writeFileSync(oldFile, oldCopy);
    const verify = await run(['verify', ...batch.files, oldFile, '--rpc-url', base.url, '--at', '2026-01-01T00:00:00Z', '--json'], dir, env);
    expect(verify.code, describeRun(verify)).to.equal(0);
    const verdicts = JSON.parse(verify.stdout) as { status: string; checks: { name: string; message: string }[] }[];
    expect(verdicts.every((v) => v.status === 'valid')).to.equal(true);
    // The verdict says which chain answered.
    expect(verdicts[0]!.checks.find((c) => c.name === 'anchored')!.message).to.include(`eip155:${BASE_SEPOLIA}`);
    expect(verdicts.at(-1)!.checks.find((c) => c.name === 'anchored')!.message).to.include(`eip155:${BASE_SEPOLIA}`);
    expectNoKey(dir);
  });
});
