import { InvalidArgumentError, LISTED_PROBLEMS, andMore } from '../../core/errors.js';

/** One problem in a roster, located the way the person who edits the file will look for it. */
export interface RosterIssue {
  /** The roster file as the caller named it. */
  file: string;
  /**
   * 1-based row: for CSV the spreadsheet row (the header is row 1, so the first learner is row 2; a quoted
   * value spanning several lines still counts as one row, as a spreadsheet shows it); for JSONL the line.
   * Undefined for a problem with the file as a whole (e.g. it holds no learners).
   */
  row?: number;
  /** The column (CSV header) or field (JSONL key) at fault, when one is. */
  column?: string;
  message: string;
}

/**
 * A roster that cannot be issued. Every row is checked before this is thrown, so the issuer fixes the
 * file once, not once per error: `issues` holds the first problems in row order (at most
 * `LISTED_PROBLEMS`: a 10,000-row file with a wrong header would otherwise print 10,000 lines) and `count`
 * how many there were in all.
 */
export class RosterError extends InvalidArgumentError {
  override name = 'RosterError';
  readonly file: string;
  readonly issues: readonly RosterIssue[];
  readonly count: number;

  /** `count` is the total when `issues` is already only the first few of them. */
  constructor(file: string, issues: readonly RosterIssue[], count = issues.length) {
    const listed = issues.slice(0, LISTED_PROBLEMS);
    const total = Math.max(count, issues.length);
    super(`Roster ${file} has ${total === 1 ? '1 problem' : `${total} problems`}; nothing was issued.`, {
      metaMessages: [...listed.map(formatRosterIssue), ...andMore(listed.length, total)].map((line) => `  ${line}`),
    });
    this.file = file;
    this.issues = listed;
    this.count = total;
  }
}

/** `row 4, column email: not an email address`, the form the CLI prints. */
export function formatRosterIssue({ row, column, message }: RosterIssue): string {
  const where = [row === undefined ? undefined : `row ${row}`, column === undefined ? undefined : `column ${column}`]
    .filter((part) => part !== undefined)
    .join(', ');
  return where ? `${where}: ${message}` : message;
}
