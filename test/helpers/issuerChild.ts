import { spawn } from 'node:child_process';
import path from 'node:path';
import type { ChildJob } from '../node/fixtures/issuer-child.js';
import { REPO_ROOT } from './chain.js';

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `job` in test/node/fixtures/issuer-child.ts, optionally dying at `failpoint`. */
export function runChild(job: ChildJob, failpoint?: string): Promise<ChildRun> {
  const env = { ...process.env };
  if (failpoint) env.MICROCRED_FAILPOINT = failpoint;
  else delete env.MICROCRED_FAILPOINT;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'test/node/fixtures/issuer-child.ts'), JSON.stringify(job)], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
