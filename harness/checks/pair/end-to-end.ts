// Check (pair mode): the student's client against the student's server, end to end.
import { launchStudent } from '../../session/launch-student.js';
import { describeOutcome, lastLines, stderrTail } from '../../launch/headline.js';
import { showBytes, showBytesCounted } from '../../result/bytes.js';
import type { Check } from '../types.js';
import { expectedReply, printedAsText } from '../describe.js';
import { hintForOutput } from '../hints.js';
import { observeWaiting } from '../client/waiting.js';

/** `pair-end-to-end`: the student's own client, talking to the student's own server, prints the right reply. */
export function pairEndToEnd(points: number, sentence: string): Check {
  return {
    id: 'pair-end-to-end',
    title: 'your client and your server work together',
    role: 'pair',
    group: 'core',
    points,
    async run(ctx) {
      const { server, plan, assignment, log } = ctx;
      if (!server || !plan.client) throw new Error('pair-end-to-end needs both roles');
      const started = await server.start(log, Buffer.from(sentence));
      if (!started.ok) return started.verdict;
      try {
        const stdin = `${sentence}\n`;
        const { process: client, argv } = launchStudent(plan, plan.client, { stdin });
        log.harness('launch', `started your client: ${argv.join(' ')}, stdin ${showBytesCounted(stdin)}`);
        const budget = assignment.timeouts.startupMs + assignment.timeouts.exchangeMs + assignment.timeouts.exitMs;
        const ended = await client.waitForExit(budget);
        // What a client still running was waiting on, seen before it is stopped.
        const waiting = !ended && client.pid !== undefined ? observeWaiting(client.pid) : undefined;
        const outcome = ended ?? (await client.stop());
        const stdout = outcome.stdout.text;
        log.student('output', `your client printed ${showBytesCounted(stdout)}`);
        log.student('exit', ended ? `your client ${describeOutcome(outcome, '').trim()}` : `your client was still running after ${budget} ms; sockgrade stopped it`);
        const want = expectedReply(assignment, sentence).toString('utf8');
        if (ended && outcome.exitCode === 0 && printedAsText(stdout, want)) return { status: 'passed', message: `your client printed ${showBytes(want)}` };
        return {
          status: 'failed',
          message: `with ${JSON.stringify(sentence)} on stdin, your client talking to your server did not print ${showBytes(want)} and exit with status 0`,
          expected: `stdout containing ${showBytes(want)}, exit status 0`,
          actual: `stdout: ${showBytes(lastLines(stdout, 3))}; ${ended ? describeOutcome(outcome, 'the client') : 'still running'}${stderrTail(outcome)}`,
          hint:
            (ended
              ? undefined
              : hintForOutput(plan, { stdout, stderr: outcome.stderr.text }, {
                  role: 'client',
                  clientStopped: { peer: 'student', ...(waiting ? { waiting } : {}), studentServer: { requests: server.requests, answered: server.answered } },
                })) ??
            'Each half passed or failed against sockgrade\'s own peer above; if both passed, check that they agree on the host and port (serverName, serverPort) and on the transport.',
        };
      } finally {
        await server.stop();
      }
    },
  };
}
