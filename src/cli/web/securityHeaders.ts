// The headers every response of the web verifier page carries. The Content-Security-Policy is the one the
// page declares in its own <meta> tag (read from index.html, so the two can't drift apart), plus what only
// a header can say: `frame-ancestors 'none'`, so no other site can frame the page and overlay its verdicts.
import { InvalidArgumentError } from '../../core/index.js';

const META_POLICY = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"\s*\/?>/gi;

/**
 * The headers for the page whose HTML is `indexHtml`.
 * @throws InvalidArgumentError when the HTML declares no Content-Security-Policy, or more than one
 */
export function pageSecurityHeaders(indexHtml: string): Record<string, string> {
  const policies = [...indexHtml.matchAll(META_POLICY)].map((match) => match[1]!);
  if (policies.length !== 1) {
    throw new InvalidArgumentError(`web/index.html: expected one <meta http-equiv="Content-Security-Policy"> tag, found ${policies.length}`);
  }
  const policy = policies[0]!.trim().replace(/;\s*$/, '');
  return {
    'content-security-policy': `${policy}; frame-ancestors 'none'`,
    // For browsers that predate frame-ancestors.
    'x-frame-options': 'DENY',
    // The page's address may carry a link's settings; nothing it loads needs to know where it came from.
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  };
}
