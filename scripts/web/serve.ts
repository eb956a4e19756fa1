// A static file server for the web verifier page, on 127.0.0.1 only: the page needs nothing from a
// server but its own files (credentials are read in the browser, the chain is read straight from the RPC).
import { type Server, createServer } from 'node:http';
import { InvalidArgumentError } from '../../src/core/index.js';
import type { WebAssets } from './bundle.js';
import { pageSecurityHeaders } from './securityHeaders.js';

export interface ServedPage {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `assets` (GET and HEAD; `/` is `/index.html`) on 127.0.0.1:`port` (0: any free port), every
 * response (errors too) with the page's security headers (`pageSecurityHeaders`).
 */
export function servePage(assets: WebAssets, { port = 0, host = '127.0.0.1' }: { port?: number; host?: string } = {}): Promise<ServedPage> {
  const index = assets.get('/index.html');
  if (!index) return Promise.reject(new InvalidArgumentError('servePage: the assets have no /index.html'));
  const securityHeaders = pageSecurityHeaders(new TextDecoder().decode(index.body));
  const server: Server = createServer((request, response) => {
    for (const [name, value] of Object.entries(securityHeaders)) response.setHeader(name, value);
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    const asset = assets.get(pathname === '/' ? '/index.html' : pathname);
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
