import { readFileSync } from 'node:fs';
import { parseStrictJson } from '../../core/json/index.js';
import { checkIntegrity } from '../../core/index.js';
import type { IssuerStore, StoredCredential } from '../store/index.js';

/** The stored credential a file is, or one sentence saying why it is none of them. */
export type CredentialFileMatch = { ok: true; credential: StoredCredential } | { ok: false; reason: string };

/**
 * Finds the credential a file holds by evidence, never by what the file claims: its digest, recomputed
 * from its content, and its proof's issuer, root and index must be those of a credential this store
 * issued, and its `id` that credential's id. The `id` alone proves nothing: anyone can write another
 * learner's id into a file, and a registrar who trusted it would revoke the wrong person, finally. A copy
 * the holder redacted still matches (hiding a field keeps the digest); a copy with any covered value
 * changed, or a credential of another store, does not.
 *
 * `name` is how the caller refers to the file in the reason (the path as the user typed it).
 *
 * @example
 * const match = matchCredentialFile(store, 'inbox/from-learner.json')
 * if (!match.ok) console.error(match.reason)
 */
export function matchCredentialFile(store: IssuerStore, file: string, name = file): CredentialFileMatch {
  const refuse = (why: string): CredentialFileMatch => ({ ok: false, reason: `${name} ${why}` });

  let value: unknown;
  try {
    // Strictly: with a key given twice, JSON.parse's pick (the last) may not be the one a person reads.
    value = parseStrictJson(readFileSync(file, 'utf8'));
  } catch (error) {
    return refuse(`is not a credential file: ${error instanceof SyntaxError ? `not valid JSON (${error.message})` : (error as Error).message}.`);
  }
  if (Array.isArray(value)) return refuse(`holds ${value.length} credentials (a passport); name the one credential file to act on.`);

  // The integrity check recomputes the digest the way a verifier does; a broken Merkle path (its `root`
  // step) is not a reason to stop here, since comparing with the store says more precisely what differs.
  const integrity = checkIntegrity(value);
  const { credential, digest } = integrity;
  if (!credential || digest === undefined) return refuse(`is not a credential this store can check: ${integrity.message}`);
  if (integrity.failedStep === 'issuer') return refuse(`is not a credential this store can check: ${integrity.message}`);

  const { issuer, root, index } = integrity.anchorProof!;
  const batch = store.batches.byRoot(issuer, root);
  if (!batch) {
    return refuse(
      `does not match any credential this store issued: no batch of issuer ${issuer} here has root ${root}; ` +
        'it was issued elsewhere, or its proof was altered.',
    );
  }
  const stored = store.credentials.byIndex(batch.id, index);
  if (!stored) return refuse(`does not match any credential this store issued: batch ${batch.id} has no credential ${index}; its proof was altered.`);
  if (stored.digest.toLowerCase() !== digest.toLowerCase()) {
    return refuse(
      `does not match any credential this store issued: its digest differs from credential ${index} of batch ${batch.id} ` +
        `(${stored.id}, learner ${stored.learnerId}); it may have been altered.`,
    );
  }
  // The digest covers `id`, so this holds whenever the digests agree; checked anyway, since acting on the
  // wrong learner is final and the file's `id` is what the person at the keyboard reads.
  if (credential.id !== stored.id) {
    return refuse(`matches credential ${index} of batch ${batch.id}, whose id is ${stored.id}, but says its id is ${String(credential.id)}.`);
  }
  return { ok: true, credential: stored };
}
