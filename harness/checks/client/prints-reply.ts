// Check: the student's client prints the reply sockgrade's server sent (which it cannot compute itself).
import type { Check } from '../types.js';
import { showBytes } from '../../result/bytes.js';
import { expectedReply, printedAsText } from '../describe.js';
import { lastLines } from '../../launch/headline.js';
import { clientRuns, forSentence, hintForRun } from './runs.js';

/** `client-prints-reply`: the server's reply appears in the client's stdout, decoded. */
export function clientPrintsReply(points: number): Check {
  return {
    id: 'client-prints-reply',
    title: "prints the server's reply",
    role: 'client',
    group: 'core',
    points,
    dependsOn: 'client-sends-sentence',
    async run(ctx) {
      const runs = await clientRuns(ctx);
      if (!Array.isArray(runs)) return runs;
      for (const run of runs) {
        const stdout = run.outcome.stdout.text;
        for (const [i, replyBytes] of run.replies.entries()) {
          const reply = replyBytes.toString('utf8');
          if (printedAsText(stdout, reply)) continue;
          const local = expectedReply(ctx.assignment, run.lines[i] ?? '').toString('utf8');
          let hint: string | undefined;
          if (/b'[^']*'|b"[^"]*"/.test(stdout))
            hint = "Your client printed a bytes object (b'...'): decode the reply before printing it, e.g. print(modifiedMessage.decode()).";
          else if (stdout.includes(local))
            hint = `Your client printed ${showBytes(local)}, which it computed itself; sockgrade's server replied ${showBytes(reply)}. Print what recvfrom()/recv() returned.`;
          else if (!stdout.trim()) hint = hintForRun(ctx, run) ?? 'Your client printed nothing: print the decoded reply.';
          else hint = hintForRun(ctx, run);
          return {
            status: 'failed',
            message: `${forSentence(run, ctx.assignment.multi?.quitWord)}your client did not print the server's reply ${showBytes(reply)}${run.lines.length > 1 ? ` to line ${i + 1}` : ''}`,
            expected: `stdout containing ${showBytes(reply)}`,
            actual: stdout ? `stdout: ${showBytes(lastLines(stdout, 5))}` : 'nothing on stdout',
            ...(hint ? { hint } : {}),
          };
        }
      }
      return { status: 'passed', message: 'every reply printed' };
    },
  };
}

