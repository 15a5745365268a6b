// Check: the student's server serves clients one after another without being restarted.
import type { Check } from '../types.js';
import { exchange, gotReply } from './exchange.js';
import { leftAfterPreviousClient, leftNote, settledExit } from './running.js';
import { describeOutcome, stderrTail } from '../../launch/headline.js';
import { hintForOutput } from '../hints.js';

/** `server-keeps-serving`: N consecutive clients, each on a fresh socket, all answered by one process. */
export function serverKeepsServing(points: number, clients: number, sentences: string[], firstRepliesCheck: string): Check {
  return {
    id: 'server-keeps-serving',
    title: `keeps serving clients one after another (${clients} in a row)`,
    role: 'server',
    group: 'core',
    points,
    dependsOn: 'server-binds',
    async run(ctx) {
      const server = ctx.server;
      if (!server) throw new Error('server-keeps-serving needs the server role');
      const blocked = {
        status: 'skipped' as const,
        blockedBy: firstRepliesCheck,
        message: 'no reply came back even to the first client, so whether your server serves one client after another cannot be told',
      };
      // Nothing was ever answered: waiting for more replies would only cost the same budget again.
      if (server.requests > 0 && server.answered === 0) return blocked;
      const first = Buffer.from(sentences[0] ?? 'hello', 'utf8');
      const running = await server.ensureRunning(ctx.log, first);
      if (!running.ok) return running.verdict;
      let launches = server.launches;
      for (let i = 1; i <= clients; i++) {
        const sentence = sentences[(i - 1) % sentences.length] ?? 'hello';
        let result = await exchange(ctx, Buffer.from(sentence, 'utf8'), `client ${i}`);
        const left = !gotReply(result) && i === 1 ? await leftAfterPreviousClient(ctx) : undefined;
        if (left) {
          // The server of an earlier check was still on its way out: start this count on a fresh one.
          ctx.log.note(`${leftNote(left, "the previous check's last client")} and starts again`);
          const again = await server.ensureRunning(ctx.log, first);
          if (!again.ok) return again.verdict;
          launches = server.launches;
          result = await exchange(ctx, Buffer.from(sentence, 'utf8'), `client ${i}`);
        }
        if (gotReply(result)) continue;
        if (i === 1) return blocked;
        const served = `after serving ${i - 1} client${i - 1 === 1 ? '' : 's'}`;
        const proc = server.current;
        const outcome = proc ? await settledExit(proc) : undefined;
        if (outcome && server.launches === launches) {
          const stderr = outcome.stderr.text;
          return {
            status: 'failed',
            message: `your server ${describeOutcome(outcome, '').trim()} ${served}; client ${i} got no reply`,
            expected: `${clients} clients served by one running server`,
            actual: `${i - 1} served, then ${describeOutcome(outcome, 'the server')}${stderrTail(outcome)}`,
            hint:
              hintForOutput(ctx.plan, { stdout: outcome.stdout.text, stderr }, { role: 'server', serverBoundBefore: true }) ??
              `A server must loop forever: put the ${ctx.assignment.transport === 'tcp' ? 'accept/recv/send/close' : 'recvfrom/sendto'} code inside \`while True:\`.`,
          };
        }
        // Told by what the server holds, not by what the client saw (a connection may have reached the
        // backlog just before the listening socket was closed): no listening socket, no new clients.
        if (ctx.assignment.transport === 'tcp' && (!result.connected || !(await server.stillBound()))) {
          return {
            status: 'failed',
            message: `${served}, your server stopped accepting connections while still running: it no longer holds its listening socket`,
            expected: `${clients} clients served`,
            actual: `${i - 1} served, then ${result.connected ? 'no reply' : `connection ${result.error?.code === 'ECONNREFUSED' ? 'refused (ECONNREFUSED)' : `failed (${result.error?.code ?? 'no answer'})`}`}`,
            hint: 'The listening socket seems to be closed inside the loop: close only connectionSocket after each client; serverSocket must stay open.',
          };
        }
        return {
          status: 'failed',
          message: `${served}, client ${i} got no reply within ${ctx.assignment.timeouts.exchangeMs} ms, though your server is still running`,
          expected: `${clients} clients served`,
          actual: `${i - 1} served, then no reply`,
          hint: 'Does the loop go back to waiting for the next client after each reply? Each client uses a new socket (a new address).',
        };
      }
      return { status: 'passed', message: `${clients} clients served in a row` };
    },
  };
}
