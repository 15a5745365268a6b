// Grading one submission under its isolation: in a worker inside its own namespaces, or in this
// process on the machine's shared network (where the assignment's fixed port is taken under a lock).
import type { LoadedAssignment } from './spec/load.js';
import type { Result } from './result/types.js';
import { runGrading, type RunEvents } from './runner.js';
import { makePlan, type PlanRequest } from './session/make-plan.js';
import { acquirePortLock } from './session/port-lock.js';
import type { SandboxPlan } from './session/plan.js';
import { runInWorker } from './worker/run-in-worker.js';
import { preparePrograms } from './session/prepare-programs.js';
import type { IsolationReport } from './sandbox/types.js';

/** The isolation chosen for a grading: the plan's record of it, and how to start the worker. */
export interface SandboxChoice {
  plan: SandboxPlan;
  /** Prefix that starts a command in fresh namespaces (namespace mode only). */
  workerPrefix?: string[];
  /** Where each student process can be jailed: the machine's report and extra paths to hide. */
  jail?: { report: IsolationReport; hide: string[] };
}

/**
 * Grades one submission; resolves with its result (reporters get the events as they happen). With
 * `later`, the programs' scratch copies are removed after it resolves, and the removal is handed to
 * `later` (a batch awaits them all at its end, rather than each before its next grading).
 */
export async function gradeSubmission(
  loaded: LoadedAssignment,
  request: PlanRequest,
  sandbox: SandboxChoice,
  events: RunEvents = {},
  later?: (cleanup: Promise<void>) => void,
): Promise<Result> {
  // On the shared network, gradings that need the assignment's fixed port take turns.
  const release = sandbox.plan.mode === 'none' && request.port === undefined ? await acquirePortLock(loaded.assignment.port) : undefined;
  try {
    const prepared = await preparePrograms(await makePlan(loaded, request, sandbox.plan), sandbox.jail);
    try {
      const plan = prepared.plan;
      return sandbox.workerPrefix ? await runInWorker(plan, sandbox.workerPrefix, events) : await runGrading(plan, events);
    } finally {
      // Every program of the grading has ended by now (the worker is back, or the runner stopped them).
      if (later) later(prepared.dispose());
      else await prepared.dispose();
    }
  } finally {
    release?.();
  }
}
