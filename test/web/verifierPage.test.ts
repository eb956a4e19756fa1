// The web verifier page in a real headless Chromium, reading a real `hardhat node` over HTTP, as an
// employer would use it: choose files, maybe fill in whom to trust, press Verify, read the verdicts.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { getAddress, http } from 'viem';
import { addAnchor, anchorBatch, type AnchoredCredential, anchorProofOf, buildBatch, buildCredential, revokeCredentials, suspendCredentials, withAnchorProof } from '../../src/index.js';
import { bundleVerifierPage } from '../../src/cli/web/bundle.js';
import { type ServedPage, servePage } from '../../src/cli/web/serve.js';
import { type LocalNode, describeRun, freePort, startCli, startNode, tempDir, waitFor } from '../helpers/cli.js';
import { type TestChain, REPO_ROOT, httpChain, writerFor } from '../helpers/chain.js';
import { launchChromium, openSettings } from '../helpers/browser.js';
import { REGISTRY } from '../helpers/credentials.js';

const template = JSON.parse(readFileSync(path.join(REPO_ROOT, 'examples/achievement.json'), 'utf8')) as never;

interface Row {
  source: string;
  status: string;
  summary: string;
  issuer: string;
  checks: Record<string, string>;
}

describe('web verifier page (headless Chromium against hardhat node)', function () {
  this.timeout(120_000);
  let node: LocalNode;
  let chain: TestChain;
  /** A second chain (31338), for passports anchored on two chains. */
  let secondNode: LocalNode;
  let page: ServedPage;
  let browser: Browser;
  let files: ReturnType<typeof tempDir>;
  /** Every URL the browser requested, to prove nothing but the page and the RPC is contacted. */
  const requested: string[] = [];
  const problems: string[] = [];
  let tab: Page;

  const file = (name: string) => path.join(files.dir, name);
  const write = (name: string, value: unknown) => writeFileSync(file(name), JSON.stringify(value, null, 2));

  before(async () => {
    files = tempDir('microcred-web-');
    node = await startNode();
    chain = await httpChain(node.url);
    const issuer = chain.accounts[0]!;

    // One batch of 4 by account 0: #1 revoked, #2 suspended, #3 tampered after issuance.
    const drafts = ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra'].map((name, i) =>
      buildCredential({ id: `S${i}`, name, email: `s${i}@example.org` }, template, {
        issuer: { address: issuer, name: 'Example University', chainId: 31337 },
        validFrom: '2025-01-01T00:00:00Z',
      }),
    );
    const batch = buildBatch(drafts, { issuer, registry: REGISTRY });
    await anchorBatch(chain.writer, issuer, batch.root, batch.size);
    await revokeCredentials(chain.writer, issuer, batch.root, [1], 3);
    await suspendCredentials(chain.writer, issuer, batch.root, [2], 5);
    const anchored = batch.credentials.map((c) => addAnchor(c, { chain: 'eip155:31337', registry: chain.registry.address }));
    write('ada.json', anchored[0]);
    write('alan.json', anchored[1]);
    write('grace.json', anchored[2]);
    write('passport.json', [anchored[0], anchored[3]]);
    write('tampered.json', renameLearner(anchored[3]!, '<img src=x onerror="window.pwned=1">Edsger'));
    writeFileSync(file('broken.json'), '{"@context": [');

    // Account 1 anchors account 0's root under its own name (the registry keys batches by issuer and
    // root, so it can), and a forged file keeps account 0's profile but says its proof is for account 1.
    const other = chain.accounts[1]!;
    await anchorBatch(writerFor(chain, other, http(node.url, { retryCount: 0 })), other, batch.root, batch.size);
    write('forged.json', withAnchorProof(anchored[0]!, { ...anchorProofOf(anchored[0]!)!, issuer: other }));

    // A credential of the same issuer anchored on another chain.
    secondNode = await startNode(undefined, 31338);
    const elsewhere = await httpChain(secondNode.url);
    const third = buildBatch(
      [buildCredential({ id: 'S9', name: 'Barbara Liskov', email: 's9@example.org' }, template, { issuer: { address: issuer, name: 'Example University', chainId: 31337 }, validFrom: '2025-01-01T00:00:00Z' })],
      { issuer, registry: REGISTRY },
    );
    await anchorBatch(elsewhere.writer, issuer, third.root, third.size);
    write('elsewhere.json', addAnchor(third.credentials[0]!, { chain: 'eip155:31338', registry: elsewhere.registry.address }));

    page = await servePage(await bundleVerifierPage());
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await page?.close();
    await Promise.all([node?.stop(), secondNode?.stop()]);
    files?.cleanup();
  });

  beforeEach(async () => {
    requested.length = 0;
    problems.length = 0;
    tab = await browser.newPage();
    tab.on('request', (request) => requested.push(request.url()));
    tab.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    tab.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
  });

  afterEach(async () => {
    await tab.close();
  });

  /**
   * Opens the page with a link carrying `query` and accepts the settings it proposes (a link's settings are
   * used only once accepted; none are proposed when they are the ones already in use).
   */
  async function openWith(query: Record<string, string>): Promise<void> {
    await tab.goto(`${page.url}?${new URLSearchParams(query)}`);
    if (await tab.isVisible('#proposal')) await tab.click('#proposal-use');
  }

  /** Opens the page with `query` accepted, chooses `names`, presses Verify, and waits for the verdicts (or an error). */
  async function verify(query: Record<string, string>, names: string[]): Promise<void> {
    await openWith(query);
    await tab.setInputFiles('#files', names.map(file));
    await tab.click('#verify');
    await tab.waitForSelector('#results:not([hidden]), #form-error:not([hidden])');
    await tab.waitForFunction(() => !(document.getElementById('verify') as HTMLButtonElement).disabled);
  }

  const rows = (): Promise<Row[]> =>
    tab.$$eval('#verdicts .verdict', (cards) =>
      cards.map((tr) => ({
        source: (tr as HTMLElement).dataset.source!,
        status: (tr as HTMLElement).dataset.status!,
        summary: tr.querySelector('.summary')!.textContent!,
        issuer: tr.querySelector('.issuer')?.textContent ?? '',
        checks: Object.fromEntries(Array.from(tr.querySelectorAll('li[data-check]')).map((li) => [(li as HTMLElement).dataset.check!, (li as HTMLElement).dataset.outcome!])),
      })),
    );

  it('gives each credential and passport entry its verdict, in order, with the reason in words', async () => {
    await verify({ rpc: node.url, trust: chain.accounts[0]! }, ['ada.json', 'alan.json', 'grace.json', 'passport.json', 'tampered.json', 'forged.json']);
    const got = await rows();
    expect(got.map((r) => [r.source, r.status])).to.deep.equal([
      ['ada.json', 'valid'],
      ['alan.json', 'revoked'],
      ['grace.json', 'suspended'],
      ['passport.json[0]', 'valid'],
      ['passport.json[1]', 'valid'],
      ['tampered.json', 'tampered'],
      ['forged.json', 'issuer-mismatch'],
    ]);
    expect(await tab.textContent('#tally')).to.equal('3 of 7 valid');
    expect(got[0]!.checks).to.deep.equal({
      integrity: 'pass', signature: 'skipped', registry: 'pass', anchored: 'pass', issuer: 'pass', revoked: 'pass', suspended: 'pass', validity: 'pass',
      identity: 'skipped', profile: 'skipped', trusted: 'pass',
    });
    expect(got[1]!.summary).to.match(/revoked/i);
    expect(got[2]!.summary).to.match(/suspended/i);
    expect(got[5]!.checks.integrity).to.equal('fail');
    expect(got[6]!.summary).to.match(/issuer/i);
    // The name the credential claims is shown as a claim: a did:pkh issuer is an unidentified account.
    expect(got[0]!.issuer).to.equal(`claims to be “Example University”, issuer not identified: account ${getAddress(chain.accounts[0]!)}`);
    // The passport file gets one card above the rows; its two credentials are two learners', so it is refused.
    const cards = await tab.$$eval('#passports .passport', (articles) =>
      articles.map((a) => ({ source: (a as HTMLElement).dataset.source, refused: a.classList.contains('refused'), text: a.textContent })),
    );
    expect(cards).to.have.length(1);
    expect(cards[0]).to.include({ source: 'passport.json', refused: true });
    expect(cards[0]!.text).to.include("Not one learner's passport");
    expect(problems).to.deep.equal([]);
  });

  it('shows what a credential file says as text, never as markup (a file is untrusted input)', async () => {
    await verify({ rpc: node.url }, ['tampered.json']);
    const cell = await tab.$eval('#verdicts .verdict .facts', (td) => ({ text: td.textContent, images: td.querySelectorAll('img').length }));
    expect(cell.text).to.contain('<img src=x onerror="window.pwned=1">Edsger');
    expect(cell.images).to.equal(0);
    expect(await tab.evaluate(() => (window as { pwned?: number }).pwned)).to.equal(undefined);
  });

  it('contacts nothing but its own origin and the RPC endpoint it was given', async () => {
    await verify({ rpc: node.url }, ['ada.json', 'passport.json']);
    expect((await rows()).map((r) => r.status)).to.deep.equal(['valid', 'valid', 'valid']);
    const origins = new Set(requested.map((url) => new URL(url).origin));
    expect([...origins].sort()).to.deep.equal([new URL(page.url).origin, new URL(node.url).origin].sort());
  });

  it('an issuer not on the trust list is `untrusted-issuer`; with no list, trust is skipped and said so', async () => {
    await verify({ rpc: node.url, trust: chain.accounts[2]! }, ['ada.json']);
    expect((await rows()).map((r) => r.status)).to.deep.equal(['untrusted-issuer']);
    await verify({ rpc: node.url, trust: '' }, ['ada.json']); // an empty `trust` proposes no trust list
    const [row] = await rows();
    expect(row!.status).to.equal('valid');
    expect(row!.checks.trusted).to.equal('skipped');
  });

  it('an RPC endpoint that does not answer is `unreachable`, not invalid', async () => {
    const nobody = `http://127.0.0.1:${await freePort()}`;
    await verify({ rpc: nobody }, ['ada.json']);
    const [row] = await rows();
    expect(row!.status).to.equal('unreachable');
    expect(row!.checks.integrity).to.equal('pass');
    expect(row!.summary).to.match(/could not reach/i);
  });

  it('with one endpoint per chain, a passport anchored on two chains verifies; a silent endpoint is named', async () => {
    await verify({ rpc: node.url }, ['ada.json', 'elsewhere.json']);
    expect((await rows()).map((r) => r.status)).to.deep.equal(['valid', 'chain-mismatch']);

    await openSettings(tab);
    await tab.fill('#rpc', `${node.url}\n${secondNode.url}`);
    await tab.click('#verify');
    await tab.waitForFunction(() => document.querySelector('#verdicts .verdict:nth-child(2)')?.getAttribute('data-status') === 'valid');
    expect((await rows()).map((r) => r.status)).to.deep.equal(['valid', 'valid']);
    expect(await tab.isHidden('#endpoint-problems')).to.equal(true);

    const silent = `http://127.0.0.1:${await freePort()}`;
    await tab.fill('#rpc', `${node.url}\n${silent}`);
    await tab.click('#verify');
    await tab.waitForFunction(() => document.querySelector('#verdicts .verdict:nth-child(2)')?.getAttribute('data-status') === 'unreachable');
    expect(await tab.textContent('#endpoint-problems')).to.equal(`${silent} did not answer`);
    expect((await rows())[1]!.summary).to.equal(`Could not reach chain eip155:31338: no endpoint that answered serves it, and ${silent} did not answer.`);
  });

  it('checks a large passport in two Web Workers under the page\'s policy, with the verdicts of the page alone; a small one without', async () => {
    const texts = ['ada.json', 'alan.json', 'grace.json', 'tampered.json'].map((name) => readFileSync(file(name), 'utf8'));
    // 600 entries: past MIN_POOLED_CREDENTIALS (500), so the page starts its workers.
    writeFileSync(file('large.json'), `[${Array.from({ length: 600 }, (_, i) => texts[i % texts.length]).join(',')}]`);
    const workers: string[] = [];
    tab.on('worker', (worker) => workers.push(new URL(worker.url()).pathname));
    tab.setDefaultTimeout(120_000); // 600 verdicts drawn on a busy machine
    await verify({ rpc: node.url, trust: chain.accounts[0]! }, ['large.json']);
    expect(await tab.isVisible('#form-error'), (await tab.textContent('#form-error')) ?? '').to.equal(false);
    const large = await rows();
    expect(large).to.have.length(600);
    expect(workers).to.deep.equal(['/offlineWorker.js', '/offlineWorker.js']);
    expect(problems).to.deep.equal([]); // a worker refused by the CSP would show here

    // The first four entries, verified one file each (no worker): the same verdicts.
    workers.length = 0;
    await verify({ rpc: node.url, trust: chain.accounts[0]! }, ['ada.json', 'alan.json', 'grace.json', 'tampered.json']);
    const alone = await rows();
    expect(workers).to.deep.equal([]);
    const strip = ({ source: _source, ...row }: Row) => row;
    expect(large.slice(0, 4).map(strip)).to.deep.equal(alone.map(strip));
    expect(large.map((row) => row.status).slice(0, 8)).to.deep.equal(['valid', 'revoked', 'suspended', 'tampered', 'valid', 'revoked', 'suspended', 'tampered']);
  });

  it('a large passport with an entry that is not strict JSON is named as a whole file is, and nothing is shown as verified', async () => {
    const ada = readFileSync(file('ada.json'), 'utf8');
    writeFileSync(file('large-bad.json'), `[${Array.from({ length: 600 }, (_, i) => (i === 321 ? ada.replace('{', '{"id": "urn:x",') : ada)).join(',')}]`);
    tab.setDefaultTimeout(120_000);
    await verify({ rpc: node.url }, ['large-bad.json']);
    expect(await tab.textContent('#form-error')).to.match(/^large-bad\.json: duplicate key "id" at \[321\]\.id \(line \d+\)/);
    expect(await tab.isHidden('#results')).to.equal(true);
    expect(problems).to.deep.equal([]);
  });

  it('a file that is not JSON is named, and nothing is verified', async () => {
    await verify({ rpc: node.url }, ['ada.json', 'broken.json']);
    expect(await tab.textContent('#form-error')).to.match(/^broken\.json: not valid JSON/);
    expect(await tab.isHidden('#results')).to.equal(true);
    expect(requested.some((url) => url.startsWith(node.url))).to.equal(false);
  });

  it('a bad trust address or RPC URL names the field and line', async () => {
    await verify({ rpc: node.url, trust: `${chain.accounts[0]},0x1234` }, ['ada.json']);
    expect(await tab.textContent('#form-error')).to.equal('Trusted issuers, line 2: "0x1234" is not an Ethereum address');
    expect(await tab.getAttribute('#trust', 'aria-invalid')).to.equal('true');
    await verify({ rpc: 'ftp://127.0.0.1' }, ['ada.json']);
    expect(await tab.textContent('#form-error')).to.equal('JSON-RPC endpoints, line 1: "ftp://127.0.0.1" is not an http(s) URL');
  });

  it('a holder hides fields and downloads a passport that the page then verifies as valid', async () => {
    await openWith({ rpc: node.url });
    await tab.setInputFiles('#files', [file('ada.json'), file('passport.json')]);
    await tab.waitForSelector('#share:not([hidden]) input[value="emailAddress"]');
    const offered = await tab.$$eval('#hide-kinds label', (labels) => labels.map((label) => label.textContent));
    expect(offered).to.include.members(['Email address (3)', 'Student id (3)', 'Name (3)']);
    await tab.check('#hide-kinds input[value="emailAddress"]');
    await tab.check('#hide-kinds input[value="sourcedId"]');
    const [download] = await Promise.all([tab.waitForEvent('download'), tab.click('#share-download')]);
    expect(download.suggestedFilename()).to.equal('passport.json');
    const saved = file('shared-passport.json');
    await download.saveAs(saved);
    const text = readFileSync(saved, 'utf8');
    const shared = JSON.parse(text) as { credentialSubject: { identifier: { identityType: string }[] } }[];
    expect(shared.map((c) => c.credentialSubject.identifier.map((i) => i.identityType))).to.deep.equal([['name'], ['name'], ['name']]);
    for (const name of ['ada.json', 'passport.json']) {
      for (const email of readFileSync(file(name), 'utf8').match(/s\d@example\.org/g)!) expect(text).not.to.include(email);
    }

    await verify({ rpc: node.url }, ['shared-passport.json']);
    expect((await rows()).map((r) => [r.source, r.status])).to.deep.equal([
      ['shared-passport.json[0]', 'valid'],
      ['shared-passport.json[1]', 'valid'],
      ['shared-passport.json[2]', 'valid'],
    ]);
    expect(problems).to.deep.equal([]);
  });

  it('`microcred web` serves the page proposing the endpoint and trust list, and Ctrl-C stops it', async () => {
    const cli = startCli(['web', '--port', '0', '--rpc-url', node.url, '--trust', chain.accounts[0]!], files.dir);
    let stdout = '';
    cli.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    expect(await waitFor(() => /^web verifier page: (http\S+)$/m.test(stdout), 60_000), `no URL printed: ${stdout}`).to.equal(true);
    const url = /^web verifier page: (http\S+)$/m.exec(stdout)![1]!;
    expect(new URL(url).hostname).to.equal('127.0.0.1');

    await tab.goto(url);
    // The operator's own link is still a link: its values are proposed, and used once accepted.
    expect(await tab.textContent('#proposal-values dd[data-field="rpc"]')).to.equal(node.url);
    await tab.click('#proposal-use');
    expect(await tab.inputValue('#rpc')).to.equal(node.url);
    expect(await tab.inputValue('#trust')).to.equal(getAddress(chain.accounts[0]!)); // checked and checksummed by the CLI
    await tab.setInputFiles('#files', [file('ada.json'), file('alan.json')]);
    await tab.click('#verify');
    await tab.waitForSelector('#results:not([hidden])');
    expect((await rows()).map((r) => r.status)).to.deep.equal(['valid', 'revoked']);

    process.kill(-cli.child.pid!, 'SIGINT');
    const run = await cli.done;
    expect(run.code, describeRun(run)).to.equal(0);
    expect(run.stderr, describeRun(run)).to.equal('');
  });
});

/** The credential with its learner's name changed after issuance (its digest no longer matches). */
function renameLearner(credential: AnchoredCredential, name: string): AnchoredCredential {
  const copy = structuredClone(credential) as AnchoredCredential & { credentialSubject: { identifier: { identityType: string; identityHash: string }[] } };
  copy.credentialSubject.identifier.find((identity) => identity.identityType === 'name')!.identityHash = name;
  return copy;
}

