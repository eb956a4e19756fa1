import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';

export interface WebAsset {
  contentType: string;
  body: Uint8Array;
}

/** The page's files by URL path (`/index.html`, `/app.js`, …). */
export type WebAssets = Map<string, WebAsset>;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export function webAsset(name: string, body: Uint8Array): WebAsset {
  return { contentType: CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream', body };
}

/** The built page in `folder` (what `npm run build` writes to dist/web/ and the package ships). */
export async function readBuiltPage(folder: string): Promise<WebAssets> {
  const assets: WebAssets = new Map();
  for (const name of (await readdir(folder)).sort()) assets.set(`/${name}`, webAsset(name, await readFile(path.join(folder, name))));
  return assets;
}
