import type { OfflineWorkerChannel } from './pool.js';

/**
 * A Web Worker as the offline pool sees it. The worker's script runs `serveOfflineChecks` on its
 * messages (the page's is src/web/offlineWorker.ts); serve it from the page's own origin, which a
 * `script-src 'self'` policy allows without naming workers.
 *
 * @example
 * const pool = new OfflineWorkerPool({ spawn: () => webWorkerChannel(new Worker('/offlineWorker.js', { type: 'module' })) })
 */
export function webWorkerChannel(worker: Worker): OfflineWorkerChannel {
  return {
    post: (message, transfer = []) => worker.postMessage(message, transfer),
    listen(onMessage, onFailure) {
      worker.addEventListener('message', (event: MessageEvent) => onMessage(event.data));
      worker.addEventListener('error', (event: ErrorEvent) => {
        event.preventDefault();
        onFailure(new Error(event.message || 'its script could not be loaded, or threw'));
      });
      worker.addEventListener('messageerror', () => onFailure(new Error('a message from the worker could not be read')));
    },
    terminate: () => worker.terminate(),
  };
}
