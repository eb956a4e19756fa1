// Where the page reads each chain unless the person says otherwise: one public JSON-RPC endpoint per chain
// people anchor on (viem's default for that chain, kept current by viem's releases), and, when the page is
// served by `microcred web`, the local development node first. The person can edit the list in the settings;
// the page then asks each endpoint which chain it serves, so a wrong or dead one is named, not trusted.
import { arbitrum, arbitrumSepolia, base, baseSepolia, gnosis, mainnet, optimism, optimismSepolia, polygon, polygonAmoy, sepolia } from 'viem/chains';

export interface BuiltInEndpoint {
  /** CAIP-2, as credentials name their anchors: `eip155:8453`. */
  chain: string;
  name: string;
  url: string;
}

export const PUBLIC_ENDPOINTS: readonly BuiltInEndpoint[] = [mainnet, base, optimism, arbitrum, polygon, gnosis, sepolia, baseSepolia, optimismSepolia, arbitrumSepolia, polygonAmoy].map(
  (chain) => ({ chain: `eip155:${chain.id}`, name: chain.name, url: chain.rpcUrls.default.http[0]! }),
);

/** `<meta name="…" content="url url">`: written by `microcred web` (src/cli/web/serve.ts), absent from the static build. */
export const LOCAL_ENDPOINTS_META = 'microcred-local-endpoints';

/** The local development endpoints the server announced (only http(s) URLs; anything else is ignored). */
export function localEndpoints(document: Document): string[] {
  const content = document.querySelector<HTMLMetaElement>(`meta[name="${LOCAL_ENDPOINTS_META}"]`)?.content ?? '';
  return content.split(/\s+/).filter((url) => /^https?:\/\/[^\s]+$/.test(url));
}

/** The endpoints field of a first visit (or after "Restore the built-in list"): local ones first, one a line. */
export function builtInEndpointsText(document: Document): string {
  return [...localEndpoints(document), ...PUBLIC_ENDPOINTS.map((endpoint) => endpoint.url)].join('\n');
}
