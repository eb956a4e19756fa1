/**
 * The roster's columns (CSV header names, JSONL keys) and the rules each value must follow.
 *
 * | column        | required | meaning                                                                  |
 * |---------------|----------|--------------------------------------------------------------------------|
 * | `id`          | yes      | the learner's id at the issuer (student number, employee id, email...):  |
 * |               |          | 1-128 of `A-Z a-z 0-9 . _ - @ +`, not starting with `.` or `-`; unique   |
 * |               |          | in the roster ignoring case (it names the learner's credential file, and |
 * |               |          | `S1` and `s1` are the same file on macOS and Windows)                    |
 * | `name`        | yes      | the name printed on the credential, up to 200 characters                 |
 * | `email`       | no       | the learner's email address                                              |
 * | `valid_from`  | no       | when the credential takes effect (default: when it is issued)            |
 * | `valid_until` | no       | when it expires (default: never)                                         |
 * | `holder`      | no       | the learner's DID (`did:key:z6Mk…` from `microcred holder init`, or a    |
 * |               |          | did:web), written as `credentialSubject.id`: passports signed with that  |
 * |               |          | DID's key are then bound to the credential                               |
 * | `result`      | no       | the learner's result (a grade, "Pass"), up to 200 characters, written as |
 * |               |          | `credentialSubject.result: [{ type: ['Result'], value }]`                |
 * | `credits`     | no       | credits earned, a non-negative decimal number (`7.5`), written as        |
 * |               |          | `credentialSubject.creditsEarned` (in JSONL a number or a string)        |
 *
 * Dates are `YYYY-MM-DD` (UTC; `valid_until` then means the end of that day) or an RFC 3339 date-time
 * with a zone (`2025-07-01T09:00:00+02:00`). Header names are matched ignoring case, surrounding spaces,
 * and spaces or dashes for underscores (`Valid From` is `valid_from`). Values are trimmed; an empty value
 * is an absent one. Any other column is an error, so a misspelt `emial` is caught instead of dropped.
 */

import { DID } from '../../core/credential/schema.js';

/** One learner of a validated roster. */
export interface RosterLearner {
  /** Where the learner came from (see `RosterIssue.row`). */
  row: number;
  id: string;
  name: string;
  email?: string;
  /** RFC 3339 UTC date-time (`2025-07-01T00:00:00Z`). */
  validFrom?: string;
  /** RFC 3339 UTC date-time. */
  validUntil?: string;
  /** The learner's DID, from the `holder` column (named `uri` as `buildCredential`'s `LearnerRecord` takes it). */
  uri?: string;
  /** The `result` column. */
  result?: string;
  /** The `credits` column, as a number. */
  credits?: number;
}

export const ROSTER_COLUMNS = ['id', 'name', 'email', 'valid_from', 'valid_until', 'holder', 'result', 'credits'] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly RosterColumn[] = ['id', 'name'];

/** A header as a person may have typed it, in the form of `ROSTER_COLUMNS`. */
export function normalizeColumnName(header: string): string {
  return header.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

export function isRosterColumn(name: string): name is RosterColumn {
  return (ROSTER_COLUMNS as readonly string[]).includes(name);
}

export interface FieldIssue {
  column: RosterColumn;
  message: string;
}

const ID_PATTERN = /^[A-Za-z0-9@+_][A-Za-z0-9.@+_-]{0,127}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
/** Credits: a plain decimal, at most 6 digits before the point and 2 after (`7.5`, `120`). */
const CREDITS = /^\d{1,6}(\.\d{1,2})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Checks one row's values (already trimmed; absent or empty means not given) and builds the learner.
 * Returns every problem of the row, not just the first.
 */
export function toLearner(row: number, values: Partial<Record<RosterColumn, string>>): { learner?: RosterLearner; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const given = (column: RosterColumn) => {
    const value = values[column];
    return value === undefined || value === '' ? undefined : value;
  };

  const id = given('id');
  if (id === undefined) issues.push({ column: 'id', message: 'a learner id is required' });
  else if (id.length > 128) issues.push({ column: 'id', message: `learner id is ${id.length} characters long; at most 128 are allowed` });
  else if (!ID_PATTERN.test(id)) {
    issues.push({
      column: 'id',
      message: `learner id "${id}" may contain only letters, digits and . _ - @ +, and may not start with . or -`,
    });
  }

  const name = given('name');
  if (name === undefined) issues.push({ column: 'name', message: 'a name is required' });
  else if (name.length > 200) issues.push({ column: 'name', message: `name is ${name.length} characters long; at most 200 are allowed` });
  else if (CONTROL.test(name)) issues.push({ column: 'name', message: 'name contains a line break or another control character' });

  const email = given('email');
  if (email !== undefined && (email.length > 254 || !EMAIL_PATTERN.test(email))) {
    issues.push({ column: 'email', message: `"${email}" is not an email address` });
  }

  const validFrom = parseDate(given('valid_from'), 'start');
  const validUntil = parseDate(given('valid_until'), 'end');
  if (validFrom === null) issues.push({ column: 'valid_from', message: dateMessage(given('valid_from')!) });
  if (validUntil === null) issues.push({ column: 'valid_until', message: dateMessage(given('valid_until')!) });
  if (validFrom && validUntil && Date.parse(validUntil) <= Date.parse(validFrom)) {
    issues.push({ column: 'valid_until', message: `valid_until (${validUntil}) is not after valid_from (${validFrom})` });
  }

  const holder = given('holder');
  if (holder !== undefined && (holder.length > 2048 || !DID.test(holder))) {
    issues.push({ column: 'holder', message: `"${holder.length > 80 ? `${holder.slice(0, 80)}…` : holder}" is not a DID: use the learner's DID, such as did:key:z6Mk… (from \`microcred holder init\`)` });
  }

  const result = given('result');
  if (result !== undefined && result.length > 200) issues.push({ column: 'result', message: `result is ${result.length} characters long; at most 200 are allowed` });
  else if (result !== undefined && CONTROL.test(result)) issues.push({ column: 'result', message: 'result contains a line break or another control character' });

  const creditsText = given('credits');
  if (creditsText !== undefined && !CREDITS.test(creditsText)) {
    issues.push({ column: 'credits', message: `"${creditsText}" is not a number of credits: use a non-negative number such as 5 or 7.5` });
  }

  if (issues.length > 0) return { issues };
  const learner: RosterLearner = { row, id: id!, name: name! };
  if (email !== undefined) learner.email = email;
  if (validFrom) learner.validFrom = validFrom;
  if (validUntil) learner.validUntil = validUntil;
  if (holder !== undefined) learner.uri = holder;
  if (result !== undefined) learner.result = result;
  if (creditsText !== undefined) learner.credits = Number(creditsText);
  return { learner, issues };
}

function dateMessage(value: string): string {
  return `"${value}" is not a date: use YYYY-MM-DD or a date-time with a zone such as 2025-07-01T09:00:00Z`;
}

/** Undefined if not given, null if invalid, else the instant as an RFC 3339 UTC string without millis. */
function parseDate(value: string | undefined, side: 'start' | 'end'): string | undefined | null {
  if (value === undefined) return undefined;
  let iso: string;
  let fields: RegExpExecArray | null;
  if ((fields = DATE.exec(value))) {
    iso = `${value}T${side === 'start' ? '00:00:00' : '23:59:59'}Z`;
  } else if ((fields = DATE_TIME.exec(value))) {
    iso = value.replace(' ', 'T');
    if (Number(fields[4]) > 23 || Number(fields[5]) > 59 || Number(fields[6]) > 59) return null;
  } else {
    return null;
  }
  const [year, month, day] = [Number(fields[1]), Number(fields[2]), Number(fields[3])];
  // Date.parse rolls 2025-02-30 over into March; a real calendar date must survive the round trip.
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCFullYear() !== year || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return null;
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return null;
  return new Date(time).toISOString().replace(/\.000Z$/, 'Z');
}
