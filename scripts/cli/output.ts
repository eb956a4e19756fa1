import cliProgress from 'cli-progress';
import type { ErrorCode } from './failure.js';

/**
 * An error the CLI reports as one clear message and a non-zero exit, without a stack trace. `code` is what
 * `--json` reports (see `ERROR_CODES` in failure.ts); without one, the code of the cause, else `failed`.
 */
export class CliError extends Error {
  override name = 'CliError';
  readonly code: ErrorCode | undefined;
  constructor(message: string, readonly exitCode = 1, readonly details?: string[], options?: { cause?: unknown; code?: ErrorCode }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
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

/** A plain-text table whose columns fit their widest cell. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  // A fold, not Math.max(...column): a 100,000-row table spread as arguments can overflow the call stack.
  const widths = headers.map((_, c) => cells.reduce((widest, row) => Math.max(widest, (row[c] ?? '').length), 0));
  const line = (row: string[]) => row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n');
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
