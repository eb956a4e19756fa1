// A link can't steer the web verifier page, and no other site can frame it (issue 9, item 4). In headless
// Chromium against `hardhat node`: a link's settings are shown as its proposal and used only once the
// person accepts them; the person's own settings persist; `microcred web`'s server sends the headers.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { addAnchor, anchorBatch, buildBatch, buildCredential } from '../../src/index.js';
import { bundleVerifierPage } from '../../src/cli/web/bundle.js';
import { type ServedPage, servePage } from '../../src/cli/web/serve.js';
import { type LocalNode, startNode, tempDir } from '../helpers/cli.js';
import { type TestChain, REPO_ROOT, httpChain } from '../helpers/chain.js';
import { type LocalSite, launchChromium, openSettings, startHtmlSite, startRecordingProxy } from '../helpers/browser.js';
import { REGISTRY } from '../helpers/credentials.js';

const template = JSON.parse(readFileSync(path.join(REPO_ROOT, 'examples/achievement.json'), 'utf8')) as never;
const HOSTILE = '<img src=x onerror="window.pwned=1">';

describe('web verifier page: a link only proposes settings, and the page cannot be framed', function () {
  this.timeout(120_000);
  let node: LocalNode;
  let chain: TestChain;
  let page: ServedPage;
  let browser: Browser;
  let files: ReturnType<typeof tempDir>;
  /** The endpoint a phishing link names: it forwards to the real node, and records whether it was asked. */
  let phishing: LocalSite;
  /** A fresh browser profile per test: nothing saved by another test. */
  let context: BrowserContext;
  let tab: Page;
  const problems: string[] = [];

  before(async () => {
    files = tempDir('microcred-web-link-');
    node = await startNode();
    chain = await httpChain(node.url);
    const issuer = chain.accounts[0]!;
    const batch = buildBatch(
      [buildCredential({ id: 'S0', name: 'Ada Lovelace', email: 's0@example.org' }, template, { issuer: { address: issuer, name: 'Example University', chainId: 31337 }, validFrom: '2025-01-01T00:00:00Z' })],
      { issuer, registry: REGISTRY },
    );
    await anchorBatch(chain.writer, issuer, batch.root, batch.size);
    writeFileSync(path.join(files.dir, 'ada.json'), JSON.stringify(addAnchor(batch.credentials[0]!, { chain: 'eip155:31337', registry: chain.registry.address })));
    phishing = await startRecordingProxy(node.url);
    page = await servePage(await bundleVerifierPage());
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await Promise.all([page?.close(), phishing?.close(), node?.stop()]);
    files?.cleanup();
  });

  beforeEach(async () => {
    phishing.requests.length = 0;
    problems.length = 0;
    context = await browser.newContext();
    tab = await context.newPage();
    tab.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  });

  afterEach(async () => {
    await context.close();
  });

  const link = (query: Record<string, string>) => `${page.url}?${new URLSearchParams(query)}`;

  /** Chooses ada.json, presses Verify, and returns its row's status and trust outcome (or the form's error). */
  async function verifyAda(): Promise<{ status?: string; trusted?: string; error?: string }> {
    await tab.setInputFiles('#files', path.join(files.dir, 'ada.json'));
    await tab.evaluate(() => document.getElementById('verdicts')!.replaceChildren());
    await tab.click('#verify');
    await tab.waitForSelector('#verdicts .verdict, #form-error:not([hidden])');
    if (await tab.isVisible('#form-error')) return { error: (await tab.textContent('#form-error'))! };
    return tab.$eval('#verdicts .verdict', (tr) => ({ status: (tr as HTMLElement).dataset.status, trusted: tr.querySelector<HTMLElement>('li[data-check="trusted"]')?.dataset.outcome }));
  }

  it("a phishing link's endpoint gets no request and its trust list no say until the person accepts them", async () => {
    // The person's own settings: their node, and the university they trust.
    await tab.goto(page.url);
    await openSettings(tab);
    await tab.fill('#rpc', node.url);
    await tab.fill('#trust', chain.accounts[0]!);

    await tab.goto(link({ rpc: phishing.url, trust: chain.accounts[2]! }));
    expect(await tab.isVisible('#proposal'), 'the proposal is shown').to.equal(true);
    expect(await tab.textContent('#proposal-values dd[data-field="rpc"]')).to.equal(phishing.url);
    expect(await tab.textContent('#proposal-values dd[data-field="trust"]')).to.equal(chain.accounts[2]);
    expect(await tab.inputValue('#rpc')).to.equal(node.url);
    expect(await tab.inputValue('#trust')).to.equal(chain.accounts[0]);

    expect(await verifyAda()).to.deep.equal({ status: 'valid', trusted: 'pass' });
    expect(phishing.requests, 'requests to the proposed endpoint before accepting').to.deep.equal([]);

    await tab.click('#proposal-use');
    expect(await tab.isHidden('#proposal')).to.equal(true);
    expect(new URL(tab.url()).search, 'the link is dropped from the address bar').to.equal('');
    expect(await tab.inputValue('#rpc')).to.equal(phishing.url);
    expect(await verifyAda()).to.deep.equal({ status: 'untrusted-issuer', trusted: 'fail' });
    expect(phishing.requests.filter((request) => request.startsWith('POST')), 'the accepted endpoint is used').not.to.deep.equal([]);
    expect(problems).to.deep.equal([]);
  });

  it('"Keep mine" leaves the form as it was, contacts nobody, and the reload asks no more', async () => {
    await tab.goto(link({ rpc: phishing.url, accreditor: chain.accounts[2]! }));
    const defaultRpc = await tab.inputValue('#rpc');
    expect(defaultRpc).not.to.equal(phishing.url);
    await tab.click('#proposal-keep');
    expect(await tab.isHidden('#proposal')).to.equal(true);
    await tab.reload();
    expect(await tab.isHidden('#proposal')).to.equal(true);
    expect([await tab.inputValue('#rpc'), await tab.inputValue('#accreditors')]).to.deep.equal([defaultRpc, '']);
    expect(phishing.requests).to.deep.equal([]);
  });

  it("the person's own settings, typed or accepted, are the form's on a reload and on the next visit", async () => {
    await tab.goto(page.url);
    await openSettings(tab);
    const typed = { rpc: node.url, trust: chain.accounts[0]!, accreditors: chain.accounts[3]!, registries: chain.registry.address };
    for (const [id, value] of Object.entries(typed)) await tab.fill(`#${id}`, value);
    await tab.reload();
    const form = (on: Page) => Promise.all(Object.keys(typed).map((id) => on.inputValue(`#${id}`)));
    expect(await form(tab)).to.deep.equal(Object.values(typed));

    await tab.goto(link({ trust: chain.accounts[4]! }));
    await tab.click('#proposal-use');
    const nextVisit = await context.newPage();
    await nextVisit.goto(page.url);
    expect(await form(nextVisit)).to.deep.equal([typed.rpc, chain.accounts[4], typed.accreditors, typed.registries]);
    expect(await nextVisit.isHidden('#proposal')).to.equal(true);
  });

  it("a link's values are shown as text, never markup", async () => {
    await tab.goto(`${page.url}?trust=${encodeURIComponent(HOSTILE)}&registry=${encodeURIComponent(HOSTILE)}&rpc=${encodeURIComponent(`http://x/${HOSTILE}`)}`);
    const shown = await tab.$eval('#proposal', (panel) => ({ text: panel.textContent, images: panel.querySelectorAll('img').length }));
    expect(shown.text).to.contain(HOSTILE);
    expect(shown.images).to.equal(0);
    expect(await tab.evaluate(() => (window as { pwned?: number }).pwned)).to.equal(undefined);
    expect(problems).to.deep.equal([]);
  });

  it('"Registries you also accept" is proposable by `registry` and checked like the address lists', async () => {
    await tab.goto(link({ rpc: node.url, registry: `${chain.registry.address},0x1234` }));
    expect(await tab.textContent('#proposal-values dd[data-field="registries"]')).to.equal(`${chain.registry.address}\n0x1234`);
    await tab.click('#proposal-use');
    expect(await verifyAda()).to.deep.equal({ error: 'Registries you also accept, line 2: "0x1234" is not an Ethereum address' });
    expect(await tab.getAttribute('#registries', 'aria-invalid')).to.equal('true');
    await openSettings(tab);
    await tab.fill('#registries', chain.registry.address.toLowerCase());
    expect(await verifyAda()).to.deep.equal({ status: 'valid', trusted: 'skipped' });
  });

  it('the server sends the CSP (with frame-ancestors), X-Frame-Options, Referrer-Policy and nosniff on every response', async () => {
    const html = readFileSync(path.join(REPO_ROOT, 'src/web/index.html'), 'utf8');
    const metaPolicy = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!;
    for (const asset of ['', 'app.js', 'no-such-file']) {
      const response = await fetch(`${page.url}${asset}`);
      const headers = Object.fromEntries(['content-security-policy', 'x-frame-options', 'referrer-policy', 'x-content-type-options'].map((name) => [name, response.headers.get(name)]));
      expect(headers, `/${asset}`).to.deep.equal({
        'content-security-policy': `${metaPolicy}; frame-ancestors 'none'`,
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
      });
    }
    expect(html).to.contain('<meta name="referrer" content="no-referrer" />'); // what a static host gets without headers
  });

  it('refuses to be framed by a page of another origin', async () => {
    const framer = await startHtmlSite(`<!doctype html><title>prize</title><iframe src="${page.url}" width="800" height="600"></iframe>`);
    try {
      await tab.goto(framer.url, { waitUntil: 'load' });
      const frame = tab.frames().find((candidate) => candidate !== tab.mainFrame());
      expect(frame, 'the iframe exists').not.to.equal(undefined);
      // A refused frame shows Chromium's error page: the verifier's form never renders in it.
      const form = await frame!.$('#verify-form').catch(() => null);
      expect(form, `the page rendered inside ${framer.url} (frame at ${frame!.url()})`).to.equal(null);
    } finally {
      await framer.close();
    }
  });
});
