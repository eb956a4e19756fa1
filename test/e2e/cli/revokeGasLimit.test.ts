// End-to-end: `microcred revoke --max-gas-per-transaction` as an issuer runs it, against `hardhat node`
// (see revokeBatch.test.ts for how these files work). The workflow's own tests (test/node/gasCap.test.ts)
// cover the 2^24 default on a million-credential batch; here a low limit makes a small revocation split.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { type Address } from 'viem';
import { ACHIEVEMENT, byStatus, expectExit, type IssueJson, json, learners, runCli, toCsv, useCliChain, type VerdictJson } from '../../helpers/cli.js';

describe('microcred revoke --max-gas-per-transaction end to end', function () {
  this.timeout(180_000);
  let rpcArgs: string[];
  let sharedRegistry: Address;
  const { workDir } = useCliChain((chain) => ({ rpcArgs, sharedRegistry } = chain));

  it('refuses a bad limit and a credential over it, sending nothing, then splits a revocation under it', async () => {
    const dir = workDir('gas-limit');
    // 300 learners: indices 1 and 2 share the first bitmap word, 260 is in the second.
    writeFileSync(path.join(dir, 'roster.csv'), toCsv(learners(300, 'G')));
    const issue = await runCli(['issue', 'roster.csv', '--achievement', ACHIEVEMENT, ...rpcArgs, '--json'], dir);
    expectExit(issue, 0);
    const issued = json<IssueJson>(issue);
    expectExit(await runCli(['anchor', ...rpcArgs, '--registry', sharedRegistry], dir), 0);
    const fileAt = (index: number) => path.resolve(dir, issued.credentials.find((c) => c.index === index)!.file);
    const files = [fileAt(260), fileAt(1), fileAt(2)];
    const verify = async () => byStatus(json<VerdictJson[]>(await runCli(['verify', ...files, ...rpcArgs, '--json'], dir)));

    const bad = await runCli(['revoke', ...files, '--max-gas-per-transaction', '100', ...rpcArgs], dir);
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.include('--max-gas-per-transaction: "100" is not a whole number of gas of at least 21000');

    // One revocation in a fresh bitmap word costs ~50,000 gas: under 40,000, no split can carry it.
    const over = await runCli(['revoke', ...files, '--max-gas-per-transaction', '40000', ...rpcArgs, '--json'], dir);
    expect(over.code).to.equal(1);
    const { error } = json<{ error: { code: string; message: string } }>(over);
    expect(error.code).to.equal('over-gas-limit');
    expect(error.message).to.match(/^Revoking credential urn:uuid:\S+ \(index 1 of batch \S+\) needs [\d,]+ gas on its own, over the limit of 40,000 gas per transaction/);
    expect(await verify()).to.deep.equal({ valid: 3 });

    // ~50,500 gas for indices 1 and 2, ~75,000 with 260 too: under 65,000, two transactions.
    const split = await runCli(['revoke', ...files, '--max-gas-per-transaction', '65000', ...rpcArgs], dir);
    expectExit(split, 0);
    expect(split.stdout).to.match(/^Revoked 3 credentials, 0 already revoked; gas used \d+ in 2 transactions\.$/m);
    expect(await verify()).to.deep.equal({ revoked: 3 });
  });
});
