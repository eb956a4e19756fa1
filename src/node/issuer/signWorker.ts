/**
 * A signing thread of `SigningPool` (signingPool.ts): signs the credentials it is sent, as JSON texts,
 * with the key it was started with (a KeyObject cloned in memory), by the same `credentialsSigner` as
 * the main thread, its caches kept from one job to the next.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { credentialsSigner } from '../../core/signature/batch.js';
import { NodeIssuerSigner, type NodeSignerKey } from '../keys/nodeSigner.js';
import type { SignJob, SignJobResult } from './signingPool.js';

const { key, created } = workerData as { key: NodeSignerKey; created: string };
const sign = credentialsSigner(new NodeIssuerSigner(key), { created });
const port = parentPort!;

port.on('message', async ({ job, texts }: SignJob) => {
  let result: SignJobResult;
  try {
    result = { job, proofs: await sign(texts.map((text) => JSON.parse(text) as Parameters<typeof sign>[0][number])) };
  } catch (error) {
    result = { job, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  port.postMessage(result);
});
