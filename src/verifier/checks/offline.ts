import type { OfflineResult } from '../offline.js';
import type { Check } from '../verdict.js';

/**
 * The `integrity` check: the credential's shape, digest and Merkle proof, from the offline result. A proof
 * made for another issuer than the one the credential names is well-formed: the `issuer` check says so.
 */
export function integrityCheck(result: OfflineResult): Check {
  if (result.ok) return { name: 'integrity', outcome: 'pass', message: 'The credential is untampered and its Merkle proof leads to its root.' };
  if (result.status === 'issuer-mismatch') return { name: 'integrity', outcome: 'pass', message: 'The credential is well-formed.' };
  return { name: 'integrity', outcome: 'fail', status: result.status, message: result.message };
}

/**
 * The `issuer` check: the anchor proof's issuer is the one the credential names, so the account every
 * registry is asked about is the credential's own issuer. It passes only once that account's anchor has
 * been found, which is what its sentence says.
 */
export function issuerCheck(result: OfflineResult): Check {
  if (result.ok) return { name: 'issuer', outcome: 'pass', message: `Anchored by account ${result.ref.issuer}, for ${result.issuerDid}.` };
  if (result.status === 'issuer-mismatch') return { name: 'issuer', outcome: 'fail', status: 'issuer-mismatch', message: result.message };
  return { name: 'issuer', outcome: 'skipped', message: 'Not checked: the integrity check failed.' };
}
