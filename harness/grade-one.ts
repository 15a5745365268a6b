// Grading one submission under its isolation: in a worker inside its own namespaces, or in this
// process on the machine's shared network (where the assignment's fixed port is taken under a lock).
import type { LoadedAssignment } from './spec/load.js';
import type { Result } from './result/types.js';
import type { RunEvents } from './runner.js';
import { makePlan, type PlanRequest } from './session/make-plan.js';
import { acquirePortLock } from './session/port-lock.js';
import type { SandboxPlan } from './session/plan.js';
import { runInWorker } from './worker/run-in-worker.js';
import { preparePrograms, type PreparedPrograms } from './session/prepare-programs.js';
import type { IsolationReport } from './sandbox/types.js';

/** The isolation chosen for a grading: the plan's record of it, and how to start the worker. */
export interface SandboxChoice {
  plan: SandboxPlan;
  /** Prefix that starts a command in fresh namespaces (namespace mode only). */
  workerPrefix?: string[];
  /** Where each student process can be jailed: the machine's report and extra paths to hide. */
  jail?: { report: IsolationReport; hide: string[] };
}

/** A submission made ready to grade: its programs prepared (interpreters found, scratch copies made). */
export interface PreparedGrading {
  /**
   * Grades it (once); resolves with its result (reporters get the events as they happen). Its
   * programs' scratch copies are removed after it resolves: with `later`, the removal is handed to
   * `later` (a batch awaits them all at its end, rather than each before its next grading).
   */
  run(events?: RunEvents, later?: (cleanup: Promise<void>) => void): Promise<Result>;
  /** Removes what the preparation made, for a submission that will not be graded after all. */
  dispose(): Promise<void>;
}

/**
 * Prepares one submission's grading, which `run` then performs. On the shared network, where
 * gradings that need the assignment's fixed port take turns, the plan (which looks whether that port
 * is free) is made only when its turn comes, in `run`.
 */
export async function prepareGrading(loaded: LoadedAssignment, request: PlanRequest, sandbox: SandboxChoice): Promise<PreparedGrading> {
  const prepare = async (): Promise<PreparedPrograms> => preparePrograms(await makePlan(loaded, request, sandbox.plan), sandbox.jail);
  if (sandbox.plan.mode === 'none' && request.port === undefined) {
    return {
      run: async (events = {}, later) => {
        const release = await acquirePortLock(loaded.assignment.port);
        try {
          return await runPrepared(await prepare(), sandbox, events, later);
        } finally {
          release();
        }
      },
      dispose: async () => {},
    };
  }
  const prepared = await prepare();
  return { run: (events = {}, later) => runPrepared(prepared, sandbox, events, later), dispose: () => prepared.dispose() };
}

/** Grades one submission now (`prepareGrading`, then its `run`). */
export async function gradeSubmission(
  loaded: LoadedAssignment,
  request: PlanRequest,
  sandbox: SandboxChoice,
  events: RunEvents = {},
  later?: (cleanup: Promise<void>) => void,
): Promise<Result> {
  return (await prepareGrading(loaded, request, sandbox)).run(events, later);
}

async function runPrepared(prepared: PreparedPrograms, sandbox: SandboxChoice, events: RunEvents, later: ((cleanup: Promise<void>) => void) | undefined): Promise<Result> {
  try {
    const plan = prepared.plan;
    if (sandbox.workerPrefix) return await runInWorker(plan, sandbox.workerPrefix, events);
    // Graded in this process (no namespace for a worker): the runner and its checks load only then.
    const { runGrading } = await import('./runner.js');
    return await runGrading(plan, events);
  } finally {
    // Every program of the grading has ended by now (the worker is back, or the runner stopped them).
    if (later) later(prepared.dispose());
    else await prepared.dispose();
  }
}
