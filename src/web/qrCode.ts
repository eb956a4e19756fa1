// The share link as a QR code for the print view, drawn as inline SVG with DOM calls: no markup string is
// parsed and no image is fetched, so the page's CSP (no inline scripts, images from itself or data:) holds.
import encodeQR from 'qr';

const SVG = 'http://www.w3.org/2000/svg';
/** A byte-mode QR code holds at most 2,953 bytes (version 40, low error correction). */
export const MAX_QR_BYTES = 2953;

/**
 * An `<svg>` QR code of `text` (low error correction: the largest link that fits; a printed page is not
 * scratched like a sticker), or undefined when `text` is too long for any QR code.
 */
export function qrCode(text: string, label: string): SVGSVGElement | undefined {
  if (new TextEncoder().encode(text).byteLength > MAX_QR_BYTES) return undefined;
  const modules = encodeQR(text, 'raw', { ecc: 'low', border: 4 });
  const size = modules.length;
  // One path of unit squares, one per dark module: a few KB of DOM rather than thousands of elements.
  let d = '';
  modules.forEach((row, y) => row.forEach((dark, x) => void (dark && (d += `M${x} ${y}h1v1h-1z`))));
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('shape-rendering', 'crispEdges');
  const background = document.createElementNS(SVG, 'rect');
  background.setAttribute('width', String(size));
  background.setAttribute('height', String(size));
  background.setAttribute('fill', '#fff');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', d);
  path.setAttribute('fill', '#000');
  svg.append(background, path);
  return svg;
}
