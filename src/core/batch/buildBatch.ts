import type { OpenBadgeCredential } from '../credential/types.js';
import { validateCredential } from '../credential/validate.js';
import { CredentialValidationError, LISTED_PROBLEMS, type ValidationIssue } from '../errors.js';
import { BatchBuilder } from './BatchBuilder.js';
import type { Batch, BatchOptions } from './types.js';

/**
 * Salts, digests and anchors-to-be a whole batch at once: indices 0..n-1 in input order, one Merkle
 * tree, every credential with its proof entry. Holds everything in memory; for very large batches use
 * `BatchBuilder`, which streams. Every credential is validated first, and one
 * `CredentialValidationError` lists the first problems of all of them and counts every one (paths start with
 * the credential's index).
 *
 * @example
 * const { root, size, credentials } = buildBatch(drafts, { issuer: '0x7099…79C8' })
 */
export function buildBatch(credentials: readonly OpenBadgeCredential[], options: BatchOptions): Batch {
  const issues: ValidationIssue[] = [];
  let count = 0;
  credentials.forEach((credential, i) => {
    try {
      validateCredential(credential);
    } catch (error) {
      if (!(error instanceof CredentialValidationError)) throw error;
      count += error.count;
      // Only as many as the batch's error will carry.
      for (const { path, message } of error.issues.slice(0, LISTED_PROBLEMS - issues.length)) issues.push({ path: path ? `${i}.${path}` : `${i}`, message });
    }
  });
  if (count > 0) throw new CredentialValidationError('Batch', issues, count);

  const builder = new BatchBuilder(options);
  const salted = credentials.map((credential) => builder.add(credential));
  const { root, size } = builder.finalize();
  return { root, size, credentials: salted.map((s) => builder.anchor(s)) };
}
