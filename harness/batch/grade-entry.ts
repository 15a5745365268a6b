// Grading one student of a batch: match each role's file, stage the submission in a private folder
// (a flat export mixes everyone's files), grade it, and turn the outcome into a batch entry.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prepareGrading, type PreparedGrading, type SandboxChoice } from '../grade-one.js';
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

/** A student made ready to grade: `grade` grades them (once) or `discard` drops what was prepared. */
export interface PreparedEntry {
  /** Grades the submission; never throws: a harness failure becomes an entry with `error`. */
  grade(): Promise<BatchEntry>;
  /** Hands the removal of what was prepared (the staging and scratch folders) to the batch, without grading. */
  discard(): void;
}

/**
 * Prepares one student's grading: matches each role's file, stages the submission and prepares its
 * programs, so that a job can prepare its next student while it grades the current one. Never
 * rejects: a harness failure while preparing comes out of `grade` as an entry with `error`.
 */
export async function prepareEntry(ctx: BatchGradingContext, submission: Submission, contentHash: string): Promise<PreparedEntry> {
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
  const failed = (error: unknown): BatchEntry => ({
    ...entry,
    error: `sockgrade could not grade this submission (not the student's fault): ${error instanceof Error ? error.message : String(error)}`,
  });
  const complete = async (result: Result | undefined): Promise<BatchEntry> => {
    const full = missing.length > 0 || !result ? await withMissingRoles(ctx.loaded, result, missing, { sandbox: ctx.sandbox.plan, seed }) : result;
    const errored = full.checks.filter((c) => c.status === 'errored').map((c) => c.id);
    return { ...entry, result: full, ...(errored.length > 0 ? { error: `some checks could not be run by sockgrade (not the student's fault): ${errored.join(', ')}` } : {}) };
  };
  if (found.length === 0) return { grade: async () => complete(undefined), discard: () => {} };
  let staged: StagedGrading;
  try {
    staged = await stage(ctx, submission, found, seed);
  } catch (error) {
    return { grade: async () => failed(error), discard: () => {} };
  }
  return {
    grade: async () => {
      try {
        return await complete(await staged.run());
      } catch (error) {
        return failed(error);
      }
    },
    discard: staged.discard,
  };
}

/** A submission staged in a private folder, its grading prepared. */
interface StagedGrading {
  /** Grades it; its folders are removed afterwards (by the batch). */
  run(): Promise<Result>;
  discard(): void;
}

async function stage(ctx: BatchGradingContext, submission: Submission, found: RoleMatch[], seed: number): Promise<StagedGrading> {
  const stageDir = mkdtempSync(path.join(tmpdir(), 'sockgrade-stage-'));
  // Removed at once, with synchronous calls: the staged copy is the harness's own, a few files no student program writes to.
  const removeStage = (): void => {
    try {
      rmSync(stageDir, { recursive: true, force: true });
    } catch {
      // left in the temp folder; nothing depends on it
    }
  };
  let prepared: PreparedGrading;
  try {
    for (const file of submission.files) {
      const target = path.join(stageDir, 'submission', ...file.name.split('/'));
      mkdirSync(path.dirname(target), { recursive: true });
      copyFileSync(file.path, target);
    }
    const request: PlanRequest = { seed };
    for (const m of found) if (m.file) request[m.role] = path.join(stageDir, 'submission', ...m.file.name.split('/'));
    prepared = await prepareGrading(ctx.loaded, request, ctx.sandbox);
  } catch (error) {
    removeStage();
    throw error;
  }
  return {
    run: async () => {
      try {
        const result = await prepared.run({}, ctx.later);
        // Show the instructor's paths, not the private staging folder.
        const submitted = { ...result.submission };
        for (const m of found) {
          const program = submitted[m.role];
          if (program && m.file) submitted[m.role] = { ...program, file: m.file.display, command: program.command.replaceAll(stageDir, '.') };
        }
        return { ...result, submission: submitted };
      } finally {
        removeStage();
      }
    },
    discard: () => {
      ctx.later(prepared.dispose());
      removeStage();
    },
  };
}
