// The one word a person reads first, and its colour. The SDK's statuses are precise (`unknown-registry`,
// `issuer-mismatch`, …); an HR person needs to know which of a handful of things happened, and the precise
// status stays beside it in smaller type and in the details.
import type { VerdictStatus } from '../verifier/index.js';

/** The banner's colour: green, red, amber, or grey for "we could not tell". */
export type Tone = 'ok' | 'bad' | 'warn' | 'unknown';

export interface Headline {
  word: string;
  tone: Tone;
}

const HEADLINES: Record<VerdictStatus, Headline> = {
  valid: { word: 'Valid', tone: 'ok' },
  revoked: { word: 'Revoked', tone: 'bad' },
  suspended: { word: 'Suspended', tone: 'warn' },
  expired: { word: 'Expired', tone: 'warn' },
  'not-yet-valid': { word: 'Not yet valid', tone: 'warn' },
  // Altered, forged or claiming an issuer that doesn't vouch for it: whatever it says is not to be believed.
  malformed: { word: 'Not genuine', tone: 'bad' },
  tampered: { word: 'Not genuine', tone: 'bad' },
  'unknown-registry': { word: 'Not genuine', tone: 'bad' },
  'not-anchored': { word: 'Not genuine', tone: 'bad' },
  'issuer-mismatch': { word: 'Not genuine', tone: 'bad' },
  'issuer-unverified': { word: 'Not genuine', tone: 'bad' },
  // A stacked credential whose components, checked beside it, are not all valid (one was revoked, say).
  'components-invalid': { word: 'Components not valid', tone: 'bad' },
  // Genuine, but your trust settings don't list its issuer: a policy answer, not a forgery.
  'untrusted-issuer': { word: 'Issuer not trusted', tone: 'warn' },
  // Nothing was judged: the chain or the issuer's website could not be read.
  unreachable: { word: "Can't check", tone: 'unknown' },
  'chain-mismatch': { word: "Can't check", tone: 'unknown' },
  'registry-not-found': { word: "Can't check", tone: 'unknown' },
  'issuer-unresolved': { word: "Can't check", tone: 'unknown' },
};

export const headlineOf = (status: VerdictStatus): Headline => HEADLINES[status];

/** 1 January 2025 (in UTC: a credential issued at midnight UTC must not read as the day before in America). */
export function dateInWords(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(time);
}

/** 1 January 2025 at 14:03 CET, in the reader's own time zone: when the check ran. */
export function timeInWords(date: Date): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short' }).format(date).replace(', ', ' at ') + ` (${Intl.DateTimeFormat().resolvedOptions().timeZone})`;
}
