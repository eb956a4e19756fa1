import { MicrocredError } from '../core/errors.js';
// A link that checks a credential again: the credential rides in the URL's fragment, which browsers never
// send to any server (not in the request, not in a Referer), so sharing the link shares the credential with
// the person who opens it and with nobody in between. Format, versioned like every microcred format:
// `#credential=1.<base64url of the deflate-raw compressed UTF-8 JSON text>`.
const PARAMETER = 'credential';
const VERSION = '1';
/** A link carries one credential (a few KB); a passport of them goes as a file. Well under the file limit. */
export const MAX_SHARED_BYTES = 1_000_000;

/** Why a link's credential can't be read, in a sentence. */
export class ShareLinkError extends MicrocredError {
  override name = 'ShareLinkError';
}

/** The page's own address with `credential` in the fragment (the query, which may hold a proposal, is left out). */
export async function shareLink(credential: unknown, page: { origin: string; pathname: string } = location): Promise<string> {
  const packed = await transform(new TextEncoder().encode(JSON.stringify(credential)), new CompressionStream('deflate-raw'), Infinity);
  return `${page.origin}${page.pathname}#${PARAMETER}=${VERSION}.${toBase64Url(packed)}`;
}

/**
 * The credential text a fragment carries, or undefined when it carries none.
 * @throws ShareLinkError when it carries one that can't be read: another version, bad base64, bad deflate,
 * or text that would inflate past the page's size limit (a few KB of fragment can inflate to gigabytes)
 */
export async function sharedText(hash: string): Promise<string | undefined> {
  const value = new URLSearchParams(hash.replace(/^#/, '')).get(PARAMETER);
  if (value === null) return undefined;
  const dot = value.indexOf('.');
  if (dot < 0 || value.slice(0, dot) !== VERSION) throw new ShareLinkError(`The link's credential is in a format this page doesn't read (expected "${VERSION}.…").`);
  let packed: Uint8Array;
  try {
    packed = fromBase64Url(value.slice(dot + 1));
  } catch {
    throw new ShareLinkError("The link's credential is cut short or altered (not base64url): copy the whole link.");
  }
  let text: Uint8Array;
  try {
    text = await transform(packed, new DecompressionStream('deflate-raw'), MAX_SHARED_BYTES);
  } catch (error) {
    if (error instanceof ShareLinkError) throw error;
    throw new ShareLinkError("The link's credential is cut short or altered (it does not decompress): copy the whole link.");
  }
  return new TextDecoder().decode(text);
}

/** Runs `bytes` through a (de)compression stream, stopping as soon as the output passes `limit` bytes. */
async function transform(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, limit: number): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  void writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => {});
  void writer.close().catch(() => {});
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = stream.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > limit) {
      void reader.cancel();
      throw new ShareLinkError(`The link's credential is over ${limit.toLocaleString('en')} bytes once unpacked: refused (a link carries one credential).`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new ShareLinkError('not base64url');
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
