// A static file server for the web verifier page, on 127.0.0.1 only: the page needs nothing from a
// server but its own files (credentials are read in the browser, the chain is read straight from the RPC).
import { type Server, createServer } from 'node:http';
import type { WebAssets } from './bundle.js';

export interface ServedPage {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  close(): Promise<void>;
}

/** Serves `assets` (GET and HEAD; `/` is `/index.html`) on 127.0.0.1:`port` (0: any free port). */
export function servePage(assets: WebAssets, { port = 0, host = '127.0.0.1' }: { port?: number; host?: string } = {}): Promise<ServedPage> {
  const server: Server = createServer((request, response) => {
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
        'x-content-type-options': 'nosniff',
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
