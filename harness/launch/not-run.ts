// Outcomes of programs that never ran, or that the launcher itself failed to watch.

import type { BoundedCapture } from './capture.js';
import type { ProcessOutcome, StudentProcess } from './types.js';

/** The fields of an outcome for a program that never ran. */
export function notRun(durationMs: number): Pick<ProcessOutcome, 'exitCode' | 'signal' | 'stoppedByHarness' | 'durationMs'> {
  return { exitCode: null, signal: null, stoppedByHarness: false, durationMs };
}

/** Both captures as they are now, as outcome fields. */
export function snapshots(stdout: BoundedCapture, stderr: BoundedCapture): Pick<ProcessOutcome, 'stdout' | 'stderr'> {
  return { stdout: stdout.snapshot(), stderr: stderr.snapshot() };
}

/** A program found unable to start before anything was spawned: already ended, nothing to stop. */
export function unstartable(outcome: ProcessOutcome): StudentProcess {
  const settled = Promise.resolve(outcome);
  return {
    pid: undefined,
    exited: true,
    stdoutText: () => outcome.stdout.text,
    stderrText: () => outcome.stderr.text,
    outcome: settled,
    waitForExit: () => settled,
    stop: () => settled,
  };
}

/** An outcome for a failure of the launcher itself, so that `outcome` never rejects. */
export function internalFailure(
  error: unknown,
  elapsedMs: number,
  streams: Pick<ProcessOutcome, 'stdout' | 'stderr'>,
): ProcessOutcome {
  const message = error instanceof Error ? error.message : String(error);
  return {
    exitCode: null,
    signal: null,
    stoppedByHarness: false,
    spawnError: { code: 'EHARNESS', message: `sockgrade could not watch the program: ${message}` },
    durationMs: Math.round(elapsedMs),
    ...streams,
  };
}
