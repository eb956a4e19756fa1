import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeRoster } from './decode.js';
import { RosterError } from './errors.js';
import type { RosterLearner } from './learner.js';
import { RosterChecker, type RosterFormat } from './rosterChecker.js';

export type { RosterFormat } from './rosterChecker.js';

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
  const checker = new RosterChecker(file, format);
  const learners = checker.push(text, true);
  checker.finish();
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
