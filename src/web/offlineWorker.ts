// The page's Web Worker for the offline checks of a large input (see OfflineWorkerPool): bundled as
// /offlineWorker.js, a script of the page's own origin, which its `script-src 'self'` policy allows (a
// worker's script is held to the policy its own response carries: `microcred web` sends the page's).
import { serveOfflineChecks } from '../verifier/workers/handler.js';

const handle = serveOfflineChecks((message, transfer = []) => self.postMessage(message, { transfer }));
self.addEventListener('message', (event: MessageEvent) => handle(event.data));
