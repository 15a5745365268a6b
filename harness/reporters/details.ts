// Shared plain-text pieces of a check for the CI formats: its details, and what a hidden check may show.
import type { CheckResult, Result, TranscriptEntry } from '../result/types.js';

/** What a hidden check shows in place of its details, in every format that masks them. */
export const HIDDEN_NOTE = 'This is a hidden check: its details are shown after grading.';

/** The check with message, expected/actual, hint and transcript removed when it is hidden. */
export function visibleCheck(c: CheckResult): CheckResult {
  if (!c.hidden) return c;
  const { expected: _e, actual: _a, hint: _h, message: _m, ...rest } = c;
  return { ...rest, message: HIDDEN_NOTE, transcript: [] };
}

/** Whether a student-visible format shows hidden checks' details (instructors: `--show-hidden`). */
export interface HiddenOptions {
  showHidden?: boolean;
}

/** The checks as a student-visible format shows them: hidden ones masked unless `showHidden`. */
export function checksToShow(checks: CheckResult[], options: HiddenOptions = {}): CheckResult[] {
  return options.showHidden ? checks : checks.map(visibleCheck);
}

/** The line about hidden checks that run only at grading time, when the assignment announces some. */
export function hiddenAtGradingNote(result: Result): string | undefined {
  const h = result.hiddenAtGrading;
  if (!h) return undefined;
  return `${h.checks} hidden check${h.checks === 1 ? '' : 's'} (${points(h.points)} point${h.points === 1 ? '' : 's'}) will run at grading time, with sentences you have not seen; ${h.checks === 1 ? 'it is' : 'they are'} not part of this score.`;
}

/** One line of a transcript: time, arrow (→ sockgrade, ← the student's program, · an observation), text. */
export function transcriptLine(e: TranscriptEntry): string {
  const arrow = { harness: '→', student: '←', sockgrade: '·' }[e.actor];
  return `${String(e.atMs).padStart(6)} ms  ${arrow} ${e.text.split('\n').join(`\n${' '.repeat(13)}`)}`;
}

/** The check's details as plain text: message, expected, actual, hint, transcript (whatever it has). */
export function detailsText(c: CheckResult): string {
  const lines: string[] = [];
  if (c.status === 'skipped') lines.push(`skipped: blocked by ${c.blockedBy ?? '?'}`);
  else if (c.message) lines.push(c.message);
  if (c.status === 'errored') lines.push('(sockgrade could not run this check: it is not counted against you)');
  const field = (label: string, value: string | undefined) => {
    if (value !== undefined) lines.push(`${label.padEnd(9)} ${value.split('\n').join(`\n${' '.repeat(10)}`)}`);
  };
  field('expected', c.expected);
  field('actual', c.actual);
  field('hint', c.hint);
  if (c.transcript.length > 0 && c.status !== 'skipped') lines.push('transcript', ...c.transcript.map(transcriptLine));
  return lines.join('\n');
}

/** A score without float noise: 2, 1.5, 0.33. */
export function points(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}
