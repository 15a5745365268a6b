// Shared by the client checks: the client runs, their transcripts, and how a run's exit reads.
import type { ClientRun } from '../../session/client-session.js';
import type { CheckContext, Problem } from '../types.js';
import { showBytesCounted } from '../../result/bytes.js';
import { describeOutcome, stderrTail } from '../../launch/headline.js';
import { hintForOutput, type HintContext } from '../hints.js';

/** The client runs, with every run's steps copied into the check's transcript; or the harness problem. */
export async function clientRuns(ctx: CheckContext): Promise<ClientRun[] | Problem> {
  if (!ctx.client) throw new Error('client checks need the client role');
  const runs = await ctx.client.runs();
  if (!Array.isArray(runs)) return runs;
  runs.forEach((run, i) => {
    // Each run's steps keep their times relative to the run's own start.
    const what = run.lines.length === 1 ? `sentence ${showBytesCounted(run.lines[0] ?? '')}` : `${run.lines.length} lines, ending at ${run.end === 'quit' ? 'the quit word' : 'end of input'}`;
    ctx.log.entries.push({ atMs: 0, actor: 'sockgrade', kind: 'note', text: `run ${i + 1} of ${runs.length}: ${what}` });
    for (const entry of run.log) ctx.log.entries.push({ ...entry });
  });
  return runs;
}

/** "exited with code 1" plus the last lines of stderr, for messages. */
export function exitSummary(run: ClientRun): string {
  const head = run.exitedOnItsOwn ? describeOutcome(run.outcome, 'your client') : 'your client was still running and was stopped by sockgrade';
  return `${head}${stderrTail(run.outcome)}`;
}

/** A hint from the run's output (and the client's own text, and what else is known of the run), if its cause is recognisable. */
export function hintForRun(ctx: CheckContext, run: ClientRun, context: HintContext = {}): string | undefined {
  return hintForOutput(ctx.plan, { stdout: run.outcome.stdout.text, stderr: run.outcome.stderr.text }, { role: 'client', ...context });
}

/** `with "…" on stdin, ` for messages (the lines, and how the input ended in multi runs). */
export function forSentence(run: ClientRun, quitWord = 'quit'): string {
  const lines = run.lines.map((l) => JSON.stringify(l)).join(', ');
  if (run.lines.length === 1 && run.end === 'eof') return `with ${lines} on stdin, `;
  return `with the lines ${lines} on stdin${run.end === 'quit' ? ` and then ${JSON.stringify(quitWord)}` : ''}, `;
}
