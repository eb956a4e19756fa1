// Issue 13, item 4: a university publishes a pathway; `microcred stack` verifies a learner's passport,
// evaluates the rules and issues the stacked credential, which `anchor` anchors like any batch and `verify`
// re-checks against its components when they are given beside it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { type LocalNode, REPO_ROOT, describeRun, killAll, runCli, startNode, tempDir } from '../helpers/cli.js';

const ACHIEVEMENT = path.join(REPO_ROOT, 'examples/achievement.json');
const ACCOUNT_1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

describe('e2e: stack a pathway from a signed passport (bin/microcred against hardhat node)', function () {
  this.timeout(300_000);
  let node: LocalNode;
  const temp = tempDir('microcred-e2e-stack-');
  after(async () => {
    await node?.stop();
    await killAll();
    temp.cleanup();
  });

  it('issues the stacked credential when the rules are met, says what is missing and issues nothing when not', async () => {
    node = await startNode();
    const rpc = ['--rpc-url', node.url];
    const env = { MICROCRED_KEY_PASSPHRASE: 'a passphrase for these tests' };
    const run = async (args: string[], cwd: string, code = 0) => {
      const result = await runCli(args, cwd, { env });
      expect(result.code, describeRun(result)).to.equal(code);
      return result;
    };
    await run(['deploy', ...rpc], temp.dir);
    const learner = JSON.parse((await run(['holder', 'init', '--out', 'kofi.key.json', '--json'], temp.dir)).stdout) as { did: string };

    // The university (account 0, did:web) and a platform (account 1, did:pkh), each issuing to the learner's DID.
    const university = path.join(temp.dir, 'university');
    const platform = path.join(temp.dir, 'platform');
    mkdirSync(university);
    mkdirSync(platform);
    await run(['issuer', 'init', '--domain', 'credentials.example.edu', ...rpc], university);
    writeFileSync(path.join(university, 'roster.csv'), `id,name,holder\nS1,Kofi Mensah,${learner.did}\n`);
    writeFileSync(path.join(platform, 'roster.csv'), `id,name,holder\nP1,Kofi Mensah,${learner.did}\n`);
    const sql = path.join(platform, 'sql.json');
    writeFileSync(sql, JSON.stringify({ id: 'https://learn.example.com/courses/sql-foundations', name: 'SQL Foundations', description: 'Writes SQL.', criteria: { narrative: 'Passed.' }, creditsAvailable: 2 }));
    const issued: Record<string, string> = {};
    for (const [dir, account, achievement] of [[university, '0', ACHIEVEMENT], [platform, '1', sql]] as const) {
      const issue = await run(['issue', 'roster.csv', '--achievement', achievement, ...rpc, '--account', account, '--json'], dir);
      await run(['anchor', ...rpc, '--account', account], dir);
      issued[dir] = path.join((JSON.parse(issue.stdout) as { dir: string }).dir, dir === university ? 'S1.json' : 'P1.json');
    }
    const didDocument = path.join(university, '.microcred', 'identity', 'did.json');
    expect(JSON.parse(readFileSync(didDocument, 'utf8')).id).to.equal('did:web:credentials.example.edu');

    const pathway = JSON.parse(readFileSync(path.join(REPO_ROOT, 'examples/pathway.json'), 'utf8'));
    pathway.rules = [
      { id: 'core', type: 'allOf', components: [{ achievement: JSON.parse(readFileSync(ACHIEVEMENT, 'utf8')).id, issuer: 'credentials.example.edu' }] },
      { id: 'sql', type: 'nOf', n: 1, components: [{ achievement: 'https://learn.example.com/courses/sql-foundations', issuer: `did:pkh:eip155:1:${ACCOUNT_1}` }] },
      { id: 'credits', type: 'minCredits', credits: 7 },
    ];
    writeFileSync(path.join(university, 'pathway.json'), JSON.stringify(pathway));
    await run(['passport', 'build', issued[university]!, issued[platform]!, '--holder', 'kofi.key.json', '--challenge', 'job-1', '--domain', 'hiring.example', '--out', 'passport.json'], temp.dir);
    const passport = path.join(temp.dir, 'passport.json');
    const stack = (challenge: string, code: number) =>
      run(['stack', 'pathway.json', passport, '--challenge', challenge, '--domain', 'hiring.example', '--did-document', didDocument, ...rpc, '--json'], university, code);

    // A passport replayed with another challenge is refused before anything is evaluated.
    const replayed = JSON.parse((await stack('job-2', 1)).stdout);
    expect(replayed.batch).to.equal(null);
    expect(replayed.passports[0].message).to.match(/^Passport refused/);

    const met = JSON.parse((await stack('job-1', 0)).stdout);
    expect(met.passports[0]).to.include({ met: true });
    expect(met.passports[0].rules.map((rule: { id: string; met: boolean }) => [rule.id, rule.met])).to.deep.equal([['core', true], ['sql', true], ['credits', true]]);
    const batch = met.batch as { batchId: string; credentials: { file: string }[] };
    await run(['anchor', batch.batchId, ...rpc], university);
    const stacked = batch.credentials[0]!.file;
    const credential = JSON.parse(readFileSync(stacked, 'utf8'));
    expect(credential.credentialSubject.id).to.equal(learner.did);
    expect(credential.evidence.map((entry: { issuer: string }) => entry.issuer)).to.deep.equal(['did:web:credentials.example.edu', `did:pkh:eip155:1:${ACCOUNT_1}`]);

    const alone = await run(['verify', stacked, '--did-document', didDocument, ...rpc], temp.dir);
    expect(alone.stdout).to.include('VALID').and.include('Its 2 components were not re-checked');
    const beside = await run(['verify', stacked, issued[university]!, issued[platform]!, '--did-document', didDocument, ...rpc, '--json'], temp.dir);
    const [verdict] = JSON.parse(beside.stdout) as { status: string; checks: { name: string; outcome: string }[] }[];
    expect(verdict!.status).to.equal('valid');
    expect(verdict!.checks.find((check) => check.name === 'components')).to.include({ outcome: 'pass' });

    // The platform revokes its credential: the pathway is no longer met, and nothing more is issued.
    await run(['revoke', 'P1', '--reason', 'fraud', ...rpc, '--account', '1'], platform);
    const unmet = await run(['stack', 'pathway.json', passport, '--challenge', 'job-1', '--domain', 'hiring.example', '--did-document', didDocument, ...rpc], university, 1);
    expect(unmet.stdout).to.include('does NOT meet the pathway').and.match(/NOT met: sql: .*\(held, but revoked\)/).and.include('Nothing issued');
    const revoked = await run(['verify', stacked, issued[university]!, issued[platform]!, '--did-document', didDocument, ...rpc], temp.dir, 1);
    expect(revoked.stdout).to.include('COMPONENTS-INVALID');
  });
});
