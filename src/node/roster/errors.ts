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
 * A roster that cannot be issued. Every row is checked before this is thrown, so `issues` lists all the
 * problems at once: the issuer fixes the file once, not once per error.
 */
export class RosterError extends Error {
  override name = 'RosterError';
  readonly file: string;
  readonly issues: readonly RosterIssue[];

  constructor(file: string, issues: readonly RosterIssue[]) {
    super(summarize(file, issues));
    this.file = file;
    this.issues = issues;
  }
}

// The message lists the first problems only: a 10,000-row file with a wrong header would otherwise
// print 10,000 lines; `issues` still holds them all.
const LISTED = 20;

function summarize(file: string, issues: readonly RosterIssue[]): string {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  const lines = issues.slice(0, LISTED).map((issue) => `  ${formatRosterIssue(issue)}`);
  if (issues.length > LISTED) lines.push(`  … and ${issues.length - LISTED} more`);
  return [`Roster ${file} has ${count}; nothing was issued.`, ...lines].join('\n');
}

/** `row 4, column email: not an email address`, the form the CLI prints. */
export function formatRosterIssue({ row, column, message }: RosterIssue): string {
  const where = [row === undefined ? undefined : `row ${row}`, column === undefined ? undefined : `column ${column}`]
    .filter((part) => part !== undefined)
    .join(', ');
  return where ? `${where}: ${message}` : message;
}
