/**
 * Crash-test hooks. When the environment variable `MICROCRED_FAILPOINT` names one of these steps, the
 * process kills itself with SIGKILL right there: no `finally`, no exit handlers, no flushing, just like a
 * power cut or an OOM kill. The crash tests (test/node/anchor-crash.test.ts) use it to prove that a rerun
 * recovers from every step; nothing else should set it.
 *
 * | failpoint              | the process dies...                                                     |
 * |------------------------|-------------------------------------------------------------------------|
 * | `issue-mid-files`      | half-way through writing a new batch's files (in the temp folder)      |
 * | `issue-after-commit`   | after the batch's rows are committed, before its folder is moved into place |
 * | `after-intent`         | after the anchor intent is recorded, before any transaction is sent    |
 * | `after-send`           | after the node accepted the anchor transaction, before its hash is recorded |
 * | `after-sent-recorded`  | after the hash is recorded, before the receipt arrives                 |
 * | `after-confirm`        | after the anchor is recorded as confirmed, before any file is updated  |
 * | `mid-files`            | after half of the credential files got the anchor                       |
 * | `action-after-intent`  | after a revoke/suspend/unsuspend intent is recorded, before sending    |
 * | `action-after-send`    | after the node accepted a revoke/suspend/unsuspend, before its hash is recorded |
 * | `batch-revoke-after-intent` | after a whole-batch revocation intent is recorded, before sending  |
 * | `batch-revoke-after-send`   | after the node accepted a whole-batch revocation, before its hash is recorded |
 * | `batch-revoke-after-sent-recorded` | after that hash is recorded, before the receipt arrives      |
 * | `discard-after-mark`   | after a batch is marked as being discarded, before any file is deleted  |
 * | `discard-mid-files`    | after half of a discarded batch's credential files are deleted          |
 */
export const FAILPOINTS = [
  'issue-mid-files',
  'issue-after-commit',
  'after-intent',
  'after-send',
  'after-sent-recorded',
  'after-confirm',
  'mid-files',
  'action-after-intent',
  'action-after-send',
  'batch-revoke-after-intent',
  'batch-revoke-after-send',
  'batch-revoke-after-sent-recorded',
  'discard-after-mark',
  'discard-mid-files',
] as const;
export type Failpoint = (typeof FAILPOINTS)[number];

export const FAILPOINT_ENV = 'MICROCRED_FAILPOINT';

export function failpoint(name: Failpoint): void {
  if (process.env[FAILPOINT_ENV] === name) process.kill(process.pid, 'SIGKILL');
}
