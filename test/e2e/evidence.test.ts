// End to end: `microcred revoke|suspend <file>` acts on the credential the file is by its content (digest,
// issuer, root, index), as a registrar uses it with files learners send in. A file that claims another
// learner's id, or comes from another issuer's store, is refused with a sentence, and nothing changes on
// chain or in the store. The chain is read with the SDK, independently of the CLI.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { type Address, type Hex, createPublicClient, http } from 'viem';
import { type Registry, connectRegistry, readCredentialStates } from '../../src/index.js';
import { ACHIEVEMENT, type CliRun, describeRun, ROSTER, runCli, STACK_LINE, useCliChain } from '../helpers/cli.js';

interface IssueJson {
  batchId: string;
  issuer: Address;
  root: Hex;
  credentials: { id: string; file: string; learnerId: string; index: number }[];
}

interface StatusJson {
  batches: { id: string; counts: Record<string, number | boolean> }[];
}

function json<T>(run: CliRun): T {
  expect(run.code, describeRun(run)).to.equal(0);
  return JSON.parse(run.stdout) as T;
}

describe('microcred revoke/suspend <file>: by evidence, not by the id a file claims (bin/microcred against hardhat node)', function () {
  this.timeout(120_000);
  let rpcArgs: string[];
  let registry: Address;
  let connected: Registry | undefined;
  let nodeUrl: string;
  const { workDir } = useCliChain((chain) => {
    ({ rpcArgs, sharedRegistry: registry } = chain);
    nodeUrl = chain.node.url;
  });
  /** Each credential's revocation and suspension bits, read with the SDK, not the CLI. */
  const states = async (issued: IssueJson, indexes: number[]) => {
    connected ??= await connectRegistry({ client: createPublicClient({ transport: http(nodeUrl, { retryCount: 0 }) }), address: registry, expectedChainId: 31337 });
    return (await readCredentialStates(connected, indexes.map((index) => ({ issuer: issued.issuer, root: issued.root, index })))).map(({ revoked, suspended }) => ({ revoked, suspended }));
  };

  /** A registrar's folder: the example roster issued by `account` and anchored, and an empty inbox. */
  async function registrar(prefix: string, account = '0'): Promise<{ dir: string; issued: IssueJson; inbox: string }> {
    const dir = workDir(prefix);
    const issued = json<IssueJson>(await runCli(['issue', ROSTER, '--achievement', ACHIEVEMENT, ...rpcArgs, '--account', account, '--json'], dir));
    expect((await runCli(['anchor', ...rpcArgs, '--account', account, '--registry', registry], dir)).code).to.equal(0);
    const inbox = path.join(dir, 'inbox');
    mkdirSync(inbox);
    return { dir, issued, inbox };
  }

  const credentialIn = (dir: string, file: string) => JSON.parse(readFileSync(path.resolve(dir, file), 'utf8')) as { id: string };
  const revokedCount = async (dir: string) => json<StatusJson>(await runCli(['status', '--json'], dir)).batches[0]!.counts.revoked;

  it('refuses a file whose id was changed to another learner\'s: exit 1, says why, nobody revoked on chain or in the store', async () => {
    const { dir, issued, inbox } = await registrar('forged-id');
    const sender = issued.credentials[2]!;
    const victim = issued.credentials[5]!;
    const forged = credentialIn(dir, sender.file);
    forged.id = victim.id;
    writeFileSync(path.join(inbox, 'from-learner.json'), JSON.stringify(forged, null, 2));

    const run = await runCli(['revoke', 'inbox/from-learner.json', '--reason', 'fraud', ...rpcArgs], dir);
    expect(run.code, describeRun(run)).to.equal(1);
    expect(run.stderr, describeRun(run)).to.include(
      `inbox/from-learner.json does not match any credential this store issued: its digest differs from credential 2 of batch ${issued.batchId} ` +
        `(${sender.id}, learner ${sender.learnerId}); it may have been altered.`,
    );
    expect(run.stderr).to.match(/Nothing was changed/).and.not.match(STACK_LINE);
    expect(await states(issued, [2, 5])).to.deep.equal([
      { revoked: false, suspended: false },
      { revoked: false, suspended: false },
    ]);
    expect(await revokedCount(dir)).to.equal(0);
  });

  it('refuses a file of another issuer\'s store, even one carrying this store\'s credential id', async () => {
    const { dir, issued, inbox } = await registrar('ours');
    const { dir: otherDir, issued: otherIssued } = await registrar('theirs', '1');
    const foreign = credentialIn(otherDir, otherIssued.credentials[0]!.file);
    foreign.id = issued.credentials[0]!.id;
    writeFileSync(path.join(inbox, 'elsewhere.json'), JSON.stringify(foreign));

    const run = await runCli(['suspend', 'inbox/elsewhere.json', ...rpcArgs], dir);
    expect(run.code, describeRun(run)).to.equal(1);
    expect(run.stderr, describeRun(run)).to.match(
      new RegExp(`inbox/elsewhere\\.json does not match any credential this store issued: no batch of issuer ${otherIssued.issuer} here has root ${otherIssued.root}`, 'i'),
    );
    expect(await states(issued, [0])).to.deep.equal([{ revoked: false, suspended: false }]);
    expect(await states(otherIssued, [0])).to.deep.equal([{ revoked: false, suspended: false }]);
  });

  it('revokes exactly the right credential from a copy the holder redacted with `share`', async () => {
    const { dir, issued, inbox } = await registrar('redacted');
    const holder = issued.credentials[7]!;
    const share = await runCli(['share', holder.file, '--hide', 'emailAddress', 'sourcedId', '--out', path.join(inbox, 'redacted.json')], dir);
    expect(share.code, describeRun(share)).to.equal(0);
    expect(readFileSync(path.join(inbox, 'redacted.json'), 'utf8')).not.to.include('@students.example.edu');

    const run = await runCli(['revoke', 'inbox/redacted.json', '--reason', 'fraud', ...rpcArgs, '--json'], dir);
    const { changes } = json<{ changes: { credentialId: string; index: number; outcome: string }[] }>(run);
    expect(changes).to.have.length(1);
    expect(changes[0]).to.include({ credentialId: holder.id, index: 7, outcome: 'changed' });
    expect((await states(issued, [6, 7, 8])).map((s) => s.revoked)).to.deep.equal([false, true, false]);
    expect(await revokedCount(dir)).to.equal(1);
  });
});
