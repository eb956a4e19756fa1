// End-to-end: the real `bin/microcred`, run as a child process from a fresh working folder the way an
// issuer or a verifier runs it, against `hardhat node` servers on 127.0.0.1. Nothing here imports the
// CLI's code; the SDK (through its entry point) is used only to set up what the CLI can't and to read the
// chain independently of the CLI.
import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { type Address, createPublicClient, createWalletClient, getAddress, http } from 'viem';
import { anchorBatch, anchorProofOf, connectRegistry } from '../../../src/index.js';
import { ACHIEVEMENT, CHAIN, describeRun, expectExit, expectNoStackTrace, freePort, type IssueJson, json, learners, type LocalNode, readCredential, runCli, startNode, toCsv, useCliChain, type VerdictJson } from '../../helpers/cli.js';

describe('microcred verify end to end: tampering, impersonation, endpoints', function () {
  this.timeout(120_000);
  let node: LocalNode;
  let rpcArgs: string[];
  let accounts: Address[];
  let sharedRegistry: Address;
  const { workDir, smallBatch } = useCliChain((chain) => ({ node, rpcArgs, accounts, sharedRegistry } = chain));

  it('a file whose learner name was changed is `tampered`, and the integrity check says what failed', async () => {
    const { dir: source, issued } = await smallBatch();
    const dir = workDir('tamper');
    const original = issued.credentials[1]!.file;
    copyFileSync(path.resolve(source, original), path.join(dir, 'untouched.json'));
    const credential = readCredential(path.resolve(source, original));
    const name = credential.credentialSubject.identifier.find((i) => i.identityType === 'name')!;
    expect(name.identityHash).to.not.equal('Mallory Example');
    name.identityHash = 'Mallory Example';
    writeFileSync(path.join(dir, 'tampered.json'), `${JSON.stringify(credential, null, 2)}\n`);

    const run = await runCli(['verify', 'tampered.json', 'untouched.json', ...rpcArgs, '--json'], dir);
    expectExit(run, 'failure');
    const [tampered, untouched] = json<VerdictJson[]>(run);
    expect(untouched).to.include({ file: 'untouched.json', status: 'valid', ok: true });
    expect(tampered).to.include({ file: 'tampered.json', status: 'tampered', ok: false });
    const integrity = tampered!.checks.find((c) => c.name === 'integrity')!;
    expect(integrity.outcome).to.equal('fail');
    expect(integrity.message).to.match(/Merkle path does not lead to the proof's root/);
    expect(tampered!.summary).to.equal(integrity.message);
    // Nothing after a failed integrity check is reported as passed.
    expect(tampered!.checks.filter((c) => c.name !== 'integrity').map((c) => c.outcome)).to.satisfy((o: string[]) => o.every((x) => x === 'skipped'));

    const table = await runCli(['verify', 'tampered.json', ...rpcArgs], dir);
    expect(table.code, describeRun(table)).to.equal(1);
    expect(table.stdout).to.match(/TAMPERED/).and.match(/^0 valid, 1 tampered of 1 credential$/m);
    expectNoStackTrace(table);
  });
  it('a large passport is checked in worker threads with the verdicts of the main thread; an entry that is not strict JSON makes its file unreadable, as before', async () => {
    const { dir: source, issued } = await smallBatch();
    const dir = workDir('workers');
    const texts = issued.credentials.map(({ file }) => JSON.stringify(readCredential(path.resolve(source, file))));
    const tampered = texts[3]!.replace('Siobhán', 'Mallory');
    expect(tampered).to.not.equal(texts[3]);
    // 600 entries (the pool's threshold is 500); the same credentials one file each give the reference verdicts.
    const entries = Array.from({ length: 600 }, (_, i) => (i === 150 ? tampered : texts[i % texts.length]!));
    writeFileSync(path.join(dir, 'passport.json'), `[\n${entries.join(',\n')}\n]`);
    entries.slice(0, texts.length + 1).forEach((text, i) => writeFileSync(path.join(dir, `single-${i}.json`), text));
    writeFileSync(path.join(dir, 'single-150.json'), tampered);

    const env = { MICROCRED_DEBUG_WORKERS: '1' };
    const large = await runCli(['verify', 'passport.json', ...rpcArgs, '--json'], dir, { env });
    expectExit(large, 'failure');
    // The pool was started; while its threads load (seconds, through tsx), this thread checks chunks itself.
    const [, inWorkers, here] = /offline checks: (\d+) in worker threads, (\d+) on the main thread/.exec(large.stderr) ?? [];
    expect(Number(inWorkers) + Number(here), large.stderr).to.equal(600);
    const pooled = json<VerdictJson[]>(large);
    expect(pooled).to.have.length(600);
    expect(pooled.filter((verdict) => verdict.status !== 'valid').map((verdict) => [verdict.file, verdict.status])).to.deep.equal([['passport.json[150]', 'tampered']]);
    const singles = [...Array.from({ length: texts.length }, (_, i) => `single-${i}.json`), 'single-150.json'];
    const alone = json<VerdictJson[]>(await runCli(['verify', ...singles, ...rpcArgs, '--json'], dir));
    const strip = ({ file: _file, ...verdict }: VerdictJson & { passport?: unknown }) => ({ ...verdict, passport: undefined });
    alone.slice(0, texts.length).forEach((verdict, i) => expect(strip(pooled[i]!), `entry ${i}`).to.deep.equal(strip(verdict)));
    expect(strip(pooled[150]!)).to.deep.equal(strip(alone[texts.length]!));

    // A key given twice in entry 400: the whole file is unreadable, in the words of reading it whole; the other file is verified.
    const duplicated = entries.map((text, i) => (i === 400 ? text.replace(/^\{/, '{"id":"urn:x",') : text));
    writeFileSync(path.join(dir, 'duplicate.json'), `[${duplicated.join(',')}]`);
    const bad = await runCli(['verify', 'duplicate.json', 'single-0.json', ...rpcArgs, '--json'], dir, { env });
    expectExit(bad, 'failure');
    const rows = json<(VerdictJson & { summary: string })[]>(bad);
    expect(rows.map((row) => [row.file, row.status])).to.deep.equal([['duplicate.json', 'unreadable'], ['single-0.json', 'valid']]);
    expect(rows[0]!.summary).to.match(/^duplicate key "id" at \[400\]\.id \(line 1\)/);
    expectNoStackTrace(bad);
  });

  it('a credential of account 0 presented as anchored by account 1 is `issuer-mismatch`; account 1 anchoring the same root first neither blocks nor spoils the real one', async () => {
    // The SDK won't build this forgery: `buildBatch(..., { issuer: account1 })` rejects a credential whose
    // issuer profile names account 0 (BatchBuilder.add throws), and `issue --account 1` would make an
    // honest credential of account 1. So it is made the way an attacker would: the registry keys batches
    // by (issuer, root), so account 1 can anchor account 0's root under its own name (before account 0
    // does, even), and the forged file keeps account 0's profile but says its proof is for account 1.
    const dir = workDir('mismatch');
    writeFileSync(path.join(dir, 'roster.csv'), toCsv(learners(8, 'M')));
    const issue = await runCli(['issue', 'roster.csv', '--achievement', ACHIEVEMENT, ...rpcArgs, '--json'], dir);
    expectExit(issue, 0);
    const issued = json<IssueJson>(issue);
    const [issuer0, issuer1] = [getAddress(accounts[0]!), getAddress(accounts[1]!)];
    expect(getAddress(issued.issuer)).to.equal(issuer0);

    const transport = http(node.url, { retryCount: 0 });
    const client = createPublicClient({ transport, pollingInterval: 50 });
    const registry = await connectRegistry({ client: client as never, address: sharedRegistry, expectedChainId: 31337 });
    const wallet1 = createWalletClient({ account: issuer1, transport });
    await anchorBatch({ registry, wallet: wallet1 }, issuer1, issued.root, issued.size);

    // Account 0 anchors its own batch afterwards, through the CLI: not blocked by account 1's anchor.
    const anchor = await runCli(['anchor', ...rpcArgs, '--registry', sharedRegistry, '--json'], dir);
    expectExit(anchor, 0);
    expect(json<{ outcome: string }[]>(anchor)[0]).to.include({ outcome: 'sent' });

    const file = path.resolve(dir, issued.credentials[0]!.file);
    const forged = readCredential(file);
    anchorProofOf(forged)!.issuer = issuer1;
    writeFileSync(path.join(dir, 'forged.json'), JSON.stringify(forged));
    // Claiming the credential outright (profile and proof both naming account 1) changes what the digest
    // covers: tampered, never valid.
    const stolen = readCredential(file);
    anchorProofOf(stolen)!.issuer = issuer1;
    stolen.issuer.id = stolen.issuer.id.replace(/0x[0-9a-fA-F]{40}$/, issuer1);
    writeFileSync(path.join(dir, 'stolen.json'), JSON.stringify(stolen));

    const run = await runCli(['verify', file, 'forged.json', 'stolen.json', ...rpcArgs, '--json'], dir);
    expectExit(run, 'failure');
    const [real, mismatch, claimed] = json<VerdictJson[]>(run);
    expect(real, 'the genuine credential').to.include({ status: 'valid' });
    expect(mismatch).to.include({ status: 'issuer-mismatch', ok: false });
    expect(mismatch!.checks.find((c) => c.name === 'integrity')).to.include({ outcome: 'pass' });
    const issuerCheck = mismatch!.checks.find((c) => c.name === 'issuer')!;
    expect(issuerCheck.outcome).to.equal('fail');
    expect(issuerCheck.message).to.include(issuer0).and.include(issuer1);
    expect(claimed).to.include({ status: 'tampered', ok: false });
  });
  it('verify takes one --rpc-url per chain: a passport anchored on two chains verifies; a missing or silent endpoint is named', async () => {
    const second = await startNode(undefined, 31338);
    try {
      const credentialOn = async (url: string, prefix: string, extra: string[]) => {
        const dir = workDir(`chain-${prefix}`);
        writeFileSync(path.join(dir, 'roster.csv'), toCsv(learners(2, prefix)));
        const issue = await runCli(['issue', 'roster.csv', '--achievement', ACHIEVEMENT, '--rpc-url', url, '--json'], dir);
        expectExit(issue, 0);
        expectExit(await runCli(['anchor', '--rpc-url', url, ...extra], dir), 0);
        return path.resolve(dir, json<IssueJson>(issue).credentials[0]!.file);
      };
      const here = await credentialOn(node.url, 'H', ['--registry', sharedRegistry]);
      const deploy = await runCli(['deploy', '--rpc-url', second.url], workDir('deploy-31338'));
      expectExit(deploy, 0);
      const there = await credentialOn(second.url, 'T', ['--registry', /0x[0-9a-fA-F]{40}/.exec(deploy.stdout)![0]]);
      const dir = workDir('two-chains');
      expectExit(await runCli(['share', here, there, '--out', 'passport.json'], dir), 0);

      const verify = async (urls: string[]) => runCli(['verify', 'passport.json', ...urls.flatMap((url) => ['--rpc-url', url]), '--json'], dir);
      const both = await verify([node.url, second.url]);
      expectExit(both, 0);
      expect(json<VerdictJson[]>(both).map((v) => [v.file, v.status])).to.deep.equal([['passport.json[0]', 'valid'], ['passport.json[1]', 'valid']]);

      const one = json<VerdictJson[]>(await verify([node.url]));
      expect(one.map((v) => v.status)).to.deep.equal(['valid', 'chain-mismatch']);

      const silent = `http://127.0.0.1:${await freePort()}`;
      const run = await runCli(['verify', 'passport.json', '--rpc-url', node.url, '--rpc-url', silent], dir);
      expect(run.code, describeRun(run)).to.equal(1);
      expect(run.stderr).to.equal(`warning: ${silent} did not answer\n`);
      expect(run.stdout).to.match(/VALID/).and.include(`Could not reach chain eip155:31338: no endpoint that answered serves it, and ${silent} did not answer.`);
    } finally {
      await second.stop();
    }
  });
  it('verify against an RPC that does not answer says `unreachable` for the chain, exit 1, no stack trace', async () => {
    const { dir: source, issued } = await smallBatch();
    const dir = workDir('unreachable');
    copyFileSync(path.resolve(source, issued.credentials[0]!.file), path.join(dir, 'credential.json'));
    const closed = `http://127.0.0.1:${await freePort()}`; // nothing listens there

    const run = await runCli(['verify', 'credential.json', '--rpc-url', closed, '--json'], dir);
    expect(run.code, describeRun(run)).to.equal(1);
    const [verdict] = json<VerdictJson[]>(run);
    expect(verdict).to.include({ status: 'unreachable', ok: false });
    expect(verdict!.checks.find((c) => c.name === 'integrity')).to.include({ outcome: 'pass' });
    const anchored = verdict!.checks.find((c) => c.name === 'anchored')!;
    expect(anchored.outcome).to.equal('error');
    expect(anchored.message).to.match(/could not reach/i).and.include(CHAIN);

    const table = await runCli(['verify', 'credential.json', '--rpc-url', closed], dir);
    expect(table.code, describeRun(table)).to.equal(1);
    expect(table.stdout).to.match(/UNREACHABLE/).and.include(CHAIN);
    expectNoStackTrace(table);
  });
});
