// Check: the student's client exits with status 0 soon after the reply.
import type { Check } from '../types.js';
import { clientRuns, exitSummary, forSentence, hintForRun } from './runs.js';

/** `client-exits`: exit status 0 within the exit budget after sockgrade's reply. */
export function clientExits(points: number): Check {
  return {
    id: 'client-exits',
    title: 'exits with status 0 soon after the reply',
    role: 'client',
    group: 'core',
    points,
    dependsOn: 'client-sends-sentence',
    async run(ctx) {
      const runs = await clientRuns(ctx);
      if (!Array.isArray(runs)) return runs;
      const budget = ctx.assignment.timeouts.exitMs;
      for (const run of runs) {
        if (!run.exitedOnItsOwn) {
          return {
            status: 'failed',
            message: `${forSentence(run, ctx.assignment.multi?.quitWord)}your client was still running ${budget} ms after the ${run.lines.length > 1 ? 'last ' : ''}reply; sockgrade stopped it (exit; instructors: timeouts.exitMs)`,
            expected: `exit with status 0 within ${budget} ms of the reply`,
            actual: 'still running',
            hint: 'After printing the reply, close the socket and let the program end: no loop or wait after the exchange.',
          };
        }
        if (run.outcome.exitCode !== 0) {
          const hint = hintForRun(ctx, run);
          return {
            status: 'failed',
            message: `${forSentence(run, ctx.assignment.multi?.quitWord)}${exitSummary(run).split('\n')[0]}`,
            expected: 'exit status 0',
            actual: exitSummary(run),
            ...(hint ? { hint } : {}),
          };
        }
      }
      return { status: 'passed', message: 'exited with status 0 every time' };
    },
  };
}
