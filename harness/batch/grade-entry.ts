// Grading one student of a batch: match each role's file, stage the submission in a private folder
// (a flat export mixes everyone's files), grade it, and turn the outcome into a batch entry.
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gradeSubmission, type SandboxChoice } from '../grade-one.js';
import type { LoadedAssignment } from '../spec/load.js';
import type { Result } from '../result/types.js';
import type { PlanRequest } from '../session/make-plan.js';
import { VERSION } from '../version.js';
import type { Submission } from './discover.js';
import { stableHash } from './hashes.js';
import { matchRoles, type RoleMatch } from './match-roles.js';
import { withMissingRoles } from './missing-roles.js';
import { BATCH_ENTRY_SCHEMA, type BatchEntry } from './types.js';

/** What every grading of a batch shares. */
export interface BatchGradingContext {
  loaded: LoadedAssignment;
  sandbox: SandboxChoice;
  assignmentHash: string;
  /** Takes the removal of a grading's temporary folders, to be awaited by the batch (not before its next grading). */
  later: (cleanup: Promise<void>) => void;
}

/** Grades one submission; never throws: a harness failure becomes an entry with `error`. */
export async function gradeEntry(ctx: BatchGradingContext, submission: Submission, contentHash: string): Promise<BatchEntry> {
  const matches = matchRoles(ctx.loaded.assignment, submission.files);
  const found = matches.filter((m) => m.file);
  const missing = matches.filter((m) => !m.file);
  // The seed comes from the student and the content, so a regrade of unchanged work gives the same result.
  const seed = (stableHash(`${submission.student}\0${contentHash}`) % (2 ** 31 - 2)) + 1;
  const entry: BatchEntry = {
    schema: BATCH_ENTRY_SCHEMA,
    student: submission.student,
    source: submission.source,
    matched: Object.fromEntries(found.map((m) => [m.role, m.file?.display])),
    contentHash,
    assignmentHash: ctx.assignmentHash,
    harnessVersion: VERSION,
    identity: submission.identity,
    ...(missing.length > 0 ? { missing: missing.map((m) => m.role) } : {}),
  };
  let result: Result | undefined;
  if (found.length > 0) {
    try {
      result = await gradeStaged(ctx, submission, found, seed);
    } catch (error) {
      return { ...entry, error: `sockgrade could not grade this submission (not the student's fault): ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  const full = missing.length > 0 || !result ? withMissingRoles(ctx.loaded, result, missing, { sandbox: ctx.sandbox.plan, seed }) : result;
  const errored = full.checks.filter((c) => c.status === 'errored').map((c) => c.id);
  return { ...entry, result: full, ...(errored.length > 0 ? { error: `some checks could not be run by sockgrade (not the student's fault): ${errored.join(', ')}` } : {}) };
}

async function gradeStaged(ctx: BatchGradingContext, submission: Submission, found: RoleMatch[], seed: number): Promise<Result> {
  const stage = await mkdtemp(path.join(tmpdir(), 'sockgrade-stage-'));
  try {
    for (const file of submission.files) {
      const target = path.join(stage, 'submission', ...file.name.split('/'));
      await mkdir(path.dirname(target), { recursive: true });
      await copyFile(file.path, target);
    }
    const request: PlanRequest = { seed };
    for (const m of found) if (m.file) request[m.role] = path.join(stage, 'submission', ...m.file.name.split('/'));
    const result = await gradeSubmission(ctx.loaded, request, ctx.sandbox, {}, ctx.later);
    // Show the instructor's paths, not the private staging folder.
    const submitted = { ...result.submission };
    for (const m of found) {
      const program = submitted[m.role];
      if (program && m.file) submitted[m.role] = { ...program, file: m.file.display, command: program.command.replaceAll(stage, '.') };
    }
    return { ...result, submission: submitted };
  } finally {
    ctx.later(rm(stage, { recursive: true, force: true }));
  }
}
