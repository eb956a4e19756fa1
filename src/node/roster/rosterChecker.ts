import { LISTED_PROBLEMS } from '../../core/errors.js';
import { type CsvChunkResult, isBlankRecord, parseCsvRecords } from './csv.js';
import { RosterError, type RosterIssue } from './errors.js';
import { REQUIRED_COLUMNS, ROSTER_COLUMNS, type RosterColumn, type RosterLearner, isRosterColumn, normalizeColumnName, toLearner } from './learner.js';

export type RosterFormat = 'csv' | 'jsonl';

interface RawRow {
  row: number;
  values: Partial<Record<RosterColumn, string>>;
}

/**
 * Checks a roster's text as it arrives, in pieces of any size, and gives its learners piece by piece:
 * the one implementation behind `parseRoster` (the whole text at once) and `RosterStream` (a file read
 * chunk by chunk), so both find the same problems and the same learners. Nothing of a learner is kept
 * once given out but its id (learner ids must be unique, ignoring case, in the whole roster).
 *
 * Problems are kept in row order, the first `LISTED_PROBLEMS` of them, and counted; `finish` throws them
 * as one `RosterError`. A piece's rows all come after the previous piece's, so sorting each piece's
 * problems by row sorts them all.
 */
export class RosterChecker {
  readonly file: string;
  readonly format: RosterFormat;
  /** Lower-cased learner id to the first row that has it, in roster order. */
  readonly #rowOfId = new Map<string, number>();
  readonly #listed: RosterIssue[] = [];
  #count = 0;
  #pending = '';
  #started = false;
  #row = 1;
  #learners = 0;
  /** CSV only: undefined until the header row is read; `bad` when it cannot be (row 1 is broken). */
  #header: string[] | 'bad' | undefined;
  #headerProblems = false;

  constructor(file: string, format: RosterFormat) {
    this.file = file;
    this.format = format;
  }

  /** Problems found so far (all of them, not only those listed). */
  get problems(): number {
    return this.#count;
  }

  /** The roster's learner ids read so far, each with its first row, in roster order (keys lower-cased). */
  get learnerIds(): ReadonlyMap<string, number> {
    return this.#rowOfId;
  }

  /** The learners whose rows `text` completes; `final` for the last piece (it may be empty). */
  push(text: string, final = false): RosterLearner[] {
    let buffer = this.#pending + text;
    if (!this.#started && buffer.length > 0) {
      // A leading BOM (Excel's "CSV UTF-8") is not part of the first column's name or the first line.
      if (buffer.charCodeAt(0) === 0xfeff) buffer = buffer.slice(1);
      this.#started = true;
    }
    const issues: RosterIssue[] = [];
    const rows = this.format === 'csv' ? this.#csvRows(buffer, final, issues) : this.#jsonlRows(buffer, final, issues);
    const learners: RosterLearner[] = [];
    for (const { row, values } of rows) {
      const { learner, issues: fieldIssues } = toLearner(row, values);
      for (const { column, message } of fieldIssues) issues.push({ file: this.file, row, column, message });
      if (!learner) continue;
      const key = learner.id.toLowerCase();
      const first = this.#rowOfId.get(key);
      if (first !== undefined) {
        issues.push({ file: this.file, row, column: 'id', message: `learner id "${learner.id}" is already used on row ${first}` });
        continue;
      }
      this.#rowOfId.set(key, row);
      learners.push(learner);
    }
    if (final) {
      if (this.format === 'csv' && this.#header === undefined) issues.push({ file: this.file, row: 1, message: headerHelp('the file is empty') });
      else if (this.#count + issues.length === 0 && this.#learners + learners.length === 0) issues.push({ file: this.file, message: 'the roster holds no learners' });
    }
    this.#add(issues);
    this.#learners += learners.length;
    return learners;
  }

  /** Throws the roster's problems, if it has any, as one `RosterError`. */
  finish(): void {
    if (this.#count > 0) throw new RosterError(this.file, this.#listed, this.#count);
  }

  #add(issues: RosterIssue[]): void {
    this.#count += issues.length;
    if (this.#listed.length >= LISTED_PROBLEMS) return;
    const sorted = issues
      .map((issue, order) => ({ issue, order }))
      .sort((a, b) => (a.issue.row ?? 0) - (b.issue.row ?? 0) || a.order - b.order);
    for (const { issue } of sorted.slice(0, LISTED_PROBLEMS - this.#listed.length)) this.#listed.push(issue);
  }

  #csvRows(buffer: string, final: boolean, issues: RosterIssue[]): RawRow[] {
    const { records, issues: syntax, next, row }: CsvChunkResult = parseCsvRecords(buffer, this.#row, final);
    this.#pending = buffer.slice(next);
    this.#row = row;
    const file = this.file;
    let body = records;
    if (this.#header === undefined && (records.length > 0 || syntax.length > 0)) {
      // The header is row 1, unless row 1 is broken (its syntax problem is reported below).
      const headerRecord = records[0]?.row === 1 ? records[0] : undefined;
      this.#header = headerRecord ? headerRecord.fields.map(normalizeColumnName) : 'bad';
      if (headerRecord) {
        body = records.slice(1);
        this.#checkHeader(headerRecord.fields, issues);
      }
    }
    const header = Array.isArray(this.#header) ? this.#header : [];
    const columnName = (field: number) => header[field] || spreadsheetColumn(field);
    for (const { row: at, field, message } of syntax) issues.push({ file, row: at, column: columnName(field), message });
    // Row-by-row checks against a wrong header would only repeat its problem on every line.
    if (!Array.isArray(this.#header) || this.#headerProblems) return [];

    const rows: RawRow[] = [];
    for (const record of body) {
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

  #checkHeader(fields: readonly string[], issues: RosterIssue[]): void {
    const file = this.file;
    const header = fields.map(normalizeColumnName);
    const before = issues.length;
    const seen = new Set<string>();
    header.forEach((name, field) => {
      const column = spreadsheetColumn(field);
      if (name === '') issues.push({ file, row: 1, column, message: headerHelp('a column has no name') });
      else if (!isRosterColumn(name)) issues.push({ file, row: 1, column, message: headerHelp(`unknown column "${fields[field]!.trim()}"`) });
      else if (seen.has(name)) issues.push({ file, row: 1, column: name, message: `column "${name}" appears twice` });
      seen.add(name);
    });
    for (const required of REQUIRED_COLUMNS) {
      if (!seen.has(required)) issues.push({ file, row: 1, column: required, message: headerHelp(`required column "${required}" is missing`) });
    }
    this.#headerProblems = issues.length > before;
  }

  #jsonlRows(buffer: string, final: boolean, issues: RosterIssue[]): RawRow[] {
    let complete = buffer;
    this.#pending = '';
    if (!final) {
      // Up to the last line break that is surely one whole break (a CR at the very end may be half a CRLF).
      const end = buffer.endsWith('\r') ? buffer.length - 1 : buffer.length;
      const cut = end === 0 ? -1 : Math.max(buffer.lastIndexOf('\n', end - 1), buffer.lastIndexOf('\r', end - 1));
      complete = buffer.slice(0, cut + 1);
      this.#pending = buffer.slice(cut + 1);
    }
    const lines = complete.split(/\r\n|\n|\r/);
    // A piece that ends with its line break has one empty string after it: not a line of the roster.
    if (!final) lines.pop();
    const file = this.file;
    const rows: RawRow[] = [];
    for (const line of lines) {
      const row = this.#row++;
      if (line.trim() === '') continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch (error) {
        issues.push({ file, row, message: `not valid JSON (${(error as Error).message})` });
        continue;
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        issues.push({ file, row, message: 'each line must be one JSON object, such as {"id": "s1", "name": "Ada Lovelace"}' });
        continue;
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
    }
    return rows;
  }
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
