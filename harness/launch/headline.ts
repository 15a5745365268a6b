// One-line, student-facing descriptions of how a program ended, and the last lines of its output.

import type { ProcessOutcome } from './types.js';

/**
 * One line on how a process ended, chosen in a fixed order: spawn error, output limit, CPU limit, stopped by
 * sockgrade, signal, exit code.
 */
export function describeOutcome(o: ProcessOutcome, who: string): string {
  if (o.spawnError !== undefined) return `${who} could not start: ${describeSpawnError(o.spawnError)}`;
  if (o.outputLimitExceeded !== undefined) {
    const max = o.appliedLimits?.maxOutputBytes;
    const amount = max === undefined ? 'too much' : `more than ${formatBytes(max)}`;
    return `${who} was stopped after writing ${amount} to ${o.outputLimitExceeded} (output limit)`;
  }
  if (o.cpuLimitExceeded === true) {
    const seconds = o.appliedLimits?.cpuSeconds;
    return `${who} exceeded its CPU time limit${seconds === undefined ? '' : ` of ${seconds} s`}`;
  }
  if (o.stoppedByHarness) return `${who} was stopped by sockgrade after ${Math.round(o.durationMs)} ms`;
  if (o.signal !== null) return `${who} was killed by ${o.signal}`;
  if (o.exitCode === 0) return `${who} exited normally (code 0)`;
  if (o.exitCode !== null) return `${who} exited with code ${o.exitCode}`;
  return `${who} ended without an exit code or signal`;
}

function describeSpawnError(error: NonNullable<ProcessOutcome['spawnError']>): string {
  const what = error.path;
  if (error.code === 'EHELPER') return `sockgrade's launch helper failed before it ran (${error.message})`;
  if (error.code === 'ENOENT' && error.message.startsWith('working directory')) return `${error.message} (ENOENT)`;
  if (what !== undefined && error.code === 'ENOENT') return `${what} was not found (ENOENT)`;
  if (what !== undefined && error.code === 'EACCES') return `${what} is not executable (EACCES)`;
  return `${error.message} (${error.code})`;
}

/** A byte count in the largest binary unit that divides it exactly: '1 MiB', '64 KiB', '1000 bytes'. */
export function formatBytes(bytes: number): string {
  const units: Array<[string, number]> = [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]];
  for (const [unit, size] of units) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return bytes === 1 ? '1 byte' : `${bytes} bytes`;
}

/** The last `n` non-empty lines of `text` (`\r\n` and `\r` count as line ends), joined with `\n`. */
export function lastLines(text: string, n: number): string {
  if (n <= 0) return '';
  const lines = text.split(/\r\n|\r|\n/).filter((line) => line.trim() !== '');
  return lines.slice(-n).join('\n');
}

/** `\nlast lines of stderr:\n…` (the last 5 non-empty lines), or '' when the program wrote nothing there. */
export function stderrTail(o: ProcessOutcome): string {
  const err = lastLines(o.stderr.text, 5);
  return err ? `\nlast lines of stderr:\n${err}` : '';
}
