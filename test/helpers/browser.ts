// What the web page tests share: the headless Chromium these machines have, and small local HTTP servers
// standing in for other sites (a phishing link's endpoint, a page that frames ours).
import { existsSync } from 'node:fs';
import { type RequestListener, type Server, createServer } from 'node:http';
import { type Browser, type Page, chromium } from 'playwright-core';

const CHROMIUM = process.env.MICROCRED_CHROMIUM ?? '/usr/bin/chromium';
// The flags these machines' Chromium needs headless (TOOLCHAIN.md), and nothing that loosens the page's CSP.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

/** Debian's Chromium, headless; fails saying how to install it when it is missing. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: run \`npm run setup:browser\` (installs Debian's chromium), or set MICROCRED_CHROMIUM`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface LocalSite {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Every request received, as `METHOD /path`, oldest first. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A JSON-RPC endpoint on another origin that forwards every call to `target` and records it: a phishing
 * link's endpoint, which a test can ask whether the page ever called it. It answers CORS preflights as a
 * public node would, so the page can use it once allowed to.
 */
export function startRecordingProxy(target: string): Promise<LocalSite> {
  const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type', 'access-control-allow-methods': 'POST, OPTIONS' };
  return startSite((request, response) => {
    if (request.method === 'OPTIONS') return void response.writeHead(204, cors).end();
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.concat(chunks) })
        .then(async (answer) => response.writeHead(answer.status, { ...cors, 'content-type': 'application/json' }).end(Buffer.from(await answer.arrayBuffer())))
        .catch(() => response.writeHead(502, cors).end());
    });
  });
}

/** A site on another origin that serves `html` at every path (e.g. a page framing ours). */
export function startHtmlSite(html: string): Promise<LocalSite> {
  return startSite((_request, response) => void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
}

function startSite(handle: RequestListener): Promise<LocalSite> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    handle(request, response);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}

/** Opens the page's settings panel (folded away by default) as a person would, by its summary, so its fields can be typed in. */
export async function openSettings(tab: Page): Promise<void> {
  if (!(await tab.$eval('#settings', (panel) => (panel as HTMLDetailsElement).open))) await tab.click('#settings > summary');
}
