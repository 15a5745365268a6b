// One line of results.jsonl: a student's submission and how it was graded (shared by the batch
// grader, the gradebook, the class report, shards and merge), and the small summary of it that a
// batch keeps in memory while the full result waits on disk (<out>/<student>/result.json).
import type { CheckResult, Result } from '../result/types.js';

/** The format tag of a batch entry. */
export const BATCH_ENTRY_SCHEMA = 'sockgrade/batch-entry@1' as const;

/** A graded (or ungradable) submission in a class. */
export interface BatchEntry {
  schema: typeof BATCH_ENTRY_SCHEMA;
  /** The student's id or name as recognised from the submission's folder or file names. */
  student: string;
  /** Where the submission came from (folder, or the files of a flat export). */
  source: string;
  /** Which file was taken for each role, relative to the submissions folder (absent: none found). */
  matched: { server?: string; client?: string };
  /** The grading's result; absent when nothing could be graded (e.g. no file for any role). */
  result?: Result;
  /** Why there is no result, or what went wrong in the harness (never the student's fault). */
  error?: string;
  /** sha256 of the submission's files, of the assignment file, and the harness version: a stored entry is reused only when all three match. */
  contentHash: string;
  assignmentHash: string;
  harnessVersion: string;
  /** Who the student is, as far as the export says (used by the gradebooks). */
  identity?: StudentIdentity;
  /** Roles for which no file was found: their checks are in the result as failed, with 0 points. */
  missing?: ('server' | 'client')[];
}

/** What an export says about a student (each field only when that export carries it). */
export interface StudentIdentity {
  /** Display name: Canvas's `smithjohn`, Moodle's full name, Gradescope's submitter name, or the folder name. */
  name?: string;
  /** Canvas user id (the gradebook's `ID` column). */
  canvasUserId?: string;
  /** Moodle participant id (the grading worksheet's `Participant <id>`). */
  moodleParticipantId?: string;
  /** Gradescope submission id, submitter's student id and e-mail. */
  gradescopeSubmissionId?: string;
  sid?: string;
  email?: string;
  /** Canvas marked the submission late. */
  late?: boolean;
}

/** What the class files (gradebooks, matching.txt, the report's numbers) and resume need of one check: its outcome, not its details. */
export type CheckSummary = Pick<CheckResult, 'id' | 'title' | 'hidden' | 'status' | 'score' | 'maxScore' | 'durationMs' | 'blockedBy' | 'message'>;

/** A result's totals and the outcome of each check (no transcripts, expected/actual, hints or environment). */
export interface ResultSummary extends Pick<Result, 'status' | 'score' | 'maxScore' | 'durationMs'> {
  checks: CheckSummary[];
}

/**
 * A batch entry as a run keeps it in memory: every field but the result, which is summarized. A full
 * BatchEntry is one too, so whatever reads summaries also reads entries.
 */
export interface EntrySummary extends Omit<BatchEntry, 'result'> {
  result?: ResultSummary;
}

/** The summary of an entry; a check's message is kept only when the check errored (the report lists those). */
export function summarize(entry: BatchEntry | EntrySummary): EntrySummary {
  const { result, ...rest } = entry;
  if (!result) return rest;
  const checks = result.checks.map(
    (c): CheckSummary => ({
      id: c.id,
      title: c.title,
      hidden: c.hidden,
      status: c.status,
      score: c.score,
      maxScore: c.maxScore,
      durationMs: c.durationMs,
      ...(c.blockedBy !== undefined ? { blockedBy: c.blockedBy } : {}),
      ...(c.status === 'errored' && c.message !== undefined ? { message: c.message } : {}),
    }),
  );
  return { ...rest, result: { status: result.status, score: result.score, maxScore: result.maxScore, durationMs: result.durationMs, checks } };
}

/**
 * An entry put back together from its stored parts (entry.json without the result, and result.json),
 * with its fields in the order a grading gives them (the result before the error), so that its
 * results.jsonl line is the same whether it was graded in this run or read back.
 */
export function joinEntry(rest: Omit<BatchEntry, 'result'>, result: Result | undefined): BatchEntry {
  const { error, ...head } = rest;
  return { ...head, ...(result ? { result } : {}), ...(error !== undefined ? { error } : {}) };
}
