// End-to-end: the real `bin/microcred`, run as a child process from a fresh working folder the way an
// issuer or a verifier runs it, against `hardhat node` servers on 127.0.0.1. Nothing here imports the
// CLI's code; the SDK is used only to set up what the CLI can't (another issuer's anchor) and to read the
// chain independently of the CLI.
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import {
  type Address,
  type Hex,
  createPublicClient,
  createWalletClient,
  getAbiItem,
  getAddress,
  http,
} from 'viem';
import { credentialRegistryAbi } from '../../src/abi/index.js';
import { connectRegistry } from '../../src/chain/connect.js';
import { anchorBatch } from '../../src/chain/writes.js';
import { registryReleases } from '../../src/abi/releases.js';
import { deployRegistry } from '../../src/chain/deploy.js';
import {
  type CliRun,
  type LocalNode,
  REPO_ROOT,
  describeRun,
  freePort,
  killAll,
  rpc,
  runCli,
  startCli,
  startNode,
  tempDir,
  waitFor,
} from './helpers.js';
import { anchorProofOf } from '../../src/core/credential/format.js';
import type { AnchoredCredential, IdentityObject } from '../../src/core/index.js';

const ACHIEVEMENT = path.join(REPO_ROOT, 'examples/achievement.json');
const CHAIN = 'eip155:31337';
/** A stack trace line, which a user should never see. */
const STACK_LINE = /^\s+at .+[(:]\d+/m;

interface Learner {
  id: string;
  name: string;
  email: string;
  valid_from: string;
  valid_until: string;
}

/** `n` learners with the columns of examples/roster.csv, some with commas, quotes and accents in names. */
function learners(n: number, prefix = 'L'): Learner[] {
  const names = ['Amara Okafor', 'García Márquez, Lucía', 'Jean-Baptiste "JB" Moreau', 'Siobhán O\'Connor', 'Wei Zhang', 'Ngozi Adichie-Ọlá'];
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${String(i + 1).padStart(5, '0')}`,
    name: `${names[i % names.length]} ${i + 1}`,
    email: i % 9 === 8 ? '' : `learner${i + 1}@students.example.edu`,
    valid_from: '2025-01-15',
    valid_until: i % 10 === 3 ? '2035-06-30' : '',
  }));
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function toCsv(rows: Learner[]): string {
  const header = 'id,name,email,valid_from,valid_until';
  return `${[header, ...rows.map((r) => [r.id, r.name, r.email, r.valid_from, r.valid_until].map(csvField).join(','))].join('\n')}\n`;
}

interface VerdictJson {
  file: string;
  status: string;
  ok: boolean;
  summary: string;
  issuer?: string;
  checks: { name: string; outcome: string; message: string }[];
  anchors: { chain: string; registry: string; anchoredAt?: string; error?: string }[];
}

interface StatusJson {
  registries: { chain: string; address: string }[];
  batches: {
    id: string;
    state: string;
    size: number;
    counts: Record<string, number | boolean>;
    anchors: { chain: string; registry: string; state: string; txHash?: string }[];
  }[];
}

interface IssueJson {
  batchId: string;
  issuer: string;
  root: Hex;
  size: number;
  dir: string;
  credentials: { file: string; learnerId: string; index: number }[];
}

/** Parses stdout of a `--json` run, failing with the whole run described if it isn't JSON. */
function json<T>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`expected JSON on stdout\n${describeRun(run)}`);
  }
}

function expectExit(run: CliRun, code: 0 | 'failure'): void {
  if (code === 0) expect(run.code, describeRun(run)).to.equal(0);
  else {
    expect(run.timedOut, describeRun(run)).to.equal(false);
    expect(run.code, describeRun(run)).to.be.a('number').and.not.equal(0);
  }
}

function expectNoStackTrace(run: CliRun): void {
  expect(run.stderr, `a stack trace reached the user\n${describeRun(run)}`).not.to.match(STACK_LINE);
  expect(run.stdout, `a stack trace reached the user\n${describeRun(run)}`).not.to.match(STACK_LINE);
}

function readCredential(file: string): AnchoredCredential & { credentialSubject: { identifier: IdentityObject[] } } {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function byStatus(verdicts: VerdictJson[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const verdict of verdicts) counts[verdict.status] = (counts[verdict.status] ?? 0) + 1;
  return counts;
}

async function anchoredEvents(url: string, registry: Address, issuer: Address, root: Hex) {
  const client = createPublicClient({ transport: http(url, { retryCount: 0 }) });
  return client.getLogs({
    address: registry,
    event: getAbiItem({ abi: credentialRegistryAbi, name: 'BatchAnchored' }),
    args: { issuer, root },
    fromBlock: 0n,
  });
}

describe('microcred CLI end to end (bin/microcred against hardhat node)', function () {
  this.timeout(120_000);
  let node: LocalNode;
  let rpcArgs: string[];
  let accounts: Address[];
  /** A registry deployed with the SDK, for scenarios that don't exercise `deploy` themselves. */
  let sharedRegistry: Address;
  const cleanups: (() => void)[] = [];
  const workDir = (prefix: string) => {
    const temp = tempDir(`microcred-e2e-${prefix}-`);
    cleanups.push(temp.cleanup);
    return temp.dir;
  };

  before(async function () {
    this.timeout(90_000);
    node = await startNode();
    rpcArgs = ['--rpc-url', node.url];
    const transport = http(node.url, { retryCount: 0 });
    const client = createPublicClient({ transport, pollingInterval: 50 });
    accounts = (await client.request({ method: 'eth_accounts' } as never)) as Address[];
    const wallet = createWalletClient({ account: getAddress(accounts[0]!), transport });
    sharedRegistry = (await deployRegistry(client as never, wallet)).address;
  });

  after(async () => {
    await node?.stop();
    await killAll();
    for (const cleanup of cleanups) cleanup();
  });

  // One small anchored batch (20 learners) several scenarios take copies of, made once.
  let small: Promise<{ dir: string; issued: IssueJson }> | undefined;
  function smallBatch() {
    small ??= (async () => {
      const dir = workDir('small');
      writeFileSync(path.join(dir, 'roster.csv'), toCsv(learners(20, 'S')));
      const issue = await runCli(['issue', 'roster.csv', '--achievement', ACHIEVEMENT, ...rpcArgs, '--json'], dir);
      expectExit(issue, 0);
      const anchor = await runCli(['anchor', ...rpcArgs, '--registry', sharedRegistry], dir);
      expectExit(anchor, 0);
      return { dir, issued: json<IssueJson>(issue) };
    })();
    return small;
  }

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

  it('--help works on every command', async () => {
    const dir = workDir('help');
    const top = await runCli(['--help'], dir);
    expectExit(top, 0);
    const listed = [...top.stdout.split(/^Commands:$/m)[1]!.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    const expected = ['chain', 'deploy', 'issue', 'anchor', 'revoke', 'revoke-batch', 'suspend', 'unsuspend', 'operator', 'accredit', 'verify', 'share', 'status', 'demo', 'web'];
    expect(listed).to.include.members(expected);

    const queue = [...listed];
    const results: CliRun[] = [];
    await Promise.all(
      [0, 1, 2].map(async () => {
        for (let command = queue.shift(); command; command = queue.shift()) results.push(await runCli([command, '--help'], dir));
      }),
    );
    for (const run of results) {
      const command = run.args[0]!;
      expect(run.code, describeRun(run)).to.equal(0);
      expect(run.stdout, describeRun(run)).to.match(new RegExp(`^Usage: microcred ${command}\\b`));
      expect(run.stderr, describeRun(run)).to.equal('');
    }
    const help = Object.fromEntries(results.map((r) => [r.args[0]!, r.stdout]));
    for (const command of ['deploy', 'issue', 'anchor', 'revoke', 'revoke-batch', 'suspend', 'unsuspend', 'operator', 'accredit', 'verify']) expect(help[command]).to.include('--rpc-url');
    expect(help.issue).to.include('--achievement');
    expect(help.revoke).to.include('--reason');
    // `--help` must not have run anything: no store, no node.
    expect(existsSync(path.join(dir, '.microcred'))).to.equal(false);
  });

  // The issuer's node goes away in the middle of the job. A `hardhat node` keeps its chain in memory, so
  // each restart on the same port is a fresh chain: the registry deployed before is gone (the issuer has
  // to deploy again, and on a fresh chain the first deployment from account 0 lands at the same address).
  describe('the RPC stops mid-run', function () {
    let port: number;
    let chainNode: LocalNode | undefined;
    let dir: string;
    let url: string;
    let issued: IssueJson;
    let files: string[];
    const args = () => ['--rpc-url', url];
    const expectNamesChain = (run: CliRun) => {
      expectNoStackTrace(run);
      expect(run.stderr, `the error should name the chain or endpoint it could not reach\n${describeRun(run)}`).to.satisfy(
        (text: string) => text.includes(CHAIN) || text.includes(`127.0.0.1:${port}`),
      );
      expect(run.stderr, `the error should say the chain could not be reached\n${describeRun(run)}`).to.match(/could not reach|unreachable|refused|not answer|no answer/i);
    };
    const storeStatus = async () => {
      const run = await runCli(['status', '--json'], dir);
      expectExit(run, 0);
      return json<StatusJson>(run);
    };
    const anchorsInFiles = () => files.map((file) => anchorProofOf(readCredential(path.join(dir, file)))!.anchors);

    before(async function () {
      this.timeout(90_000);
      chainNode = await startNode();
      port = chainNode.port;
      url = chainNode.url;
      dir = workDir('rpc');
      writeFileSync(path.join(dir, 'roster.csv'), toCsv(learners(30, 'R')));
    });
    after(async () => {
      await chainNode?.stop();
    });

    it('the node is stopped before `anchor`: a clear error naming the chain, the batch stays issued and unanchored', async () => {
      expectExit(await runCli(['deploy', ...args()], dir), 0);
      const issue = await runCli(['issue', 'roster.csv', '--achievement', ACHIEVEMENT, ...args(), '--json'], dir);
      expectExit(issue, 0);
      issued = json<IssueJson>(issue);
      files = issued.credentials.map((c) => path.relative(dir, path.resolve(dir, c.file)));

      await chainNode!.stop();
      const anchor = await runCli(['anchor', ...args()], dir);
      expectExit(anchor, 'failure');
      const status = await storeStatus();
      expect(status.batches[0]).to.include({ id: issued.batchId, state: 'built' });
      expect(status.batches[0]!.anchors.filter((a) => a.state === 'confirmed')).to.deep.equal([]);
      expect(anchorsInFiles().every((anchors) => anchors.length === 0)).to.equal(true);
      expectNamesChain(anchor);
    });

    it('restarted on the same port (a fresh chain): `anchor` says the registry is missing there', async () => {
      chainNode = await startNode(port);
      const anchor = await runCli(['anchor', ...args()], dir);
      expectExit(anchor, 'failure');
      expectNoStackTrace(anchor);
      // The registry is the release's one address; the CLI says where it looked and how to put it there.
      expect(anchor.stderr).to.match(/no registry/i).and.include(registryReleases.at(-1)!.address).and.include('microcred deploy');
    });

    it('the node dies while `anchor` waits for its transaction: it fails promptly, naming the chain', async () => {
      const deploy = await runCli(['deploy', ...args(), '--json'], dir);
      expectExit(deploy, 0);
      const registry = getAddress(json<{ address: string }>(deploy).address);
      // Hold the transaction in the mempool, so the node can be stopped while the CLI waits for it.
      await rpc(url, 'evm_setAutomine', [false]);
      const running = startCli(['anchor', ...args(), '--registry', registry], dir, { timeoutMs: 45_000 });
      const count = (tag: string) => rpc<string>(url, 'eth_getTransactionCount', [accounts[0], tag]).then(Number);
      const sent = await waitFor(async () => (await count('pending')) > (await count('latest')), 30_000, 100);
      expect(sent, 'the anchoring transaction reached the node').to.equal(true);
      await new Promise((resolve) => setTimeout(resolve, 500)); // let the CLI journal the hash
      const stoppedAt = Date.now();
      await chainNode!.stop();
      const anchor = await running.done;
      const afterStop = Date.now() - stoppedAt;

      const status = await storeStatus();
      expect(status.batches[0]!.state, 'the batch is not anchored').to.not.equal('anchored');
      expect(anchorsInFiles().every((anchors) => anchors.length === 0)).to.equal(true);
      expect(anchor.timedOut, `anchor still waiting on a dead node after 45 s\n${describeRun(anchor)}`).to.equal(false);
      expect(afterStop, `anchor took ${afterStop} ms after the node stopped to give up\n${describeRun(anchor)}`).to.be.below(30_000);
      expectExit(anchor, 'failure');
      expectNamesChain(anchor);
    });

    it('after a restart and a new deploy, rerunning `anchor` completes with exactly one anchor, and every credential verifies', async () => {
      if (chainNode?.process.exitCode === null && chainNode.process.signalCode === null) await chainNode.stop();
      chainNode = await startNode(port);
      const deploy = await runCli(['deploy', ...args(), '--json'], dir);
      expectExit(deploy, 0);
      const registry = getAddress(json<{ address: string }>(deploy).address);

      const anchor = await runCli(['anchor', ...args(), '--registry', registry, '--json'], dir);
      expectExit(anchor, 0);
      const [result] = json<{ outcome: string; registry: string; filesUpdated: number; txHash: Hex }[]>(anchor);
      expect(result).to.include({ outcome: 'sent', filesUpdated: issued.size });
      const events = await anchoredEvents(url, registry, getAddress(issued.issuer), issued.root);
      expect(events.map((e) => e.transactionHash)).to.deep.equal([result!.txHash]);

      // Each file names exactly one anchor, the live registry (not the dead chain's, not twice).
      for (const anchors of anchorsInFiles()) expect(anchors).to.deep.equal([{ chain: CHAIN, registry }]);
      const status = await storeStatus();
      expect(status.batches[0]).to.include({ state: 'anchored' });
      expect(status.batches[0]!.anchors.filter((a) => a.state === 'confirmed').map((a) => getAddress(a.registry))).to.deep.equal([registry]);

      const verify = await runCli(['verify', ...files, ...args(), '--json'], dir);
      expectExit(verify, 0);
      expect(byStatus(json<VerdictJson[]>(verify))).to.deep.equal({ valid: issued.size });
    });
  });
});

