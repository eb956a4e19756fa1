import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isBlankRecord, parseCsv } from './csv.js';
import { decodeRoster } from './decode.js';
import { RosterError, type RosterIssue } from './errors.js';
import {
  REQUIRED_COLUMNS,
  ROSTER_COLUMNS,
  type RosterColumn,
  type RosterLearner,
  isRosterColumn,
  normalizeColumnName,
  toLearner,
} from './learner.js';

export type RosterFormat = 'csv' | 'jsonl';

export interface ParseRosterOptions {
  /** How to name the file in errors (default `roster`). */
  file?: string;
  format: RosterFormat;
}

/**
 * Parses and validates a whole roster (see `learner.ts` for the columns). Nothing is returned unless
 * every row is valid: otherwise one `RosterError` lists the first problems, each with its file, row and column,
 * and counts them all.
 *
 * @throws RosterError
 * @example
 * const learners = parseRoster('id,name\ns1,Ada Lovelace\n', { format: 'csv', file: 'roster.csv' })
 */
export function parseRoster(text: string, { file = 'roster', format }: ParseRosterOptions): RosterLearner[] {
  const issues: RosterIssue[] = [];
  const rows = format === 'csv' ? csvRows(text, file, issues) : jsonlRows(text, file, issues);

  const learners: RosterLearner[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { row, values } of rows) {
    const { learner, issues: fieldIssues } = toLearner(row, values);
    for (const { column, message } of fieldIssues) issues.push({ file, row, column, message });
    if (!learner) continue;
    const key = learner.id.toLowerCase();
    const first = firstRowOf.get(key);
    if (first !== undefined) {
      issues.push({ file, row, column: 'id', message: `learner id "${learner.id}" is already used on row ${first}` });
      continue;
    }
    firstRowOf.set(key, row);
    learners.push(learner);
  }
  if (issues.length === 0 && learners.length === 0) issues.push({ file, message: 'the roster holds no learners' });
  if (issues.length > 0) throw new RosterError(file, sortIssues(issues));
  return learners;
}

/**
 * Reads a `.csv`, `.jsonl` or `.ndjson` roster from disk, decodes it strictly (UTF-8 unless `encoding`
 * says otherwise; see `decodeRoster`) and parses it; errors name the path as given.
 */
export async function readRoster(rosterPath: string, { encoding }: { encoding?: string } = {}): Promise<RosterLearner[]> {
  const format = rosterFormatOf(rosterPath);
  if (!format) {
    throw new RosterError(rosterPath, [
      { file: rosterPath, message: 'unknown roster format: the file name must end in .csv, .jsonl or .ndjson' },
    ]);
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(rosterPath);
  } catch (error) {
    throw new RosterError(rosterPath, [{ file: rosterPath, message: `cannot read the file (${(error as Error).message})` }]);
  }
  return parseRoster(decodeRoster(bytes, { file: rosterPath, encoding }), { file: rosterPath, format });
}

export function rosterFormatOf(rosterPath: string): RosterFormat | undefined {
  const extension = path.extname(rosterPath).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  return undefined;
}

interface RawRow {
  row: number;
  values: Partial<Record<RosterColumn, string>>;
}

function csvRows(text: string, file: string, issues: RosterIssue[]): RawRow[] {
  const { records, issues: syntax } = parseCsv(text);
  const headerRecord = records[0]?.row === 1 ? records[0] : undefined;
  const header = headerRecord?.fields.map(normalizeColumnName) ?? [];
  const columnName = (field: number) => header[field] || spreadsheetColumn(field);
  for (const { row, field, message } of syntax) issues.push({ file, row, column: columnName(field), message });
  if (!headerRecord) {
    // A broken header has already been reported; an empty file has not.
    if (syntax.every((issue) => issue.row !== 1)) issues.push({ file, row: 1, message: headerHelp('the file is empty') });
    return [];
  }

  const seen = new Set<string>();
  header.forEach((name, field) => {
    const column = spreadsheetColumn(field);
    if (name === '') issues.push({ file, row: 1, column, message: headerHelp('a column has no name') });
    else if (!isRosterColumn(name)) issues.push({ file, row: 1, column, message: headerHelp(`unknown column "${headerRecord.fields[field]!.trim()}"`) });
    else if (seen.has(name)) issues.push({ file, row: 1, column: name, message: `column "${name}" appears twice` });
    seen.add(name);
  });
  for (const required of REQUIRED_COLUMNS) {
    if (!seen.has(required)) issues.push({ file, row: 1, column: required, message: headerHelp(`required column "${required}" is missing`) });
  }
  // Row-by-row checks against a wrong header would only repeat its problem on every line.
  if (issues.some((issue) => issue.row === 1)) return [];

  const rows: RawRow[] = [];
  for (const record of records.slice(1)) {
    if (isBlankRecord(record)) continue;
    if (record.fields.length > header.length) {
      issues.push({
        file,
        row: record.row,
        message:
          `${record.fields.length} values but the header has ${header.length} columns: ` +
          'a value containing a comma must be enclosed in double quotes',
      });
      continue;
    }
    // Fewer values than columns is accepted: some tools drop trailing empty cells; a missing required
    // value is still caught by its own check.
    const values: RawRow['values'] = {};
    record.fields.forEach((value, field) => {
      values[header[field] as RosterColumn] = value.trim();
    });
    rows.push({ row: record.row, values });
  }
  return rows;
}

function jsonlRows(text: string, file: string, issues: RosterIssue[]): RawRow[] {
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\n|\r/);
  const rows: RawRow[] = [];
  lines.forEach((line, i) => {
    const row = i + 1;
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      issues.push({ file, row, message: `not valid JSON (${(error as Error).message})` });
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      issues.push({ file, row, message: 'each line must be one JSON object, such as {"id": "s1", "name": "Ada Lovelace"}' });
      return;
    }
    const values: RawRow['values'] = {};
    let typed = true;
    for (const [key, value] of Object.entries(parsed)) {
      if (!isRosterColumn(key)) {
        issues.push({ file, row, column: key, message: `unknown field "${key}"; known fields: ${ROSTER_COLUMNS.join(', ')}` });
        typed = false;
      } else if (value === null) {
        // null reads as "not given", like an empty CSV cell.
      } else if (key === 'credits' && typeof value === 'number') {
        // A number is what a JSON writer puts for credits; its decimal text is checked like a CSV cell's.
        values[key] = String(value);
      } else if (typeof value !== 'string') {
        issues.push({ file, row, column: key, message: `must be a string, not ${Array.isArray(value) ? 'an array' : typeof value}` });
        typed = false;
      } else {
        values[key] = value.trim();
      }
    }
    // A line with a bad field is reported for that field only; its other checks would be guesses.
    if (typed) rows.push({ row, values });
  });
  return rows;
}

function headerHelp(problem: string): string {
  return `${problem}; the first row must name the columns: ${ROSTER_COLUMNS.join(', ')} (id and name required)`;
}

/** `A`, `B`, ... `Z`, `AA`: how a spreadsheet names the 0-based column `index`. */
function spreadsheetColumn(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function sortIssues(issues: RosterIssue[]): RosterIssue[] {
  return issues
    .map((issue, order) => ({ issue, order }))
    .sort((a, b) => (a.issue.row ?? 0) - (b.issue.row ?? 0) || a.order - b.order)
    .map(({ issue }) => issue);
}
