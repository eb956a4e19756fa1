/**
 * A strict RFC 4180 reader: fields separated by commas, records by CRLF (LF and lone CR accepted too, as
 * spreadsheets on every platform write them), fields optionally enclosed in double quotes, `""` inside a
 * quoted field for one quote, commas and line breaks allowed inside quotes. A leading UTF-8 BOM (Excel's
 * "CSV UTF-8") is dropped. Syntax errors don't stop the reader: it skips to the end of the bad record and
 * carries on, so every error in the file is reported together.
 */

export interface CsvRecord {
  /** 1-based record number: the row a spreadsheet shows it on. */
  row: number;
  fields: string[];
}

export interface CsvSyntaxIssue {
  row: number;
  /** 0-based index of the field at fault. */
  field: number;
  message: string;
}

export interface CsvParseResult {
  records: CsvRecord[];
  issues: CsvSyntaxIssue[];
}

const QUOTE = 34; // "
const COMMA = 44; // ,
const CR = 13;
const LF = 10;

export function parseCsv(input: string): CsvParseResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const { records, issues } = parseCsvRecords(text, 1, true);
  return { records, issues };
}

export interface CsvChunkResult extends CsvParseResult {
  /** Where the first record not read starts (`text.length` when every record was read). */
  next: number;
  /** The row that record is on. */
  row: number;
}

/**
 * The records of `text` (no BOM), the first on row `row`. Unless `final`, a record that reaches the end
 * of `text`, or the character before it (a CR whose LF may follow), is left unread with its issues: the
 * caller gives it again with the text that follows (`next`, `row`), so reading a file chunk by chunk
 * gives exactly what reading it whole gives.
 */
export function parseCsvRecords(text: string, row: number, final: boolean): CsvChunkResult {
  const records: CsvRecord[] = [];
  const issues: CsvSyntaxIssue[] = [];
  const length = text.length;
  let pos = 0;

  while (pos < length) {
    const recordStart = pos;
    const recordIssues: CsvSyntaxIssue[] = [];
    const fields: string[] = [];
    let broken = false;
    let recordDone = false;
    while (!recordDone) {
      const fieldIndex = fields.length;
      let value = '';
      if (text.charCodeAt(pos) === QUOTE) {
        // Quoted field: runs to the next quote not followed by another quote.
        pos++;
        let closed = false;
        while (pos < length) {
          const next = text.indexOf('"', pos);
          if (next === -1) break;
          value += text.slice(pos, next);
          if (text.charCodeAt(next + 1) === QUOTE) {
            value += '"';
            pos = next + 2;
          } else {
            pos = next + 1;
            closed = true;
            break;
          }
        }
        if (!closed) {
          recordIssues.push({ row, field: fieldIndex, message: 'a quoted value is never closed: add the missing double quote' });
          pos = length;
          broken = true;
        } else {
          const after = text.charCodeAt(pos);
          if (pos < length && after !== COMMA && after !== CR && after !== LF) {
            recordIssues.push({
              row,
              field: fieldIndex,
              message: 'text after the closing double quote: a quote inside a quoted value must be doubled ("")',
            });
            broken = true;
          }
        }
      } else {
        // Unquoted field: runs to the next comma or line break, and may not contain a quote.
        let end = pos;
        while (end < length) {
          const c = text.charCodeAt(end);
          if (c === COMMA || c === CR || c === LF) break;
          end++;
        }
        value = text.slice(pos, end);
        if (value.includes('"')) {
          recordIssues.push({
            row,
            field: fieldIndex,
            message: 'a double quote inside an unquoted value: enclose the value in double quotes and double the quote ("")',
          });
          broken = true;
        }
        pos = end;
      }
      fields.push(value);

      if (broken) {
        // Resynchronise at the next line break; the rest of this record can't be trusted.
        while (pos < length && text.charCodeAt(pos) !== CR && text.charCodeAt(pos) !== LF) pos++;
      }
      const c = text.charCodeAt(pos);
      if (pos < length && c === COMMA) {
        pos++;
        // A comma at the very end of the input still ends a field: the record has a last, empty one.
        if (pos === length) fields.push('');
        else continue;
      }
      if (c === CR) pos += text.charCodeAt(pos + 1) === LF ? 2 : 1;
      else if (c === LF) pos++;
      recordDone = true;
    }
    if (!final && pos >= length - 1) return { records, issues, next: recordStart, row };
    issues.push(...recordIssues);
    if (!broken) records.push({ row, fields });
    row++;
  }
  return { records, issues, next: length, row };
}

/** Whether a record is an empty line (spreadsheets keep these as blank rows; they hold no learner). */
export function isBlankRecord(record: CsvRecord): boolean {
  return record.fields.every((field) => field.trim() === '');
}
