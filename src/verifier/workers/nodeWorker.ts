// A worker thread of the offline pool (node.ts): checks the credential texts the pool sends.
import { parentPort } from 'node:worker_threads';
import { InvariantError } from '../../core/errors.js';
import { serveOfflineChecks } from './handler.js';

if (parentPort === null) throw new InvariantError('nodeWorker runs as a worker thread of an OfflineWorkerPool, not on its own');
const port = parentPort;
port.on('message', serveOfflineChecks((message, transfer = []) => port.postMessage(message, transfer)));
