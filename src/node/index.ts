// `microcred/node`: the issuer's side, for Node only: the store, rosters, the issuing and anchoring
// workflows, holder keys. The browser-safe SDK is `microcred`.
export * from './holder/index.js';
export * from './issuer/index.js';
export * from './roster/index.js';
export * from './store/index.js';
export * from './keys/nodeSigner.js';
