// End-to-end: the real `bin/microcred`, run as a child process from a fresh working folder the way an
// issuer or a verifier runs it, against `hardhat node` servers on 127.0.0.1. Nothing here imports the
// CLI's code; the SDK (through its entry point) is used only to set up what the CLI can't and to read the
// chain independently of the CLI.
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { type Address, getAddress, type Hex } from 'viem';
import { ACHIEVEMENT, anchoredEvents, byStatus, describeRun, expectExit, expectNoStackTrace, type IssueJson, json, learners, type LocalNode, readCredential, runCli, type StatusJson, toCsv, useCliChain, type VerdictJson } from '../../helpers/cli.js';

describe('microcred issue, anchor, verify and revoke, end to end', function () {
  this.timeout(120_000);
  let node: LocalNode;
  let rpcArgs: string[];
  let accounts: Address[];
  const { workDir } = useCliChain((chain) => ({ node, rpcArgs, accounts } = chain));

  it('issues 1,000 learners from a CSV, anchors, verifies all valid; revokes 3 by file and then exactly those 3 are revoked', async () => {
    const dir = workDir('flow');
    const roster = learners(1000);
    writeFileSync(path.join(dir, 'roster.csv'), toCsv(roster));

    const deploy = await runCli(['deploy', ...rpcArgs, '--json'], dir);
    expectExit(deploy, 0);
    const registry = getAddress(json<{ address: string }>(deploy).address);

    const issue = await runCli(['issue', 'roster.csv', '--achievement', ACHIEVEMENT, ...rpcArgs, '--json'], dir);
    expectExit(issue, 0);
    const issued = json<IssueJson>(issue);
    expect(issued.size).to.equal(1000);
    expect(getAddress(issued.issuer)).to.equal(getAddress(accounts[0]!));
    // One file per learner, named by learner id, under ./credentials/<batch>/.
    const batchDir = path.join(dir, 'credentials', issued.batchId);
    expect(readdirSync(batchDir).sort()).to.deep.equal(roster.map((l) => `${l.id}.json`).sort());
    const files = roster.map((l) => path.join('credentials', issued.batchId, `${l.id}.json`));
    // The name with a comma and quotes survived the CSV round trip.
    const quoted = readCredential(path.join(dir, files[2]!)).credentialSubject.identifier.find((i) => i.identityType === 'name');
    expect(quoted?.identityHash).to.equal(roster[2]!.name);

    const anchor = await runCli(['anchor', ...rpcArgs, '--json'], dir);
    expectExit(anchor, 0);
    const [anchored] = json<{ batchId: string; outcome: string; registry: string; filesUpdated: number; txHash: Hex }[]>(anchor);
    expect(anchored).to.include({ batchId: issued.batchId, outcome: 'sent', filesUpdated: 1000 });
    expect(getAddress(anchored!.registry)).to.equal(registry);
    // Exactly one anchoring transaction on chain, the one the CLI reported.
    const events = await anchoredEvents(node.url, registry, getAddress(issued.issuer), issued.root);
    expect(events.map((e) => e.transactionHash)).to.deep.equal([anchored!.txHash]);

    const first = await runCli(['verify', ...files, ...rpcArgs, '--json'], dir);
    expectExit(first, 0);
    const firstVerdicts = json<VerdictJson[]>(first);
    expect(firstVerdicts).to.have.length(1000);
    expect(byStatus(firstVerdicts)).to.deep.equal({ valid: 1000 });
    expect(firstVerdicts.map((v) => v.file)).to.deep.equal(files);

    // Three learners in three different 256-credential bitmap words, first and last included.
    const revoked = [files[0]!, files[500]!, files[999]!];
    const revoke = await runCli(['revoke', ...revoked, '--reason', 'fraud', ...rpcArgs, '--json'], dir);
    expectExit(revoke, 0);
    const changes = json<{ changes: { outcome: string; index: number; txHash: string }[] }>(revoke).changes;
    expect(changes.map((c) => c.index).sort((a, b) => a - b)).to.deep.equal([0, 500, 999]);
    expect(new Set(changes.map((c) => c.txHash)).size, 'one transaction for the batch').to.equal(1);

    const second = await runCli(['verify', ...files, ...rpcArgs, '--json'], dir);
    expectExit(second, 'failure');
    expect(second.code).to.equal(1);
    const secondVerdicts = json<VerdictJson[]>(second);
    expect(byStatus(secondVerdicts)).to.deep.equal({ valid: 997, revoked: 3 });
    expect(secondVerdicts.filter((v) => v.status === 'revoked').map((v) => v.file)).to.deep.equal(revoked);
    for (const verdict of secondVerdicts.filter((v) => v.status === 'revoked')) {
      expect(verdict.checks.find((c) => c.name === 'revoked')).to.include({ outcome: 'fail' });
      expect(verdict.summary).to.match(/revoked/i);
    }

    // The store agrees, and a person reading the table sees the revocations.
    const status = json<StatusJson>(await runCli(['status', '--json'], dir));
    expect(status.batches).to.have.length(1);
    expect(status.batches[0]).to.include({ id: issued.batchId, state: 'anchored', size: 1000 });
    expect(status.batches[0]!.counts).to.include({ credentials: 1000, revoked: 3 });
    const table = await runCli(['verify', revoked[1]!, files[1]!, ...rpcArgs], dir);
    expect(table.code, describeRun(table)).to.equal(1);
    expect(table.stdout).to.match(/REVOKED/).and.match(/VALID/).and.match(/^1 valid, 1 revoked of 2 credentials$/m);
  });
  it('a roster with bad rows fails naming file, row and column, and leaves nothing behind', async () => {
    const dir = workDir('badroster');
    const rows = learners(1000);
    rows[5]!.email = 'not-an-email'; // line 7 of the file (line 1 is the header)
    rows[998]!.valid_from = '2025-02-30'; // line 1000: not a calendar date; the rows before it are fine
    writeFileSync(path.join(dir, 'bad-roster.csv'), toCsv(rows));

    const run = await runCli(['issue', 'bad-roster.csv', '--achievement', ACHIEVEMENT, ...rpcArgs], dir);
    expectExit(run, 'failure');
    expectNoStackTrace(run);
    expect(run.stderr).to.match(/bad-roster\.csv:7\b[^\n]*email[^\n]*not-an-email/);
    expect(run.stderr).to.match(/bad-roster\.csv:1000\b[^\n]*valid_from[^\n]*2025-02-30/);
    expect(run.stderr).to.match(/nothing was issued/);

    // Nothing besides the roster itself: no credentials folder, no temp files, not even a store.
    expect(readdirSync(dir)).to.deep.equal(['bad-roster.csv']);
    const status = await runCli(['status', '--json'], dir);
    expectExit(status, 'failure');
    expect(json<{ error: { code: string } }>(status).error.code).to.equal('store-missing');
  });
});
