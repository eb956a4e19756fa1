import type { OpenBadgeCredential } from '../credential/types.js';
import { validateCredential } from '../credential/validate.js';
import { CredentialValidationError, type ValidationIssue } from '../errors.js';
import { BatchBuilder } from './BatchBuilder.js';
import type { Batch, BatchOptions } from './types.js';

/**
 * Salts, digests and anchors-to-be a whole batch at once: indices 0..n-1 in input order, one Merkle
 * tree, every credential with its proof entry. Holds everything in memory; for very large batches use
 * `BatchBuilder`, which streams. Every credential is validated first, and one
 * `CredentialValidationError` lists the problems of all of them (paths start with the credential's index).
 *
 * @example
 * const { root, size, credentials } = buildBatch(drafts, { issuer: '0x7099…79C8' })
 */
export function buildBatch(credentials: readonly OpenBadgeCredential[], options: BatchOptions): Batch {
  const issues: ValidationIssue[] = [];
  credentials.forEach((credential, i) => {
    try {
      validateCredential(credential);
    } catch (error) {
      if (!(error instanceof CredentialValidationError)) throw error;
      issues.push(...error.issues.map(({ path, message }) => ({ path: path ? `${i}.${path}` : `${i}`, message })));
    }
  });
  if (issues.length > 0) throw new CredentialValidationError('Batch', issues);

  const builder = new BatchBuilder(options);
  const salted = credentials.map((credential) => builder.add(credential));
  const { root, size } = builder.finalize();
  return { root, size, credentials: salted.map((s) => builder.anchor(s)) };
}
