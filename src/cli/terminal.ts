import { styleText } from 'node:util';

/**
 * How the CLI looks on a terminal: colour where stdout is a terminal (Node's own rules: none when piped,
 * with `NO_COLOR` or `NODE_DISABLE_COLORS`, forced with `FORCE_COLOR`), and tables that fit its width.
 */

/** What a piece of text means, not which colour it is: one place decides the colours. */
export type Tone = 'good' | 'bad' | 'warn' | 'muted' | 'strong';

const TONES: Record<Tone, Parameters<typeof styleText>[0]> = {
  good: ['bold', 'green'],
  bad: ['bold', 'red'],
  warn: ['bold', 'yellow'],
  muted: 'dim',
  strong: 'bold',
};

/** `text` in `tone` when stdout takes colour, as is otherwise. */
export function paint(tone: Tone, text: string): string {
  return styleText(TONES[tone], text, { stream: process.stdout });
}

/**
 * The columns output should fit: the terminal's when stdout is one, else `COLUMNS` when set (as `ls` does),
 * else unlimited (a pipe or a file keeps whole lines for scripts to read).
 */
export function outputWidth(): number {
  if (process.stdout.isTTY && process.stdout.columns) return process.stdout.columns;
  const columns = Number(process.env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : Number.POSITIVE_INFINITY;
}

/** The tone of a verdict status as a person reads it. */
export function statusTone(status: string): Tone {
  if (status === 'valid') return 'good';
  if (status === 'suspended' || status === 'expired' || status === 'not-yet-valid' || status === 'unreachable' || status === 'untrusted-issuer') return 'warn';
  return 'bad';
}

/** `0xf39Fd6e5…2266` as `0xf39F…2266`: enough to tell accounts apart at a glance, short enough for a table. */
export function shortHex(hex: string): string {
  return hex.length > 13 ? `${hex.slice(0, 6)}…${hex.slice(-4)}` : hex;
}
