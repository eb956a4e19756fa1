// The employer's view of the web verifier page (issue 12, item 1), in headless Chromium against `hardhat
// node`: one banner per credential that reads in two seconds at desktop and phone widths, WCAG 2 AA by
// axe-core, usable by keyboard, a print view with a QR code of a share link that holds the credential in
// its fragment only. Screenshots go to out/web-screenshots/ (git-ignored) for people to look at; nothing
// here compares pixels (fonts differ between machines), it asserts what makes a verdict readable.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import decodeQR from 'qr/decode.js';
import { addAnchor, anchorBatch, type AnchoredCredential, anchorProofOf, buildBatch, buildCredential, revokeBatch, revokeCredentials, suspendCredentials, withAnchorProof } from '../../src/index.js';
import { bundleVerifierPage } from '../../src/cli/web/bundle.js';
import { type ServedPage, servePage } from '../../src/cli/web/serve.js';
import { type LocalNode, startNode, tempDir } from '../helpers/cli.js';
import { type TestChain, REPO_ROOT, httpChain, writerFor } from '../helpers/chain.js';
import { REGISTRY } from '../helpers/credentials.js';
import { launchChromium, openSettings } from '../helpers/browser.js';
import { http } from 'viem';

const template = JSON.parse(readFileSync(path.join(REPO_ROOT, 'examples/achievement.json'), 'utf8')) as never;
const SCREENSHOTS = path.join(REPO_ROOT, 'out/web-screenshots');
const AXE = readFileSync(path.join(REPO_ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;
/** The banner backgrounds of styles.css, by tone. */
const TONES = { ok: 'rgb(218, 251, 225)', bad: 'rgb(255, 235, 233)', warn: 'rgb(255, 248, 197)', unknown: 'rgb(234, 238, 242)' } as const;

/** The five verdicts people must tell apart at a glance: the file, the status, the banner's word and tone. */
const CASES = [
  { name: 'valid', file: 'ada.json', status: 'valid', word: 'Valid', tone: 'ok' },
  { name: 'revoked', file: 'alan.json', status: 'revoked', word: 'Revoked', tone: 'bad' },
  { name: 'expired', file: 'old.json', status: 'expired', word: 'Expired', tone: 'warn' },
  { name: 'tampered', file: 'tampered.json', status: 'tampered', word: 'Not genuine', tone: 'bad' },
  { name: 'not-genuine', file: 'forged.json', status: 'issuer-mismatch', word: 'Not genuine', tone: 'bad' },
] as const;

describe('web verifier page for employers: banner, print view, share link, accessibility (headless Chromium)', function () {
  this.timeout(180_000);
  let node: LocalNode;
  let chain: TestChain;
  let page: ServedPage;
  let browser: Browser;
  let files: ReturnType<typeof tempDir>;
  let context: BrowserContext;
  let tab: Page;
  const problems: string[] = [];
  const file = (name: string) => path.join(files.dir, name);
  const write = (name: string, value: unknown) => writeFileSync(file(name), JSON.stringify(value, null, 2));

  before(async () => {
    files = tempDir('microcred-web-verdict-');
    mkdirSync(SCREENSHOTS, { recursive: true });
    node = await startNode();
    chain = await httpChain(node.url);
    const issuer = chain.accounts[0]!;
    const anchor = { chain: 'eip155:31337', registry: chain.registry.address };
    const options = { issuer: { address: issuer, name: 'Example University', chainId: 31337 }, validFrom: '2025-01-01T00:00:00Z' };

    // One batch: #1 revoked as superseded, #3 suspended while under review.
    const learners = ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Katherine Johnson'].map((name, i) => buildCredential({ id: `S${i}`, name, email: `s${i}@example.org` }, template, options));
    const batch = buildBatch(learners, { issuer, registry: REGISTRY });
    await anchorBatch(chain.writer, issuer, batch.root, batch.size);
    await revokeCredentials(chain.writer, issuer, batch.root, [1], 2);
    await suspendCredentials(chain.writer, issuer, batch.root, [3], 5);
    const anchored = batch.credentials.map((c) => addAnchor(c, anchor));
    write('ada.json', anchored[0]);
    write('alan.json', anchored[1]);
    write('tampered.json', renameLearner(anchored[2]!, 'Grace Hopper-Smith'));
    write('katherine.json', anchored[3]);
    // Account 1 anchors the same root under its own name; a forged file says its proof is account 1's.
    const other = chain.accounts[1]!;
    await anchorBatch(writerFor(chain, other, http(node.url, { retryCount: 0 })), other, batch.root, batch.size);
    write('forged.json', withAnchorProof(anchored[0]!, { ...anchorProofOf(anchored[0]!)!, issuer: other }));

    // A credential that expired, and a whole batch revoked for fraud.
    const expired = buildBatch([buildCredential({ id: 'S7', name: 'Edsger Dijkstra' }, template, { ...options, validFrom: '2020-01-01T00:00:00Z', validUntil: '2021-06-30T00:00:00Z' })], { issuer, registry: REGISTRY });
    await anchorBatch(chain.writer, issuer, expired.root, expired.size);
    write('old.json', addAnchor(expired.credentials[0]!, anchor));
    const fraud = buildBatch([buildCredential({ id: 'S8', name: 'Barbara Liskov' }, template, options)], { issuer, registry: REGISTRY });
    await anchorBatch(chain.writer, issuer, fraud.root, fraud.size);
    await revokeBatch(chain.writer, issuer, fraud.root, 3);
    write('fraud.json', addAnchor(fraud.credentials[0]!, anchor));

    page = await servePage(await bundleVerifierPage());
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await page?.close();
    await node?.stop();
    files?.cleanup();
  });

  beforeEach(async () => {
    problems.length = 0;
    context = await browser.newContext({ viewport: VIEWPORTS.desktop });
    tab = await context.newPage();
    tab.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    tab.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
  });

  afterEach(async () => {
    await context.close();
  });

  /** The person's own endpoint, typed into the settings (kept in this browser profile). */
  async function useNode(): Promise<void> {
    await tab.goto(page.url);
    await openSettings(tab);
    await tab.fill('#rpc', node.url);
  }

  /** Chooses `names`, presses Verify, and waits until every card has its share link. */
  async function verify(names: string[]): Promise<void> {
    await tab.setInputFiles('#files', names.map(file));
    await tab.click('#verify');
    await settled(names.length);
  }

  async function settled(count: number): Promise<void> {
    await tab.waitForSelector('#results:not([hidden]), #form-error:not([hidden])');
    expect(await tab.isVisible('#form-error'), `form error: ${await tab.textContent('#form-error')}`).to.equal(false);
    await tab.waitForFunction((n) => document.querySelectorAll('#verdicts .verdict .copy-link').length === n, count);
  }

  /** axe-core's WCAG 2 A/AA violations on the page as it is now, each as `rule: target…`. */
  async function axeViolations(): Promise<string[]> {
    // Evaluated, not added as a <script>: the page's CSP refuses inline scripts, as it should.
    await tab.evaluate(AXE);
    const violations = await tab.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (context: Document, options: unknown) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
      const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    });
    return violations;
  }

  for (const [width, viewport] of Object.entries(VIEWPORTS)) {
    it(`at ${width} width (${viewport.width}x${viewport.height}), each verdict's banner is in the first viewport with its word and colour, and the facts are readable`, async () => {
      await tab.setViewportSize(viewport);
      for (const { name, file: credential, status, word, tone } of CASES) {
        await useNode();
        await verify([credential]);
        const seen = await tab.$eval('#verdicts .verdict', (card) => {
          const banner = card.querySelector('.banner')!.getBoundingClientRect();
          const facts = Object.fromEntries(
            ['achievement', 'learner', 'issuer', 'issued', 'validity', 'checked'].map((fact) => {
              const box = card.querySelector(`dd[data-fact="${fact}"]`)!.getBoundingClientRect();
              return [fact, { visible: box.width > 0 && box.height > 0 && box.left >= 0 && box.right <= window.innerWidth }];
            }),
          );
          return {
            status: (card as HTMLElement).dataset.status,
            word: card.querySelector('.verdict-word')!.textContent,
            background: getComputedStyle(card.querySelector('.banner')!).backgroundColor,
            bannerTop: banner.top,
            bannerBottom: banner.bottom,
            facts,
            horizontalScroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          };
        });
        expect(seen.status, name).to.equal(status);
        expect(seen.word, name).to.equal(word);
        expect(seen.background, name).to.equal(TONES[tone]);
        expect(seen.bannerTop, `${name}: banner top`).to.be.at.least(0);
        expect(seen.bannerBottom, `${name}: banner bottom`).to.be.at.most(viewport.height);
        expect(seen.horizontalScroll, `${name}: horizontal scrolling`).to.equal(0);
        for (const [fact, { visible }] of Object.entries(seen.facts)) expect(visible, `${name}: ${fact} visible`).to.equal(true);
        await tab.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
        // For the README, refreshed on request (they show the time of the check, so they change every run).
        if (width === 'desktop' && process.env.MICROCRED_UPDATE_DOC_IMAGES === '1' && (name === 'valid' || name === 'revoked')) {
          await tab.screenshot({ path: path.join(REPO_ROOT, 'docs/images', name === 'valid' ? 'verifier-page.png' : 'verifier-page-revoked.png') });
        }
      }
      expect(problems).to.deep.equal([]);
    });
  }

  it('a revocation or suspension says when and why in words, not a batch hash and a reason code; a whole batch revoked says so', async () => {
    await useNode();
    await verify(['alan.json', 'fraud.json', 'katherine.json']);
    const cards = await tab.$$eval('#verdicts .verdict', (all) =>
      all.map((card) => ({
        summary: card.querySelector('.summary')!.textContent!,
        on: card.querySelector('dd[data-fact="status-date"]')?.textContent,
        reason: card.querySelector('dd[data-fact="status-reason"]')?.textContent,
      })),
    );
    const today = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date());
    expect(cards).to.deep.equal([
      { summary: `Revoked by its issuer on ${today}: superseded.`, on: today, reason: 'superseded' },
      { summary: `Revoked by its issuer, with its whole batch, on ${today}: fraud.`, on: `${today} (its whole batch)`, reason: 'fraud' },
      { summary: `Suspended by its issuer on ${today}: under review. A suspension may be lifted later.`, on: today, reason: 'under review' },
    ]);
    expect(await tab.$$eval('#verdicts .verdict-word', (words) => words.map((word) => word.textContent))).to.deep.equal(['Revoked', 'Revoked', 'Suspended']);
    for (const card of cards) expect(card.summary).not.to.match(/0x[0-9a-f]{64}|reason code/i);
    expect(problems).to.deep.equal([]);
  });

  it('has no WCAG 2 AA violations (axe-core): empty, settings open, and each of the five verdicts with its details open', async () => {
    await useNode();
    expect(await axeViolations(), 'settings open').to.deep.equal([]);
    await tab.goto(page.url);
    expect(await axeViolations(), 'empty page').to.deep.equal([]);
    // Control: the harness does report a violation (light grey text on white) when there is one.
    await tab.evaluate(() => {
      const faint = document.createElement('p');
      faint.id = 'faint';
      faint.textContent = 'hard to read';
      faint.style.color = '#c0c0c0';
      document.querySelector('main')!.append(faint);
    });
    expect(await axeViolations()).to.deep.equal(['color-contrast: #faint']);
    for (const { name, file: credential } of CASES) {
      await tab.goto(page.url);
      await verify([credential]);
      await tab.$$eval('details', (boxes) => boxes.forEach((box) => ((box as HTMLDetailsElement).open = true)));
      expect(await axeViolations(), name).to.deep.equal([]);
    }
    expect(problems).to.deep.equal([]);
  });

  it('works by keyboard: the settings panel and a verdict\'s details open with Enter, and focus is visible', async () => {
    await useNode();
    await tab.goto(page.url);
    /** Presses Tab until `selector` has focus (at most 40 times), and returns the focused element's outline. */
    const tabTo = async (selector: string) => {
      for (let i = 0; i < 40; i++) {
        await tab.keyboard.press('Tab');
        if (await tab.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) {
          return tab.evaluate(() => {
            const style = getComputedStyle(document.activeElement!);
            return { style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth) };
          });
        }
      }
      throw new Error(`${selector} never got focus by Tab`);
    };
    const ring = await tabTo('#settings > summary');
    expect(ring.style).not.to.equal('none');
    expect(ring.width).to.be.at.least(2);
    await tab.keyboard.press('Enter');
    expect(await tab.$eval('#settings', (panel) => (panel as HTMLDetailsElement).open)).to.equal(true);

    await tab.setInputFiles('#files', file('alan.json'));
    await tabTo('#verify');
    await tab.keyboard.press('Enter');
    await settled(1);
    const detailsRing = await tabTo('#verdicts .verdict details > summary');
    expect(detailsRing.style).not.to.equal('none');
    await tab.keyboard.press('Enter');
    expect(await tab.$eval('#verdicts .verdict details', (box) => (box as HTMLDetailsElement).open)).to.equal(true);
    expect(await tab.isVisible('#verdicts .verdict li[data-check="revoked"]')).to.equal(true);
  });

  it('a share link holds the credential in its fragment only, and opening it checks the same credential again', async () => {
    await useNode();
    await verify(['alan.json']);
    const link = (await tab.getAttribute('#verdicts .verdict .copy-link', 'data-link'))!;
    const { origin, pathname } = new URL(page.url);
    expect(link.startsWith(`${origin}${pathname}#credential=1.`), link).to.equal(true);

    const requests: { url: string; body: string }[] = [];
    const opened = await context.newPage();
    opened.on('request', (request) => requests.push({ url: request.url(), body: request.postData() ?? '' }));
    await opened.goto(link);
    tab = opened;
    await settled(1);
    const checkedOnOpening = requests.length;
    expect(await opened.$eval('#verdicts .verdict', (card) => [(card as HTMLElement).dataset.source, (card as HTMLElement).dataset.status])).to.deep.equal(['shared link', 'revoked']);
    expect(await opened.textContent('#verdicts .verdict dd[data-fact="learner"]')).to.equal('Alan Turing');
    // Nothing the browser sent carries the fragment or the credential's contents.
    const fragment = new URL(link).hash.slice(1);
    expect(requests.length).to.be.greaterThan(0);
    for (const { url, body } of requests) {
      expect(url, url).not.to.include(fragment.slice(11, 60));
      expect(`${url} ${body}`, url).not.to.match(/Alan Turing|s1@example\.org/);
    }
    expect(new Set(requests.map(({ url }) => new URL(url).origin))).to.deep.equal(new Set([origin, new URL(node.url).origin]));
    expect(checkedOnOpening).to.be.greaterThan(0);

    // Files chosen next replace the link's credential (and the fragment leaves the address bar).
    await opened.setInputFiles('#files', file('ada.json'));
    await opened.click('#verify');
    await opened.waitForFunction(() => document.querySelector<HTMLElement>('#verdicts .verdict')?.dataset.source === 'ada.json', undefined, { timeout: 20_000 });
    expect(await opened.$$eval('#verdicts .verdict', (cards) => cards.map((card) => (card as HTMLElement).dataset.source))).to.deep.equal(['ada.json']);
    expect(new URL(opened.url()).hash).to.equal('');
  });

  it('a share link that is garbled, another version, or inflates past the limit is named, and nothing is verified', async () => {
    await useNode();
    const bomb = deflateRawSync(Buffer.alloc(5_000_000, 0x20)).toString('base64url');
    for (const [fragment, message] of [
      ['credential=1.@@@', /cut short or altered \(not base64url\)/],
      ['credential=1.AAAA', /cut short or altered \(it does not decompress\)/],
      ['credential=2.abc', /format this page doesn't read/],
      [`credential=1.${bomb}`, /over 1,000,000 bytes once unpacked: refused/],
    ] as const) {
      await tab.goto(`${page.url}#${fragment}`);
      await tab.waitForSelector('#form-error:not([hidden])');
      expect(await tab.textContent('#form-error'), fragment.slice(0, 20)).to.match(message);
      expect(await tab.isHidden('#results')).to.equal(true);
    }
    expect(problems).to.deep.equal([]);
  });

  it('prints one credential per page with its verdict, the time of the check, and a QR code of its share link', async () => {
    await useNode();
    await verify(['ada.json', 'alan.json']);
    const links = await tab.$$eval('#verdicts .copy-link', (buttons) => buttons.map((button) => (button as HTMLElement).dataset.link!));
    await tab.emulateMedia({ media: 'print' });
    const printed = await tab.$$eval('#verdicts .verdict', (cards) =>
      cards.map((card) => ({
        breakAfter: getComputedStyle(card).breakAfter,
        word: card.querySelector('.verdict-word')!.textContent,
        checked: (card.querySelector('dd[data-fact="checked"]') as HTMLElement).innerText,
        qrShown: (card.querySelector('.share-qr svg') as SVGElement | null)?.getBoundingClientRect().width ?? 0,
        qr: { viewBox: card.querySelector('.share-qr svg')?.getAttribute('viewBox'), d: card.querySelector('.share-qr path')?.getAttribute('d') },
        buttonsShown: (card.querySelector('.actions') as HTMLElement).offsetParent !== null,
      })),
    );
    expect(await tab.isVisible('#verify-form')).to.equal(false);
    expect(printed.map((card) => [card.word, card.breakAfter, card.buttonsShown])).to.deep.equal([
      ['Valid', 'page', false],
      ['Revoked', 'auto', false],
    ]);
    printed.forEach((card, i) => {
      expect(card.checked).to.match(/^\d{1,2} \w+ \d{4} at \d{2}:\d{2} \(.+\)$/);
      expect(card.qrShown).to.be.greaterThan(100);
      // The QR code is the share link itself: read back by the qr package's decoder from the drawn modules.
      expect(readQr(card.qr.viewBox!, card.qr.d!)).to.equal(links[i]);
    });
    await tab.screenshot({ path: path.join(SCREENSHOTS, 'print-desktop.png'), fullPage: true });
    expect(problems).to.deep.equal([]);
  });

  it('a first visit reads the built-in endpoints (the local node first under `microcred web`), and they can be restored', async () => {
    await tab.goto(page.url);
    const builtIn = (await tab.inputValue('#rpc')).split('\n');
    expect(builtIn[0]).to.equal('http://127.0.0.1:8545');
    expect(builtIn).to.include.members(['https://mainnet.base.org', 'https://sepolia.base.org', 'https://mainnet.optimism.io']);
    expect(await tab.textContent('#rpc-built-in')).to.match(/^Built in: your local node \(http:\/\/127\.0\.0\.1:8545\), then a public endpoint for each of Ethereum \(eip155:1\), Base \(eip155:8453\)/);
    await openSettings(tab);
    await tab.fill('#rpc', node.url);
    await tab.click('#rpc-restore');
    expect((await tab.inputValue('#rpc')).split('\n')).to.deep.equal(builtIn);

    // The static build (no server to announce a local node) starts with the public ones.
    const staticPage = await servePage(await bundleVerifierPage(), { localEndpoints: [] });
    try {
      await tab.goto(staticPage.url);
      expect((await tab.inputValue('#rpc')).split('\n')[0]).to.match(/^https:\/\//);
    } finally {
      await staticPage.close();
    }
  });
});

/** The credential with its learner's name changed after issuance (its digest no longer matches). */
function renameLearner(credential: AnchoredCredential, name: string): AnchoredCredential {
  const copy = structuredClone(credential) as AnchoredCredential & { credentialSubject: { identifier: { identityType: string; identityHash: string }[] } };
  copy.credentialSubject.identifier.find((identity) => identity.identityType === 'name')!.identityHash = name;
  return copy;
}

/** Decodes the QR code src/web/qrCode.ts drew (`viewBox` and the path of its dark modules), as a camera would: from pixels. */
function readQr(viewBox: string, d: string): string {
  const size = Number(viewBox.split(' ')[3]);
  const scale = 4;
  const width = size * scale;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  for (const [, x, y] of d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    for (let dy = 0; dy < scale; dy++) {
      for (let dx = 0; dx < scale; dx++) {
        const at = ((Number(y) * scale + dy) * width + Number(x) * scale + dx) * 4;
        data.fill(0, at, at + 3);
      }
    }
  }
  return decodeQR({ width, height: width, data });
}
