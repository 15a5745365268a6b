// One line of results.jsonl: a student's submission and how it was graded (shared by the batch
// grader, the gradebook, the class report, shards and merge).
import type { Result } from '../result/types.js';

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
