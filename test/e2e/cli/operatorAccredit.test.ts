// End-to-end: the real `bin/microcred`, run as a child process from a fresh working folder the way an
// issuer or a verifier runs it, against `hardhat node` servers on 127.0.0.1. Nothing here imports the
// CLI's code; the SDK (through its entry point) is used only to set up what the CLI can't and to read the
// chain independently of the CLI.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { type Address, getAddress } from 'viem';
import { ACHIEVEMENT, describeRun, expectExit, expectNoStackTrace, type IssueJson, json, learners, runCli, toCsv, useCliChain, type VerdictJson } from '../../helpers/cli.js';

describe('microcred operator and accredit end to end', function () {
  this.timeout(120_000);
  let rpcArgs: string[];
  let accounts: Address[];
  let sharedRegistry: Address;
  const { workDir } = useCliChain((chain) => ({ rpcArgs, accounts, sharedRegistry } = chain));

  it('operator and accredit: the issuer lets another key anchor and revoke, then takes it back; an accreditor vouches for the issuer', async () => {
    const dir = workDir('operator');
    writeFileSync(path.join(dir, 'roster.csv'), toCsv(learners(4, 'O')));
    const issue = await runCli(['issue', 'roster.csv', '--achievement', ACHIEVEMENT, ...rpcArgs, '--json'], dir);
    expectExit(issue, 0);
    const files = json<IssueJson>(issue).credentials.map((c) => path.resolve(dir, c.file));
    // Accounts 3 and 4 are used by no other scenario: the registry is shared.
    const [issuer, operator, accreditor] = [0, 3, 4].map((i) => getAddress(accounts[i]!)) as [Address, Address, Address];
    const on = ['--registry', sharedRegistry, ...rpcArgs];
    const rights = async (args: string[]) => {
      const run = await runCli(['operator', operator, ...args, ...on, '--json'], dir);
      expectExit(run, 0);
      return json<{ rights: string[] }>(run).rights;
    };

    expect(await rights([])).to.deep.equal([]);
    expect(await rights(['--allow', 'anchor', 'revoke'])).to.deep.equal(['anchor', 'revoke']);
    expect(json<{ outcome: string }[]>(await runCli(['anchor', ...on, '--account', '3', '--json'], dir))[0]).to.include({ outcome: 'sent' });
    expectExit(await runCli(['revoke', files[0]!, ...on, '--account', '3'], dir), 0);
    expect(await rights(['--allow', 'none'])).to.deep.equal([]);
    const denied = await runCli(['revoke', files[1]!, ...on, '--account', '3'], dir);
    expect(denied.code, describeRun(denied)).to.equal(1);
    expect(denied.stderr).to.include(`${operator} may not revoke or suspend for issuer ${issuer}`).and.include(`microcred operator ${operator} --allow`);
    expectNoStackTrace(denied);

    const statuses = async () => json<VerdictJson[]>(await runCli(['verify', ...files, '--accreditor', accreditor, ...rpcArgs, '--json'], dir)).map((v) => v.status);
    expect(await statuses()).to.deep.equal(['revoked', 'untrusted-issuer', 'untrusted-issuer', 'untrusted-issuer']);
    expectExit(await runCli(['accredit', issuer, '--account', '4', ...on], dir), 0);
    expect(await statuses()).to.deep.equal(['revoked', 'valid', 'valid', 'valid']);
    expectExit(await runCli(['accredit', issuer, '--withdraw', '--account', '4', ...on], dir), 0);
    expect(await statuses()).to.deep.equal(['revoked', 'untrusted-issuer', 'untrusted-issuer', 'untrusted-issuer']);
  });
});
