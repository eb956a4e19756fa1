/**
 * Crash-test hooks. When the environment variable `MICROCRED_FAILPOINT` names one of these steps, the
 * process kills itself with SIGKILL right there: no `finally`, no exit handlers, no flushing, just like a
 * power cut or an OOM kill. The crash tests (test/node/crash.test.ts) use it to prove that a rerun
 * recovers from every step; nothing else should set it.
 *
 * | failpoint                   | the process dies...                                                |
 * |-----------------------------|--------------------------------------------------------------------|
 * | `issue-mid-files`           | half-way through writing a new batch's files (in the temp folder) |
 * | `issue-after-commit`        | after the batch's rows are committed, before its folder is moved into place |
 * | `write-after-intent`        | after a chain write's intent is journaled, before anything is sent |
 * | `write-after-send`          | after the node accepted the transaction, before its hash is journaled |
 * | `write-after-sent-recorded` | after the hash is journaled, before the receipt arrives            |
 * | `write-after-confirm`       | after the write is journaled as confirmed (an anchor: before any file is updated) |
 * | `mid-files`                 | after half of the credential files got the anchor                  |
 * | `discard-after-mark`        | after a batch is marked as being discarded, before any file is deleted |
 * | `discard-mid-files`         | after half of a discarded batch's credential files are deleted     |
 *
 * The `write-*` steps are those of every chain write (src/node/issuer/journaledWrite.ts): anchor,
 * revoke-batch, revoke, suspend and unsuspend all pass through them, once per transaction.
 *
 * `<step>:<n>` dies the n-th time the process reaches the step (`write-after-send:2`: at the second
 * transaction of a write split by the gas limit); `<step>` alone is `<step>:1`.
 */
export const FAILPOINTS = [
  'issue-mid-files',
  'issue-after-commit',
  'write-after-intent',
  'write-after-send',
  'write-after-sent-recorded',
  'write-after-confirm',
  'mid-files',
  'discard-after-mark',
  'discard-mid-files',
] as const;
export type Failpoint = (typeof FAILPOINTS)[number];

export const FAILPOINT_ENV = 'MICROCRED_FAILPOINT';

const reached = new Map<Failpoint, number>();

export function failpoint(name: Failpoint): void {
  const wanted = process.env[FAILPOINT_ENV];
  if (!wanted) return;
  const [step, nth = '1'] = wanted.split(':');
  if (step !== name) return;
  const times = (reached.get(name) ?? 0) + 1;
  reached.set(name, times);
  if (String(times) === nth) process.kill(process.pid, 'SIGKILL');
}
