// End-to-end: the real `bin/microcred`, run as a child process from a fresh working folder the way an
// issuer or a verifier runs it, against `hardhat node` servers on 127.0.0.1. Nothing here imports the
// CLI's code; the SDK (through its entry point) is used only to set up what the CLI can't and to read the
// chain independently of the CLI.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { describeRun, expectExit, json, readCredential, runCli, useCliChain, type VerdictJson } from '../../helpers/cli.js';

describe('microcred share end to end', function () {
  this.timeout(120_000);
  let rpcArgs: string[];
  const { workDir, smallBatch } = useCliChain((chain) => ({ rpcArgs } = chain));

  it('share: a holder hides their email and student id across several credentials, each still verifies; bad --hide and an existing --out change nothing', async () => {
    const { dir: source, issued } = await smallBatch();
    const dir = workDir('share');
    const originals = issued.credentials.slice(0, 2).map((c) => path.resolve(source, c.file));
    const before = originals.map((file) => readFileSync(file, 'utf8'));

    const run = await runCli(['share', ...originals, '--hide', 'emailAddress', 'sourcedId', '--out', 'for-employer.json', '--json'], dir);
    expectExit(run, 0);
    expect(json<{ credentials: number; hidden: Record<string, number> }>(run)).to.deep.include({ credentials: 2, hidden: { emailAddress: 2, sourcedId: 2 } });
    const text = readFileSync(path.join(dir, 'for-employer.json'), 'utf8');
    const passport = JSON.parse(text) as { credentialSubject: { identifier: { identityType: string }[] } }[];
    expect(passport).to.have.length(2);
    expect(passport.map((c) => c.credentialSubject.identifier.map((i) => i.identityType))).to.deep.equal([['name'], ['name']]);
    for (const original of originals) {
      const shown = readCredential(original);
      for (const identity of shown.credentialSubject.identifier.filter((i) => i.identityType !== 'name')) expect(text).not.to.include(identity.identityHash);
    }
    expect(originals.map((file) => readFileSync(file, 'utf8')), 'the holder\'s own files are untouched').to.deep.equal(before);

    const verify = await runCli(['verify', 'for-employer.json', ...rpcArgs, '--json'], dir);
    expect(json<VerdictJson[]>(verify).map((v) => [v.file, v.status])).to.deep.equal([['for-employer.json[0]', 'valid'], ['for-employer.json[1]', 'valid']]);
    // Two learners' credentials in one file are not one learner's passport: refused as a passport, exit 1.
    expect(verify.code, describeRun(verify)).to.equal(1);
    expect(json<(VerdictJson & { passport: { ok: boolean; message: string } })[]>(verify)[0]!.passport).to.deep.include({ ok: false });

    const typo = await runCli(['share', originals[0]!, '--hide', 'email', '--out', 'typo.json'], dir);
    expect(typo.code, describeRun(typo)).to.equal(1);
    expect(typo.stderr).to.match(/--hide: "email" is not a field these credentials show; they show: .*emailAddress/);
    expect(existsSync(path.join(dir, 'typo.json'))).to.equal(false);
    const again = await runCli(['share', originals[0]!, '--out', 'for-employer.json'], dir);
    expect(again.code, describeRun(again)).to.equal(1);
    expect(again.stderr).to.match(/already exists; add --force/);
    expect(readFileSync(path.join(dir, 'for-employer.json'), 'utf8')).to.equal(text);
  });
});
