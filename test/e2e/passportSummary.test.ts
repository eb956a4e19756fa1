// Issue 13: an employer verifying a learner's skills passport (credentials from two issuers) gets one
// summary: the learner, the issuers, each achievement, the credits of the valid ones, the skills.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { type LocalNode, REPO_ROOT, describeRun, killAll, runCli, startNode, tempDir } from '../helpers/cli.js';

const ROSTER = path.join(REPO_ROOT, 'examples/roster.csv');
const ACHIEVEMENT = path.join(REPO_ROOT, 'examples/achievement.json');

describe('e2e: a skills passport from two issuers (bin/microcred against hardhat node)', function () {
  this.timeout(180_000);
  let node: LocalNode;
  const temp = tempDir('microcred-e2e-passport-');
  after(async () => {
    await node?.stop();
    await killAll();
    temp.cleanup();
  });

  it('verify prints one passport summary: learner, issuers, achievements, credits of the valid ones, skills; different learners are refused', async () => {
    node = await startNode();
    const rpc = ['--rpc-url', node.url];
    expect((await runCli(['deploy', ...rpc], temp.dir)).code).to.equal(0);
    // A university (account 0) and a platform (account 1), each issuing to the same learners.
    const platformAchievement = path.join(temp.dir, 'sql.json');
    writeFileSync(platformAchievement, JSON.stringify({
      id: 'https://platform.example/courses/sql', name: 'SQL Foundations', description: 'Writes correct SQL over relational data.',
      criteria: { narrative: 'Passed all graded exercises.' }, creditsAvailable: 2,
      alignment: [{ targetName: 'SQL', targetUrl: 'https://platform.example/skills/sql', targetFramework: 'Platform Skills' }],
    }));
    const issued: Record<string, string> = {};
    for (const [who, account, achievement] of [['university', '0', ACHIEVEMENT], ['platform', '1', platformAchievement]] as const) {
      const dir = path.join(temp.dir, who);
      mkdirSync(dir);
      const issue = await runCli(['issue', ROSTER, '--achievement', achievement, ...rpc, '--account', account, '--json'], dir);
      expect(issue.code, describeRun(issue)).to.equal(0);
      const anchor = await runCli(['anchor', ...rpc, '--account', account], dir);
      expect(anchor.code, describeRun(anchor)).to.equal(0);
      issued[who] = (JSON.parse(issue.stdout) as { dir: string }).dir;
    }
    const passport = path.join(temp.dir, 'amara.json');
    const mixed = path.join(temp.dir, 'mixed.json');
    const read = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(passport, JSON.stringify([read(path.join(issued.university!, 'S2025-0001.json')), read(path.join(issued.platform!, 'S2025-0001.json'))]));
    writeFileSync(mixed, JSON.stringify([read(path.join(issued.university!, 'S2025-0001.json')), read(path.join(issued.platform!, 'S2025-0002.json'))]));

    const verify = await runCli(['verify', passport, ...rpc], temp.dir);
    expect(verify.code, describeRun(verify)).to.equal(0);
    expect(verify.stdout).to.include('Passport').and.include('Amara Okafor');
    expect(verify.stdout).to.include('2 of 2 credentials valid, 7 credits');
    expect(verify.stdout).to.match(/earned: +Data Analysis with Python .* 5 credits/);
    expect(verify.stdout).to.match(/skills: +Platform Skills: SQL/);
    expect(verify.stdout).to.match(/weaker binding/);

    const refused = await runCli(['verify', mixed, ...rpc], temp.dir);
    expect(refused.code).to.equal(1);
    expect(refused.stdout).to.include("REFUSED: Not one learner's passport");

    // Signed by the learner (a did:key) over the employer's challenge: the holder check says so; a replay
    // with another challenge is refused.
    const env = { MICROCRED_KEY_PASSPHRASE: 'amara keeps this one safe' };
    const init = await runCli(['holder', 'init', '--out', 'amara.key.json', '--json'], temp.dir, { env });
    expect(init.code, describeRun(init)).to.equal(0);
    const files = [path.join(issued.university!, 'S2025-0001.json'), path.join(issued.platform!, 'S2025-0001.json')];
    const build = await runCli(['passport', 'build', ...files, '--holder', 'amara.key.json', '--challenge', 'job-4711', '--domain', 'hiring.example', '--out', 'signed.json'], temp.dir, { env });
    expect(build.code, describeRun(build)).to.equal(0);
    const signed = await runCli(['verify', 'signed.json', ...rpc, '--challenge', 'job-4711', '--domain', 'hiring.example'], temp.dir);
    expect(signed.code, describeRun(signed)).to.equal(0);
    expect(signed.stdout).to.match(/holder: +Presented by did:key:z6Mk\w+, who signed it over your challenge/).and.include('7 credits');
    const replayed = await runCli(['verify', 'signed.json', ...rpc, '--challenge', 'job-9999', '--domain', 'hiring.example'], temp.dir);
    expect(replayed.code).to.equal(1);
    expect(replayed.stdout).to.include('REFUSED: Passport refused (replayed or not made for you)');
  });
});
