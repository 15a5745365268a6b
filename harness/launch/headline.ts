// One-line, student-facing descriptions of how a program ended, and the last lines of its output.

import type { ProcessOutcome } from './types.js';

/** One line on how a process ended, chosen in a fixed order: spawn error, stopped by sockgrade, signal, exit code. */
export function describeOutcome(o: ProcessOutcome, who: string): string {
  if (o.spawnError !== undefined) return `${who} could not start: ${describeSpawnError(o.spawnError)}`;
  if (o.stoppedByHarness) return `${who} was stopped by sockgrade after ${Math.round(o.durationMs)} ms`;
  if (o.signal !== null) return `${who} was killed by ${o.signal}`;
  if (o.exitCode === 0) return `${who} exited normally (code 0)`;
  if (o.exitCode !== null) return `${who} exited with code ${o.exitCode}`;
  return `${who} ended without an exit code or signal`;
}

function describeSpawnError(error: NonNullable<ProcessOutcome['spawnError']>): string {
  const what = error.path;
  if (error.code === 'ENOENT' && error.message.startsWith('working directory')) return `${error.message} (ENOENT)`;
  if (what !== undefined && error.code === 'ENOENT') return `${what} was not found (ENOENT)`;
  if (what !== undefined && error.code === 'EACCES') return `${what} is not executable (EACCES)`;
  return `${error.message} (${error.code})`;
}

/** The last `n` non-empty lines of `text` (`\r\n` and `\r` count as line ends), joined with `\n`. */
export function lastLines(text: string, n: number): string {
  if (n <= 0) return '';
  const lines = text.split(/\r\n|\r|\n/).filter((line) => line.trim() !== '');
  return lines.slice(-n).join('\n');
}
