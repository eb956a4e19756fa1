/**
 * A thread of `IssuingPool` (issuingPool.ts), doing the per-credential work of `issueRoster` by the same
 * code as the main thread:
 * - `salt`: builds each learner's credential (which validates it), salts and digests it (`saltBuiltForBatch`,
 *   what `BatchBuilder.add` does), and gives back its digest, or the core's objections, and the spool records
 *   of the part, encoded here (a transferred buffer: the main thread only writes it);
 * - `write`: reads the part's texts from the spool (or takes them from the job), signs the credentials
 *   (when the thread was started with a key, a KeyObject cloned in memory, by `credentialTextsSigner`, its
 *   caches kept from one part to the next), renders each file and writes it, new, into the part's folder.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { saltBuiltForBatch } from '../../core/batch/BatchBuilder.js';
import { buildCredential } from '../../core/credential/build.js';
import { CredentialValidationError } from '../../core/errors.js';
import { credentialTextsSigner } from '../../core/signature/batch.js';
import { NodeIssuerSigner } from '../keys/nodeSigner.js';
import { renderPart } from './credentialFile.js';
import type { IssuingJob, IssuingJobResult, IssuingThreadData, SaltedLearner } from './issuingPool.js';
import type { RosterLearner } from '../roster/index.js';
import { type SpooledCredential, encodeSpooled, readSpoolTexts } from './spool.js';

const { key, created, salting, folderLock } = workerData as IssuingThreadData;
const lock = new Int32Array(folderLock);

/**
 * Runs `write` while no other thread of the pool creates files. Threads creating files in one folder at
 * once contend for its lock in the kernel: two took 230 µs a file (43 s of system time for 100,000)
 * where one alone took 25-45 µs. So a thread renders (and signs) its part unlocked, then creates its files
 * holding the pool's lock, while the other renders the next.
 */
function holdingFolderLock(write: () => void): void {
  while (Atomics.compareExchange(lock, 0, 0, 1) !== 0) Atomics.wait(lock, 0, 1);
  try {
    write();
  } finally {
    Atomics.store(lock, 0, 0);
    Atomics.notify(lock, 0, 1);
  }
}
const sign = key && credentialTextsSigner(new NodeIssuerSigner(key), { created });
const port = parentPort!;

port.on('message', async (job: IssuingJob) => {
  let result: IssuingJobResult;
  let step = 'sign';
  try {
    if (job.kind === 'salt') {
      if (!salting) throw new Error('This thread was started without what salting needs.');
      const spooled: SpooledCredential[] = [];
      const learners = job.learners.map((learner, i) => saltLearner(learner, job.first + i, spooled));
      const records = encodeSpooled(spooled);
      port.postMessage({ job: job.job, salted: { learners, records } } satisfies IssuingJobResult, [records.lines.buffer, records.texts.buffer]);
      return;
    } else {
      const { folder, files } = job;
      const texts = job.texts instanceof Uint8Array ? job.texts : readSpoolTexts(job.texts);
      const rendered = await renderPart(files, texts, sign);
      holdingFolderLock(() => {
        for (let i = 0; i < files.length; i++) {
          step = files[i]!.name;
          writeFileSync(path.join(folder, step), rendered[i]!, { flag: 'wx' });
        }
      });
      result = { job: job.job };
    }
  } catch (error) {
    const { name = 'Error', message = String(error), code } = error as NodeJS.ErrnoException;
    result = { job: job.job, error: { name, message, ...(code ? { code } : {}), ...(job.kind === 'write' && step !== 'sign' ? { file: step } : {}) } };
  }
  port.postMessage(result);
});

/** Builds, salts and digests `learner`'s credential, adding its spool record to `spooled`. */
function saltLearner(learner: RosterLearner, index: number, spooled: SpooledCredential[]): SaltedLearner {
  const { template, issuer, batchIssuer } = salting!;
  let credential;
  try {
    credential = buildCredential(learner, template, { issuer, validFrom: created });
  } catch (error) {
    if (!(error instanceof CredentialValidationError)) throw error;
    return { problem: { issues: error.issues, count: error.count } };
  }
  const { digest, disclosure } = saltBuiltForBatch(credential, batchIssuer, index);
  spooled.push({ learnerId: learner.id, learnerName: learner.name, learnerEmail: learner.email, id: credential.id, digest, salts: disclosure.salts, text: JSON.stringify(credential, null, 2) });
  return { digest };
}
