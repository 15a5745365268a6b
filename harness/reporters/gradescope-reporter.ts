// The gradescope reporter: results.json written at the start and rewritten atomically after each check,
// so a killed run still leaves a valid file; a harness error leaves none (Gradescope: not gradable).
import { rmSync } from 'node:fs';
import type { CheckResult } from '../result/types.js';
import { renderGradescope, renderProvisional, type GradescopeOptions, type ProvisionalRun } from './gradescope.js';
import type { Reporter } from './types.js';
import { writeFileAtomic } from './write-file.js';
import { VERSION } from '../version.js';

/** Writes Gradescope's results.json to `file` as the run goes. */
export function gradescopeReporter(file: string, options: GradescopeOptions): Reporter {
  const run: ProvisionalRun = { planned: [], done: [], startedMs: performance.now(), nowMs: performance.now(), extra: {} };
  const write = (value: unknown) => writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
  const provisional = () => write(renderProvisional({ ...run, nowMs: performance.now() }, options));
  return {
    name: `gradescope=${file}`,
    onRunStart({ plan, checks }) {
      run.planned = checks;
      run.extra = { version: VERSION, assignment: plan.assignment.id, status: 'running', sandbox: plan.sandbox.mode, seed: plan.seed, runId: plan.runId };
      provisional();
    },
    onCheckEnd(result: CheckResult) {
      run.done.push(result);
      provisional();
    },
    onRunEnd(result) {
      // Gradescope has no "not graded" field: a missing results.json is its "autograder failed to execute
      // correctly", which records no score and asks staff to rerun. A 0 would be charged to the student.
      if (result.status === 'errored') rmSync(file, { force: true });
      else write(renderGradescope(result, options));
    },
    onRunError() {
      rmSync(file, { force: true });
    },
  };
}
