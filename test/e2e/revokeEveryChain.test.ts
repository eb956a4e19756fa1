// End to end: revocation and suspension reach every chain the issuer store knows a batch is anchored on,
// because a verifier reading only one chain sees only that chain's registry. The batch is anchored on a
// second chain with the SDK (the CLI anchors on one chain per batch); the CLI does the rest, as a user runs it.
import path from 'node:path';
import { expect } from 'chai';
import { type Address, createPublicClient, createWalletClient, getAddress, http } from 'viem';
import { connectRegistry, deployRegistry, readCredentialStates } from '../../src/index.js';
import { anchorStoredBatch, openStore } from '../../src/node/index.js';
import { type CliRun, type LocalNode, REPO_ROOT, describeRun, killAll, runCli, startNode, tempDir } from '../helpers/cli.js';

const ACHIEVEMENT = path.join(REPO_ROOT, 'examples/achievement.json');
const ROSTER = path.join(REPO_ROOT, 'examples/roster.csv');

interface IssueJson {
  batchId: string;
  issuer: Address;
  root: `0x${string}`;
  credentials: { id: string; file: string; learnerId: string; index: number }[];
}

async function chainOn(node: LocalNode) {
  const transport = http(node.url, { retryCount: 0 });
  const client = createPublicClient({ transport, pollingInterval: 50 });
  const [account] = (await client.request({ method: 'eth_accounts' } as never)) as Address[];
  const wallet = createWalletClient({ account: getAddress(account!), transport });
  const { address } = await deployRegistry(client as never, wallet);
  const registry = await connectRegistry({ client: client as never, address });
  return { registry, wallet };
}

describe('microcred revoke/suspend/revoke-batch reach every chain the batch is anchored on (bin/microcred, two hardhat nodes)', function () {
  this.timeout(180_000);
  let a: LocalNode;
  let b: LocalNode;
  let chains: { a: Awaited<ReturnType<typeof chainOn>>; b: Awaited<ReturnType<typeof chainOn>> };
  let dir: string;
  let issued: IssueJson;
  const cleanups: (() => void)[] = [];

  before(async function () {
    this.timeout(120_000);
    [a, b] = await Promise.all([startNode(), startNode(undefined, 31338)]);
    chains = { a: await chainOn(a), b: await chainOn(b) };
    const temp = tempDir('microcred-e2e-every-chain-');
    cleanups.push(temp.cleanup);
    dir = temp.dir;
    const issue = await runCli(['issue', ROSTER, '--achievement', ACHIEVEMENT, '--rpc-url', a.url, '--json'], dir);
    expect(issue.code, describeRun(issue)).to.equal(0);
    issued = JSON.parse(issue.stdout) as IssueJson;
    expect((await runCli(['anchor', '--rpc-url', a.url], dir)).code).to.equal(0);
    // The same batch on chain B too, recorded in the same store (and files), as a second anchor.
    const store = openStore(dir);
    try {
      await anchorStoredBatch({ store, batchId: issued.batchId, writer: { registry: chains.b.registry, wallet: chains.b.wallet } });
    } finally {
      store.close();
    }
  });

  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await killAll();
    for (const cleanup of cleanups) cleanup();
  });

  const stateOn = async (on: 'a' | 'b', index: number) => {
    const [state] = await readCredentialStates(chains[on].registry, [{ issuer: issued.issuer, root: issued.root, index }]);
    return { revoked: state!.revoked || state!.batch!.revoked, suspended: state!.suspended };
  };
  const file = (index: number) => issued.credentials[index]!.file;
  const expectUnreached = (run: CliRun, what: string) => {
    expect(run.code, describeRun(run)).to.equal(1);
    expect(run.stderr, describeRun(run)).to.include(`not ${what} on eip155:31338`).and.include('--also-rpc-url');
  };

  it('revoke connected to one chain revokes there, names the other chain, exits 1; with --also-rpc-url it finishes on the other', async () => {
    const first = await runCli(['revoke', file(2), '--reason', 'fraud', '--rpc-url', a.url], dir);
    expectUnreached(first, 'revoked');
    // Named as the registrar knows the learner, the reason in words.
    expect(first.stdout, describeRun(first)).to.match(/^Wei Zhang \(S2025-0003\)\s+\S+\s+2\s+eip155:31337\s+revoked\s+0x[0-9a-f]{4}…[0-9a-f]{4}$/m);
    expect(first.stdout).to.match(/^Revoked 1 credential \(fraud\), 0 already revoked; gas used \d+\.$/m);
    expect(await stateOn('a', 2)).to.deep.equal({ revoked: true, suspended: false });
    expect(await stateOn('b', 2), 'chain B not reached yet').to.deep.equal({ revoked: false, suspended: false });

    const rerun = await runCli(['revoke', file(2), '--reason', 'fraud', '--rpc-url', a.url, '--also-rpc-url', b.url, '--json'], dir);
    expect(rerun.code, describeRun(rerun)).to.equal(0);
    const { changes, unreached } = JSON.parse(rerun.stdout) as { changes: { chain: string; outcome: string }[]; unreached: unknown[] };
    expect(changes.map((c) => [c.chain, c.outcome])).to.deep.equal([['eip155:31337', 'unchanged'], ['eip155:31338', 'changed']]);
    expect(unreached).to.deep.equal([]);
    expect(await stateOn('b', 2)).to.deep.equal({ revoked: true, suspended: false });

    // A verifier with only chain B's endpoint sees the revocation.
    const verify = await runCli(['verify', file(2), '--rpc-url', b.url], dir);
    expect(verify.code, describeRun(verify)).to.equal(1);
    expect(verify.stdout).to.include('REVOKED');
  });

  it('suspend and unsuspend act on both chains at once', async () => {
    const both = ['--rpc-url', a.url, '--also-rpc-url', b.url];
    expect((await runCli(['suspend', file(4), ...both], dir)).code).to.equal(0);
    expect([await stateOn('a', 4), await stateOn('b', 4)]).to.deep.equal([{ revoked: false, suspended: true }, { revoked: false, suspended: true }]);
    expect((await runCli(['unsuspend', file(4), ...both], dir)).code).to.equal(0);
    expect([await stateOn('a', 4), await stateOn('b', 4)]).to.deep.equal([{ revoked: false, suspended: false }, { revoked: false, suspended: false }]);
  });

  it('revoke-batch revokes the batch on every chain; connected to one, it names the other', async () => {
    const first = await runCli(['revoke-batch', issued.batchId, '--yes', '--reason', 'superseded', '--rpc-url', b.url], dir);
    expect(first.code, describeRun(first)).to.equal(1);
    expect(first.stderr).to.include('not revoked on eip155:31337');
    expect((await stateOn('b', 0)).revoked).to.equal(true);
    expect((await stateOn('a', 0)).revoked, 'chain A not reached yet').to.equal(false);
    const rerun = await runCli(['revoke-batch', issued.batchId, '--yes', '--reason', 'superseded', '--rpc-url', b.url, '--also-rpc-url', a.url], dir);
    expect(rerun.code, describeRun(rerun)).to.equal(0);
    expect((await stateOn('a', 0)).revoked).to.equal(true);
  });
});
