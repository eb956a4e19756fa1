import cliProgress from 'cli-progress';
import { MicrocredError } from '../core/errors.js';
import type { ErrorCode } from './errorCodes.js';
import { type Tone, outputWidth, paint } from './terminal.js';

/**
 * An error the CLI reports as one clear message and a non-zero exit, without a stack trace. `code` is what
 * `--json` reports (see `ERROR_CODES` in errorCodes.ts); without one, the code of the cause, else `failed`.
 */
export class CliError extends MicrocredError {
  override name = 'CliError';
  readonly code: ErrorCode | undefined;
  /** `lines` are printed under the message, indented (the problems of a file, the ways out). */
  constructor(message: string, readonly exitCode = 1, lines?: string[], options?: { cause?: unknown; code?: ErrorCode }) {
    super(message, { metaMessages: lines, details: null, cause: options?.cause });
    this.code = options?.code;
  }
}

export interface OutputOptions {
  json?: boolean;
}

/** Prints `value` as JSON for scripts (`--json`), or `render()` for people. */
export function emit(options: OutputOptions, value: unknown, render: () => string): void {
  if (options.json) process.stdout.write(`${JSON.stringify(value, jsonReplacer, 2)}\n`);
  else process.stdout.write(`${render()}\n`);
}

export function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

export interface TableOptions {
  /** The width to fit (default: `outputWidth()`, the terminal's). */
  width?: number;
  /** The column that wraps onto more lines when the table is too wide (default: the last). */
  wrap?: number;
  /** Columns that may be cut short, keeping their end (a file path's name), when wrapping is not enough. */
  shrink?: readonly number[];
  /** The tone of a cell, if it has one (a verdict's status). */
  tone?: (row: number, column: number) => Tone | undefined;
}

const GAP = '  ';
const MIN_WRAP = 24;
const MIN_SHRUNK = 16;

/**
 * A plain-text table whose columns fit their widest cell, and the whole the terminal: the `wrap` column
 * folds at spaces onto continuation lines, then `shrink` columns lose their beginning. Colour (when stdout
 * takes it) is added after padding, so escape codes never skew the columns.
 */
export function table(headers: string[], rows: (string | number)[][], options: TableOptions = {}): string {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  // A fold, not Math.max(...column): a 100,000-row table spread as arguments can overflow the call stack.
  const widths = headers.map((_, c) => cells.reduce((widest, row) => Math.max(widest, (row[c] ?? '').length), 0));
  const width = options.width ?? outputWidth();
  const wrapColumn = options.wrap ?? headers.length - 1;
  // Too narrow for columns even once folded and cut (a phone, a split pane): one record after another.
  if (!fitWidths(widths, width, wrapColumn, options.shrink ?? [])) return records(headers, cells.slice(1), width, options.tone);
  const render = (row: string[], r: number): string[] => {
    const folded = row.map((cell, c) => (c === wrapColumn ? fold(cell, widths[c]!) : [cell.length > widths[c]! ? cutStart(cell, widths[c]!) : cell]));
    const height = folded.reduce((most, lines) => Math.max(most, lines.length), 1);
    return Array.from({ length: height }, (_, i) =>
      folded
        .map((lines, c) => {
          const text = lines[i] ?? '';
          const padded = c === folded.length - 1 ? text : text.padEnd(widths[c]!);
          const tone = r > 0 && text ? options.tone?.(r - 1, c) : r === 0 ? 'strong' : undefined;
          return tone ? paint(tone, padded) : padded;
        })
        .join(GAP)
        .trimEnd(),
    );
  };
  const rule = widths.map((w) => '-'.repeat(w)).join(GAP);
  return [...render(cells[0]!, 0), rule, ...cells.slice(1).flatMap((row, r) => render(row, r + 1))].join('\n');
}

/**
 * Narrows `widths` in place to fit `width`: first the wrapping column, then the shrinkable ones, widest
 * first. False when even that does not fit.
 */
function fitWidths(widths: number[], width: number, wrap: number, shrink: readonly number[]): boolean {
  const total = () => widths.reduce((sum, w) => sum + w, 0) + GAP.length * (widths.length - 1);
  if (total() <= width) return true;
  widths[wrap] = Math.max(Math.min(MIN_WRAP, widths[wrap]!), widths[wrap]! - (total() - width));
  for (const c of [...shrink].sort((a, b) => widths[b]! - widths[a]!)) {
    if (total() <= width) return true;
    widths[c] = Math.max(Math.min(MIN_SHRUNK, widths[c]!), widths[c]! - (total() - width));
  }
  return total() <= width;
}

/** Each row as `header  value` lines, values folded to `width`, rows apart by a blank line. */
function records(headers: string[], rows: string[][], width: number, tone: TableOptions['tone']): string {
  const labelWidth = headers.reduce((widest, header) => Math.max(widest, header.length), 0);
  const valueWidth = Math.max(MIN_SHRUNK, width - labelWidth - GAP.length);
  const indent = ' '.repeat(labelWidth + GAP.length);
  return rows
    .map((row, r) =>
      row
        .flatMap((cell, c) => {
          const [first = '', ...rest] = fold(cell, valueWidth);
          const shade = tone?.(r, c);
          return [`${paint('strong', headers[c]!.padEnd(labelWidth))}${GAP}${shade ? paint(shade, first) : first}`, ...rest.map((line) => `${indent}${line}`)];
        })
        .join('\n'),
    )
    .join('\n\n');
}

/** `text` in lines of at most `width`, broken at spaces where there are any. */
function fold(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    let rest = word;
    // A word longer than the line (a hash, a URL) is broken where it must be.
    while (rest.length > width) {
      if (line) lines.push(line);
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
      line = '';
    }
    if (!line) line = rest;
    else if (line.length + 1 + rest.length <= width) line += ` ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** The end of `text` in `width` characters, its cut beginning marked: a path keeps its file name. */
function cutStart(text: string, width: number): string {
  return `…${text.slice(text.length - width + 1)}`;
}

/**
 * A progress callback for long steps: a bar on stderr when it is a terminal (and output isn't JSON),
 * nothing otherwise, so scripts and logs stay clean. `percent` shows the share done instead of the counts.
 */
export function progress(label: string, options: OutputOptions, { percent = false }: { percent?: boolean } = {}): { update(done: number, total: number): void; stop(): void } {
  if (options.json || !process.stderr.isTTY) return { update() {}, stop() {} };
  // A percentage where the counts mean little to a person (bytes of a file read).
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] ${percent ? '{percentage}%' : '{value}/{total}'}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else bar.update(done);
    },
    stop() {
      // Once: a later step may stop the bar of the step before on each of its own updates.
      if (started) bar.stop();
      started = false;
    },
  };
}
