/**
 * A thread of `CredentialFilePool` (credentialFilePool.ts): for each part it is sent, signs the credentials
 * (when it was started with a key, a KeyObject cloned in memory, by the same `credentialsSigner` as the main
 * thread, its caches kept from one part to the next), renders each file and writes it, new, into the part's
 * folder.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { credentialsSigner } from '../../core/signature/batch.js';
import type { SignableCredential } from '../../core/signature/index.js';
import { NodeIssuerSigner, type NodeSignerKey } from '../keys/nodeSigner.js';
import { renderCredentialFile, unsignedCredentialText } from './credentialFile.js';
import type { CredentialFileJob, CredentialFileJobResult } from './credentialFilePool.js';

const { key, created } = workerData as { key: NodeSignerKey | undefined; created: string };
const sign = key && credentialsSigner(new NodeIssuerSigner(key), { created });
const port = parentPort!;

port.on('message', async ({ job, folder, files }: CredentialFileJob) => {
  let result: CredentialFileJobResult;
  let step = 'sign';
  try {
    const proofs = sign && (await sign(files.map(({ text, credentialStatus }) => JSON.parse(unsignedCredentialText(text, credentialStatus)) as SignableCredential)));
    for (let i = 0; i < files.length; i++) {
      const { name, text, credentialStatus, proof } = files[i]!;
      step = name;
      writeFileSync(path.join(folder, name), renderCredentialFile(text, credentialStatus, proofs ? [proofs[i]!, proof] : [proof]), { flag: 'wx' });
    }
    result = { job };
  } catch (error) {
    const { name = 'Error', message = String(error), code } = error as NodeJS.ErrnoException;
    result = { job, error: { name, message, ...(code ? { code } : {}), ...(step === 'sign' ? {} : { file: step }) } };
  }
  port.postMessage(result);
});
