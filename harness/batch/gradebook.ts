// Gradebook CSVs in the layouts Canvas and Moodle import (columns documented in docs/grading.md).
import { stringify } from 'csv-stringify/sync';
import type { EntrySummary } from './types.js';

/** Canvas: Student, ID, SIS User ID, SIS Login ID, Section, then one column titled after the assignment; a Points Possible row. */
export function canvasGradebook(entries: EntrySummary[], assignment: { title: string }, maxScore: number): string {
  const rows: string[][] = [['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', assignment.title], ['Points Possible', '', '', '', '', fmt(maxScore)]];
  for (const e of entries) rows.push([e.identity?.name ?? e.student, e.identity?.canvasUserId ?? '', e.identity?.sid ?? '', e.identity?.email ?? '', '', grade(e)]);
  return stringify(rows, { record_delimiter: 'unix' });
}

/** Moodle (assignment grading worksheet): Identifier, Full name, Email address, Grade, Maximum Grade, Feedback comments. */
export function moodleGradebook(entries: EntrySummary[], maxScore: number): string {
  const rows: string[][] = [['Identifier', 'Full name', 'Email address', 'Grade', 'Maximum Grade', 'Feedback comments']];
  for (const e of entries) {
    const id = e.identity?.moodleParticipantId ? `Participant ${e.identity.moodleParticipantId}` : (e.identity?.email ?? e.student);
    rows.push([id, e.identity?.name ?? e.student, e.identity?.email ?? '', grade(e), fmt(e.result?.maxScore ?? maxScore), comment(e)]);
  }
  return stringify(rows, { record_delimiter: 'unix' });
}

/** The largest maxScore among the entries (the assignment's total), 0 when none was graded. */
export function classMaxScore(entries: EntrySummary[]): number {
  return entries.reduce((max, e) => Math.max(max, e.result?.maxScore ?? 0), 0);
}

/** The grade to import: the score, or empty when sockgrade could not grade the submission completely. */
function grade(e: EntrySummary): string {
  return e.result && !e.error ? fmt(e.result.score) : '';
}

/** One line a student reads next to the grade. */
export function comment(e: EntrySummary): string {
  if (!e.result || e.error) return 'Not graded yet: sockgrade could not grade this submission completely; it will be regraded.';
  const checks = e.result.checks;
  const passed = checks.filter((c) => c.status === 'passed');
  const head = `${fmt(e.result.score)}/${fmt(e.result.maxScore)}: `;
  if (passed.length === checks.length) return `${head}all ${checks.length} checks passed.`;
  const missing = (e.missing ?? []).map((r) => ` No ${r} program was found.`).join('');
  return `${head}${passed.length} of ${checks.length} checks passed.${missing} Details are in your feedback file.`;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}
