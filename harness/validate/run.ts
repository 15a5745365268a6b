// Validating an assignment: the reference implementation must pass every check, and every applicable
// mutant of it must fail at least one, all graded by the normal engine on free loopback ports.
import { availableParallelism } from 'node:os';
import { MUTANT_NAMES, describeMutant, isServerMutant, mutantApplies, type MutantName } from '../../reference/mutants.js';
import type { LoadedAssignment } from '../spec/load.js';
import type { Result } from '../result/types.js';
import { makePlan } from '../session/make-plan.js';
import type { GradingPlan, SandboxPlan } from '../session/plan.js';
import { runGrading } from '../runner.js';
import { SOCKGRADE_BIN, referenceProgram } from './programs.js';
import { decide } from './verdict.js';
import type { MutantOutcome, Validation } from './types.js';

/** Options of a validation. */
export interface ValidateOptions {
  /** Gradings run at once (default: three per core, at least four: they mostly wait on sockets). */
  jobs?: number;
  /** Called as each mutant's outcome is known (for progress). */
  onMutant?: (outcome: MutantOutcome) => void;
}

/** The reference programs are sockgrade's own code: run on the machine's network, on free ports, unjailed. */
const SANDBOX: SandboxPlan = { mode: 'none', unprotected: ["nothing to protect: these are sockgrade's own reference programs"] };

/** Grades the reference and every mutant of `loaded`; never throws for what a graded program does. */
export async function validateAssignment(loaded: LoadedAssignment, options: ValidateOptions = {}): Promise<Validation> {
  const started = performance.now();
  const { assignment } = loaded;
  const jobs = Math.max(1, options.jobs ?? Math.max(4, availableParallelism() * 3));
  const tasks: Array<() => Promise<Result | MutantOutcome>> = [() => gradeReference(loaded, 'both')];
  const skipped: MutantOutcome[] = [];
  const graded: MutantName[] = [];
  for (const name of MUTANT_NAMES) {
    const role = isServerMutant(name) ? 'server' : 'client';
    const applies = mutantApplies(name, assignment);
    if (!applies.applies) {
      skipped.push({ name, role, description: describeMutant(name), status: 'skipped', caughtBy: [], reason: applies.reason, durationMs: 0 });
      continue;
    }
    graded.push(name);
    tasks.push(async () => {
      const t0 = performance.now();
      try {
        const result = await gradeReference(loaded, role, name);
        return outcomeOf(name, role, result, Math.round(performance.now() - t0));
      } catch (error) {
        const reason = `sockgrade could not grade this mutant: ${error instanceof Error ? error.message : String(error)}`;
        return { name, role, description: describeMutant(name), status: 'errored', caughtBy: [], reason, durationMs: Math.round(performance.now() - t0) };
      }
    });
  }
  const done = await pool(tasks, jobs, (value) => {
    if (!('schema' in value)) options.onMutant?.(value);
  });
  const [reference, ...outcomes] = done as [Result, ...MutantOutcome[]];
  // A check the reference fails says nothing about a mutant failing it too.
  const passedByReference = new Set(reference.checks.filter((c) => c.status === 'passed').map((c) => c.id));
  const mutants = [...outcomes.map((o) => onlyMeaningful(o, passedByReference)), ...skipped].sort(
    (a, b) => MUTANT_NAMES.indexOf(a.name as MutantName) - MUTANT_NAMES.indexOf(b.name as MutantName),
  );
  return decide(loaded, reference, mutants, Math.round(performance.now() - started));
}

/** Grades the reference programs (both roles, and the pair) or one mutant in its role, as validate does. */
export async function gradeReference(loaded: LoadedAssignment, role: 'server' | 'client' | 'both', mutant?: MutantName): Promise<Result> {
  const { assignment } = loaded;
  const both = role === 'both';
  // makePlan resolves the port, readiness, seed and run id; the programs are then set to the reference's own.
  const base = await makePlan(
    loaded,
    { ...(both || role === 'server' ? { server: SOCKGRADE_BIN } : {}), ...(both || role === 'client' ? { client: SOCKGRADE_BIN } : {}), ...(both ? { pair: true } : {}), port: 'auto' },
    SANDBOX,
  );
  const plan: GradingPlan = {
    ...base,
    ...(base.server ? { server: referenceProgram('server', assignment, role === 'server' ? mutant : undefined) } : {}),
    ...(base.client ? { client: referenceProgram('client', assignment, role === 'client' ? mutant : undefined) } : {}),
  };
  return runGrading(plan);
}

/** A mutant is caught by a failed check that costs it points; failing only 0-point checks, it still gets full marks. */
function outcomeOf(name: MutantName, role: 'server' | 'client', result: Result, durationMs: number): MutantOutcome {
  const failed = result.checks.filter((c) => c.status === 'failed');
  const costly = failed.filter((c) => c.maxScore > 0).map((c) => c.id);
  const free = failed.filter((c) => c.maxScore === 0).map((c) => c.id);
  const errored = result.checks.filter((c) => c.status === 'errored');
  const base = { name, role, description: describeMutant(name), caughtBy: costly, durationMs };
  if (costly.length > 0) return { ...base, status: 'caught' };
  if (errored.length > 0) return { ...base, status: 'errored', reason: errored.map((c) => `${c.id}: ${c.message ?? 'errored'}`).join('; ') };
  return { ...base, status: 'survived', ...(free.length > 0 ? { reason: `failed only checks worth 0 points: ${free.join(', ')}` } : {}) };
}

function onlyMeaningful(outcome: MutantOutcome, passedByReference: Set<string>): MutantOutcome {
  if (outcome.status !== 'caught') return outcome;
  const caughtBy = outcome.caughtBy.filter((id) => passedByReference.has(id));
  return caughtBy.length > 0 ? { ...outcome, caughtBy } : { ...outcome, caughtBy, status: 'survived', reason: `failed only checks the reference fails too: ${outcome.caughtBy.join(', ')}` };
}

/** Runs `tasks` with at most `limit` at once; results in task order. */
async function pool<T>(tasks: Array<() => Promise<T>>, limit: number, onDone: (value: T) => void): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      const task = tasks[index];
      if (!task) continue;
      const value = await task();
      results[index] = value;
      onDone(value);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
