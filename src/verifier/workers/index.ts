/** The offline pool's browser-safe parts (the Node threads are in node.ts, `microcred/workers`). */
export { MIN_POOLED_CREDENTIALS, type OfflineWorkerChannel, OfflineWorkerError, OfflineWorkerPool, type OfflineWorkerPoolOptions } from './pool.js';
export { serveOfflineChecks } from './handler.js';
export { webWorkerChannel } from './web.js';
export type { FromWorker, ToWorker } from './protocol.js';
