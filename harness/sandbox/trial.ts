// One bounded trial run of a helper program: ok or not, its cost, and why not in plain words.

import { spawn } from 'node:child_process';
import type { Trial } from './types.js';

/** Default bound on each trial; a working trial takes a few milliseconds. */
export const TRIAL_TIMEOUT_MS = 5_000;

const STDERR_KEPT_BYTES = 4_096;

/** Runs `argv` (no shell, stdin empty), SIGKILLing it after `timeoutMs`; never throws. */
export function runTrial(argv: string[], timeoutMs = TRIAL_TIMEOUT_MS): Promise<Trial> {
  const [file, ...args] = argv;
  const started = performance.now();
  const done = (ok: boolean, detail: string): Trial => ({ ok, ms: round(performance.now() - started), argv, detail });
  if (file === undefined) return Promise.resolve(done(false, 'nothing to run'));
  return new Promise((resolve) => {
    let stderr = '';
    let timedOut = false;
    // Its own process group: a trial's forked children (unshare --fork, bwrap) are killed with it.
    const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-(child.pid ?? 0), 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    // Once killed, settle at its exit: a grandchild that escaped the group must not hold the answer.
    child.once('exit', () => {
      if (!timedOut) return;
      child.stderr.destroy();
      resolve(done(false, `no answer within ${timeoutMs} ms (killed)`));
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < STDERR_KEPT_BYTES) stderr += chunk;
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(done(false, `${file} could not be started (${error.code ?? error.message})`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return resolve(done(false, `no answer within ${timeoutMs} ms (killed)`));
      if (code === 0) return resolve(done(true, ''));
      const status = code === null ? `killed by ${signal ?? 'a signal'}` : `exit status ${code}`;
      const firstLine = stderr.trim().split('\n')[0]?.trim() ?? '';
      resolve(done(false, firstLine === '' ? status : `${status}: ${firstLine}`));
    });
  });
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
