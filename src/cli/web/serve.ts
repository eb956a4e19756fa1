// A static file server for the web verifier page, on 127.0.0.1 only: the page needs nothing from a
// server but its own files (credentials are read in the browser, the chain is read straight from the RPC).
import { type Server, createServer } from 'node:http';
import { InvalidArgumentError } from '../../core/index.js';
import type { WebAsset, WebAssets } from './assets.js';
import { pageSecurityHeaders } from './securityHeaders.js';

export interface ServedPage {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  close(): Promise<void>;
}

export interface ServePageOptions {
  port?: number;
  host?: string;
  /**
   * Development nodes the page lists first among its built-in endpoints (default: a `hardhat node` on
   * 127.0.0.1:8545). Announced in a meta tag of the served index.html: a static build has none.
   */
  localEndpoints?: readonly string[];
}

/**
 * Serves `assets` (GET and HEAD; `/` is `/index.html`) on 127.0.0.1:`port` (0: any free port), every
 * response (errors too) with the page's security headers (`pageSecurityHeaders`).
 */
export function servePage(assets: WebAssets, { port = 0, host = '127.0.0.1', localEndpoints = ['http://127.0.0.1:8545'] }: ServePageOptions = {}): Promise<ServedPage> {
  const original = assets.get('/index.html');
  if (!original) return Promise.reject(new InvalidArgumentError('servePage: the assets have no /index.html'));
  const html = new TextDecoder().decode(original.body);
  const securityHeaders = pageSecurityHeaders(html);
  let index: WebAsset;
  try {
    index = { ...original, body: new TextEncoder().encode(withLocalEndpoints(html, localEndpoints)) };
  } catch (error) {
    return Promise.reject(error as Error);
  }
  const served: WebAssets = new Map(assets).set('/index.html', index);
  const server: Server = createServer((request, response) => {
    for (const [name, value] of Object.entries(securityHeaders)) response.setHeader(name, value);
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    const asset = served.get(pathname === '/' ? '/index.html' : pathname);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (!asset) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`${pathname}: not found\n`);
    } else {
      response.writeHead(200, {
        'content-type': asset.contentType,
        'content-length': asset.body.byteLength,
        'cache-control': 'no-cache',
      });
      response.end(request.method === 'HEAD' ? undefined : asset.body);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: bound } = server.address() as { port: number };
      resolve({
        url: `http://${host}:${bound}/`,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}

/** The page's HTML announcing `urls` (http(s) only) as local development endpoints, in a meta tag the page reads. */
function withLocalEndpoints(html: string, urls: readonly string[]): string {
  for (const url of urls) {
    if (!/^https?:\/\/[^\s"<>&]+$/.test(url)) throw new InvalidArgumentError(`servePage: local endpoint "${url}" is not an http(s) URL`);
  }
  const meta = `<meta name="microcred-local-endpoints" content="${urls.join(' ')}" />`;
  if (!html.includes('</head>')) throw new InvalidArgumentError('servePage: /index.html has no </head>');
  return html.replace('</head>', `  ${meta}\n  </head>`);
}
