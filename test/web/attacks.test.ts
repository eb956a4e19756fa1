// The attacks of issue 9 in the web verifier page, in headless Chromium against `hardhat node` servers on
// 127.0.0.1: what a person sees when a holder drops on the page a credential forged on a registry the
// attacker deployed, one pointed at a proxy that hides its revocation, a file with a key given twice, or a
// copy stripped of the anchor of the chain it was revoked on. The issuer's side is set up with the SDK.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type Address, type PublicClient, createPublicClient, createWalletClient, http } from 'viem';
import { anchorProofOf, connectRegistry, deployRegistry, type RegistryWriter, revokeCredentials } from '../../src/index.js';
import { bundleVerifierPage } from '../../src/cli/web/bundle.js';
import { type ServedPage, servePage } from '../../src/cli/web/serve.js';
import { type LocalNode, startNode, tempDir } from '../helpers/cli.js';
import { type Wallet, deployAttacker, forgeCredentials, issueHonest, withAnchors } from '../helpers/attackers.js';
import { launchChromium, openSettings } from '../helpers/browser.js';

const CHAIN_A = 'eip155:31337';
const CHAIN_B = 'eip155:31338';

/** One chain as the test process sees it: a node, a client, the university's wallet and its genuine registry. */
interface Chain {
  node: LocalNode;
  client: PublicClient;
  attacker: Wallet;
  genuine: Address;
  writer: RegistryWriter;
}

async function startChain(chainId: number): Promise<Chain> {
  const node = await startNode(undefined, chainId);
  const transport = http(node.url, { retryCount: 0 });
  const client = createPublicClient({ transport, pollingInterval: 50 }) as PublicClient;
  const accounts = (await client.request({ method: 'eth_accounts' } as never)) as Address[];
  const [university, attacker] = [accounts[0]!, accounts[7]!].map((account) => createWalletClient({ account, transport }));
  const { address: genuine } = await deployRegistry(client, university!);
  const writer = { registry: await connectRegistry({ client, address: genuine, expectedChainId: chainId }), wallet: university! };
  return { node, client, attacker: attacker!, genuine, writer };
}

interface Row {
  source: string;
  status: string;
  summary: string;
  checks: Record<string, { outcome: string; text: string }>;
}

describe('web verifier page under attack (issue 9, headless Chromium against hardhat node)', function () {
  this.timeout(180_000);
  let a: Chain;
  let b: Chain;
  let victim: Address;
  let page: ServedPage;
  let browser: Browser;
  let files: ReturnType<typeof tempDir>;
  let context: BrowserContext;
  let tab: Page;
  const problems: string[] = [];

  before(async function () {
    this.timeout(180_000);
    [a, b] = await Promise.all([startChain(31337), startChain(31338)]);
    victim = a.writer.wallet.account.address;
    files = tempDir('microcred-web-attacks-');
    page = await servePage(await bundleVerifierPage());
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await Promise.all([page?.close(), a?.node.stop(), b?.node.stop()]);
    files?.cleanup();
  });

  beforeEach(async () => {
    problems.length = 0;
    context = await browser.newContext();
    tab = await context.newPage();
    tab.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  });

  afterEach(async () => {
    await context.close();
  });

  /** `n` honest credentials of the university, anchored by it on the genuine registry of each chain given. */
  const issue = (n: number, chains: Chain[]) => issueHonest(victim, n, chains.map((chain) => chain.writer), 'W');

  function save(name: string, text: string): string {
    const file = path.join(files.dir, name);
    writeFileSync(file, text);
    return file;
  }

  /** Types the person's own settings (one endpoint a line, the trusted university), chooses `file`, presses Verify. */
  async function verify(file: string, rpcUrls: string[]): Promise<void> {
    await tab.goto(page.url);
    await openSettings(tab);
    await tab.fill('#rpc', rpcUrls.join('\n'));
    await tab.fill('#trust', victim);
    await tab.setInputFiles('#files', file);
    await tab.click('#verify');
    await tab.waitForSelector('#results:not([hidden]), #form-error:not([hidden])');
    await tab.waitForFunction(() => !(document.getElementById('verify') as HTMLButtonElement).disabled);
  }

  const rows = (): Promise<Row[]> =>
    tab.$$eval('#verdicts .verdict', (cards) =>
      cards.map((tr) => ({
        source: (tr as HTMLElement).dataset.source!,
        // As the page shows it under the banner's word, e.g. "unknown registry" in a span of class `status unknown-registry`.
        status: tr.querySelector('.status')!.className.replace(/^status /, ''),
        summary: tr.querySelector('.summary')!.textContent!,
        checks: Object.fromEntries(
          Array.from(tr.querySelectorAll('li[data-check]')).map((li) => [(li as HTMLElement).dataset.check!, { outcome: (li as HTMLElement).dataset.outcome!, text: li.textContent! }]),
        ),
      })),
    );

  /** The page's single verdict, which must not be valid. */
  async function onlyVerdict(): Promise<Row> {
    expect(await tab.isVisible('#form-error'), `form error: ${await tab.textContent('#form-error')}`).to.equal(false);
    const [row, ...more] = await rows();
    expect(more).to.deep.equal([]);
    expect(await tab.textContent('#tally')).to.equal('0 of 1 valid');
    expect(row!.status).not.to.equal('valid');
    return row!;
  }

  it('a credential forged for a trusted university on a FakeRegistry is "unknown registry", never valid', async () => {
    const fake = await deployAttacker(a.client, a.attacker, 'FakeRegistry');
    const [forged] = forgeCredentials(victim, { chain: CHAIN_A, registry: fake });
    await verify(save('forged.json', JSON.stringify(forged, null, 2)), [a.node.url]);

    const row = await onlyVerdict();
    expect(row.source).to.equal('forged.json');
    expect(row.status).to.equal('unknown-registry');
    expect(await tab.textContent('#verdicts .verdict .status')).to.equal('unknown registry');
    expect(row.checks.registry?.outcome).to.equal('fail');
    expect(row.checks.registry?.text).to.match(/not a microcred registry/i);
    expect(problems).to.deep.equal([]);
  });

  it('a revoked credential the holder pointed at a LaunderingRegistry is never valid: the look-alike is named, the revocation found', async () => {
    const { root, credentials } = await issue(2, [a]);
    await revokeCredentials(a.writer, victim, root, [1], 3);
    const launderer = await deployAttacker(a.client, a.attacker, 'LaunderingRegistry', [a.genuine]);

    // Control: the holder's untouched file is revoked.
    await verify(save('honest-revoked.json', JSON.stringify(credentials[1])), [a.node.url]);
    expect((await onlyVerdict()).status).to.equal('revoked');

    await verify(save('laundered.json', JSON.stringify(withAnchors(credentials[1]!, [{ chain: CHAIN_A, registry: launderer }]))), [a.node.url]);
    const row = await onlyVerdict();
    // The page reads the released registry on the endpoint's chain too (`chains`), so it finds the
    // revocation there rather than stopping at `unknown-registry`: either way, never valid.
    expect(row.status).to.equal('revoked');
    expect(row.checks.revoked?.outcome).to.equal('fail');
    const anchors = await tab.$$eval('#verdicts .verdict details li:not([data-check])', (items) => items.map((li) => li.textContent!));
    expect(anchors.find((line) => line.toLowerCase().includes(launderer.toLowerCase())), anchors.join('\n')).to.match(/not a microcred registry/i);
    expect(anchors.some((line) => line.toLowerCase().includes(a.genuine.toLowerCase()) && line.includes('anchored on')), anchors.join('\n')).to.equal(true);
    expect(problems).to.deep.equal([]);
  });

  it('a file with a key given twice is named with the key, and gets no verdict', async () => {
    const { credentials } = await issue(1, [a]);
    const text = JSON.stringify(credentials[0]);
    // A second `id` at the top level, ahead of the real one: JSON.parse keeps the last, a viewer may show the first.
    const topLevel = text.replace(/^\{/, '{"id":"urn:uuid:00000000-0000-4000-8000-000000000000",');
    // An empty `identifier` list ahead of the learner's hashed identifiers in credentialSubject.
    const inSubject = text.replace('"credentialSubject":{', '"credentialSubject":{"identifier":[],');
    for (const doubled of [topLevel, inSubject]) expect(doubled).not.to.equal(text);

    for (const [name, doubled, key] of [['top.json', topLevel, 'id'], ['subject.json', inSubject, 'identifier']] as const) {
      await verify(save(name, doubled), [a.node.url]);
      expect(await tab.isVisible('#form-error'), name).to.equal(true);
      const error = (await tab.textContent('#form-error'))!;
      expect(error.startsWith(`${name}: `), error).to.equal(true);
      expect(error).to.include(`duplicate key "${key}"`);
      expect(await tab.isHidden('#results'), name).to.equal(true);
      expect(await tab.$$('#verdicts .verdict'), name).to.have.length(0);
    }
    expect(problems).to.deep.equal([]);
  });

  it('says revoked for a credential revoked on its second chain even when the holder deleted that anchor', async () => {
    const { root, credentials } = await issue(2, [a, b]);
    await revokeCredentials(b.writer, victim, root, [0], 3);
    const endpoints = [a.node.url, b.node.url];

    await verify(save('both-anchors.json', JSON.stringify(credentials[0])), endpoints);
    expect((await onlyVerdict()).status, 'control: both anchors listed').to.equal('revoked');

    const stripped = withAnchors(credentials[0]!, anchorProofOf(credentials[0]!)!.anchors.filter((anchor) => anchor.chain !== CHAIN_B));
    expect(anchorProofOf(stripped)!.anchors.map((anchor) => anchor.chain)).to.deep.equal([CHAIN_A]);
    await verify(save('stripped.json', JSON.stringify(stripped)), endpoints);
    expect((await onlyVerdict()).status).to.equal('revoked');
    expect(await tab.textContent('#verdicts .verdict .status')).to.equal('revoked');
    expect(problems).to.deep.equal([]);
  });
  it('a passport of 200,000 entries is refused with the limit, and the page keeps working (it crashed: "Maximum call stack size exceeded")', async () => {
    const big = save('big-passport.json', `[${new Array(200_000).fill('{}').join(',')}]`);
    await verify(big, [a.node.url]);
    expect(await tab.isVisible('#form-error')).to.equal(true);
    const error = (await tab.textContent('#form-error'))!;
    expect(error).to.match(/^big-passport\.json: more than 100,000 credentials/);
    expect(await tab.$$('#verdicts .verdict')).to.have.length(0);
    expect(problems).to.deep.equal([]);

    // The same page then verifies a good file: nothing was left broken.
    const { credentials } = await issue(1, [a]);
    await tab.setInputFiles('#files', save('fine.json', JSON.stringify(credentials[0])));
    await tab.click('#verify');
    await tab.waitForFunction(() => document.getElementById('tally')?.textContent === '1 of 1 valid');
  });
});
