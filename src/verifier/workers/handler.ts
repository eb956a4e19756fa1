import type { AnchoredCredential } from '../../core/batch/types.js';
import { checkCredentialOffline } from '../offline.js';
import { readCredentialText } from '../offlineStage.js';
import { CredentialTextError } from '../passport.js';
import { verifySignaturesByIssuer } from '../signatures.js';
import { unpackTexts } from './packedTexts.js';
import type { FromWorker, ToWorker } from './protocol.js';

/**
 * The worker's side of the offline pool, for any kind of worker: returns the function that handles each
 * message from the pool; answers go through `post`. Entry points: nodeWorker.ts (worker_threads) and
 * src/web/offlineWorker.ts (a Web Worker). It posts `ready` at once: call it once the imports have
 * loaded, so that `ready` means the worker can check.
 */
export function serveOfflineChecks(post: (message: FromWorker, transfer?: ArrayBuffer[]) => void): (message: ToWorker) => void {
  /** By job: the signed credentials this worker parsed, by position, until the job's signature step. */
  const held = new Map<number, Map<number, AnchoredCredential>>();
  post({ kind: 'ready' });
  return (message) => {
    const { job } = message;
    try {
      switch (message.kind) {
        case 'check': {
          let signed = held.get(job);
          if (signed === undefined) held.set(job, (signed = new Map()));
          const { texts, buffer } = unpackTexts(message.texts);
          const results = texts.map((text, i) => {
            const position = message.first + i;
            const { result, signedCredential } = checkCredentialOffline(readCredentialText(text, position));
            if (signedCredential !== undefined) signed.set(position, signedCredential);
            return result;
          });
          return buffer === undefined ? post({ kind: 'checked', job, first: message.first, results }) : post({ kind: 'checked', job, first: message.first, results, spare: buffer }, [buffer]);
        }
        case 'signatures': {
          const signed = held.get(job) ?? new Map<number, AnchoredCredential>();
          held.delete(job);
          void verifySignaturesByIssuer(signed, message.documents).then(
            (verdicts) => post({ kind: 'signed', job, verdicts: [...verdicts] }),
            (error: unknown) => post({ kind: 'failed', job, message: `signature check: ${describe(error)}` }),
          );
          return;
        }
        case 'forget':
          held.delete(job);
          return;
      }
    } catch (error) {
      held.delete(job);
      const first = message.kind === 'check' ? message.first : undefined;
      if (error instanceof CredentialTextError && error.position !== undefined && first !== undefined) {
        return post({ kind: 'unreadable', job, first, position: error.position, problem: error.problem });
      }
      post({ kind: 'failed', job, first, message: describe(error) });
    }
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
