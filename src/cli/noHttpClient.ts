// What the CLI gives jsonld in place of `@digitalbazaar/http-client` (see bin.ts). jsonld loads that client,
// and with it undici, a second HTTP stack of some forty modules, only for its network document loader, which
// microcred never uses: every JSON-LD context comes from the offline loader (src/core/jsonld). Should anything
// ever reach for the network loader, this says so instead of fetching.
function refuse(): never {
  throw new Error('microcred fetches no JSON-LD document from the network: its contexts are served offline');
}

export const httpClient = { get: refuse, post: refuse, put: refuse, patch: refuse, delete: refuse, head: refuse };
export const DEFAULT_HEADERS = {};
