import { type Holding, placeOf } from '../anchorFindings.js';
import { statusChangeMessage } from '../statusChange.js';
import type { Check, StatusChange } from '../verdict.js';

/** The `revoked` check: fails on a revocation of the credential or its whole batch (`change`, the one the verdict reports). */
export function revokedCheck(change: StatusChange | undefined): Check {
  if (change?.status === 'revoked') return { name: 'revoked', outcome: 'fail', status: 'revoked', message: statusChangeMessage(change) };
  return { name: 'revoked', outcome: 'pass', message: 'Not revoked.' };
}

/**
 * The `suspended` check: fails when a genuine registry holding the batch shows the credential suspended
 * (`suspended`), even when it is revoked too. Its sentence has the when and why of `change` when that is
 * the suspension the verdict reports.
 */
export function suspendedCheck(suspended: Holding | undefined, change: StatusChange | undefined): Check {
  if (!suspended) return { name: 'suspended', outcome: 'pass', message: 'Not suspended.' };
  const reported = change?.status === 'suspended' ? change : { status: 'suspended' as const, scope: 'credential' as const, ...placeOf(suspended) };
  return { name: 'suspended', outcome: 'fail', status: 'suspended', message: statusChangeMessage(reported) };
}

/**
 * The `validity` check: whether `now` is inside the credential's validity window. Before `validFrom` is
 * `not-yet-valid`, after `validUntil` is `expired`: two outcomes of this check, told apart here.
 */
export function validityCheck(window: { validFrom: string; validUntil: string | undefined }, now: Date): Check {
  const { validFrom, validUntil } = window;
  if (now < new Date(validFrom)) return { name: 'validity', outcome: 'fail', status: 'not-yet-valid', message: `Not yet valid: valid from ${validFrom}.` };
  if (validUntil && now > new Date(validUntil)) return { name: 'validity', outcome: 'fail', status: 'expired', message: `Expired on ${validUntil}.` };
  return { name: 'validity', outcome: 'pass', message: validUntil ? `Valid from ${validFrom} until ${validUntil}.` : `Valid since ${validFrom}.` };
}
