import { statusReasonInWords } from '../core/statusReason.js';
import type { StatusChange } from './verdict.js';

/** The sentence of a revoked or suspended verdict, with its date and reason when they are known. */
export function statusChangeMessage(change: StatusChange): string {
  const on = change.at ? ` on ${change.at.slice(0, 10)}` : '';
  const why = change.reasonCode === undefined ? '' : change.reasonCode === 0 ? ' (no reason given)' : `: ${statusReasonInWords(change.reasonCode)}`;
  const unknown = change.at ? '' : ` (recorded on ${change.chain}; when and why could not be read)`;
  if (change.status === 'suspended') return `Suspended by its issuer${on}${why}${unknown}. It may be lifted later.`;
  if (change.scope === 'batch') return `Revoked${on} with its whole batch${why}${unknown}.`;
  return `Revoked by its issuer${on}${why}${unknown}.`;
}

export function reasonOf(code: number | undefined): Pick<StatusChange, 'reasonCode' | 'reason'> {
  return code === undefined ? {} : { reasonCode: code, reason: statusReasonInWords(code) };
}
