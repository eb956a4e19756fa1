// End-to-end: the real `bin/microcred`, run as a child process from a fresh working folder the way an
// issuer or a verifier runs it, against `hardhat node` servers on 127.0.0.1. Nothing here imports the
// CLI's code; the SDK (through its entry point) is used only to set up what the CLI can't and to read the
// chain independently of the CLI.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { type Address } from 'viem';
import { ACHIEVEMENT, byStatus, describeRun, expectExit, type IssueJson, json, learners, runCli, type StatusJson, toCsv, useCliChain, type VerdictJson } from '../../helpers/cli.js';

describe('microcred revoke-batch end to end', function () {
  this.timeout(120_000);
  let rpcArgs: string[];
  let sharedRegistry: Address;
  const { workDir } = useCliChain((chain) => ({ rpcArgs, sharedRegistry } = chain));

  it('revoke-batch asks for --yes, then revokes every credential of the batch in one transaction', async () => {
    const dir = workDir('batch-revoke');
    writeFileSync(path.join(dir, 'roster.csv'), toCsv(learners(6, 'B')));
    const issue = await runCli(['issue', 'roster.csv', '--achievement', ACHIEVEMENT, ...rpcArgs, '--json'], dir);
    expectExit(issue, 0);
    const issued = json<IssueJson>(issue);
    expectExit(await runCli(['anchor', ...rpcArgs, '--registry', sharedRegistry], dir), 0);
    const files = issued.credentials.map((c) => path.resolve(dir, c.file));
    const verify = async () => json<VerdictJson[]>(await runCli(['verify', ...files, ...rpcArgs, '--json'], dir));

    // Final for the whole batch: without --yes nothing is sent.
    const unconfirmed = await runCli(['revoke-batch', issued.batchId, '--registry', sharedRegistry, ...rpcArgs], dir);
    expect(unconfirmed.code, describeRun(unconfirmed)).to.equal(1);
    expect(unconfirmed.stderr).to.match(/all 6 credentials of batch .* add --yes/);
    expect(byStatus(await verify())).to.deep.equal({ valid: 6 });

    const revoke = await runCli(['revoke-batch', issued.batchId, '--yes', '--reason', 'superseded', '--registry', sharedRegistry, ...rpcArgs, '--json'], dir);
    expectExit(revoke, 0);
    expect(json<Record<string, unknown>>(revoke)).to.include({ outcome: 'sent', credentials: 6, reason: 2 });
    const verdicts = await verify();
    expect(byStatus(verdicts)).to.deep.equal({ revoked: 6 });
    expect(verdicts[0]!.summary).to.match(/^Revoked on \d{4}-\d\d-\d\d with its whole batch: superseded\.$/);
    const status = json<StatusJson>(await runCli(['status', '--json'], dir));
    expect(status.batches[0]!.counts).to.include({ revoked: 6, batchRevoked: true });
  });
});
