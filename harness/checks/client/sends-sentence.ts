// Check: the student's client sends exactly the sentence typed on stdin, over the right transport.
import type { Check } from '../types.js';
import { showBytes } from '../../result/bytes.js';
import { sameMessage } from '../describe.js';
import { clientRuns, exitSummary, forSentence, hintForRun } from './runs.js';
import { notStarted } from '../hints.js';

/** `client-sends-sentence`: one message, the stdin line, over the assignment's transport. */
export function clientSendsSentence(points: number, quitWord?: string): Check {
  return {
    id: 'client-sends-sentence',
    title: quitWord ? `sends each line typed on stdin, one exchange per line, until end of input or "${quitWord}"` : 'sends exactly the sentence typed on stdin',
    role: 'client',
    group: 'core',
    points,
    async run(ctx) {
      const runs = await clientRuns(ctx);
      if (!Array.isArray(runs)) return runs;
      const want = ctx.assignment.transport;
      const quit = ctx.assignment.multi?.quitWord ?? 'quit';
      for (const run of runs) {
        const sentence = Buffer.from(run.lines[0] ?? '', 'utf8');
        // A TCP connection closed without a byte is not a message; an empty UDP datagram is.
        const messages = run.exchanges.filter((x) => x.transport === 'udp' || x.received.length > 0);
        const first = messages[0];
        if (run.outcome.spawnError) return notStarted(run.outcome.spawnError, run.argv[0] ?? '');
        if (!first && run.exchanges.length > 0) {
          return {
            status: 'failed',
            message: `${forSentence(run, quit)}your client connected to sockgrade's server but closed the connection without sending anything`,
            expected: showBytes(sentence),
            actual: `nothing received; ${exitSummary(run)}`,
            hint: hintForRun(ctx, run) ?? 'After connect(), send the sentence: clientSocket.send(sentence.encode()).',
          };
        }
        if (!first) {
          return {
            status: 'failed',
            message: `${forSentence(run, quit)}your client sent nothing to sockgrade's server (${want.toUpperCase()} ${ctx.plan.clientHost} port ${ctx.plan.port})`,
            expected: showBytes(sentence),
            actual: `nothing received; ${exitSummary(run)}`,
            // A client still running was stopped while it waited: for a reply from elsewhere, to connect, or in a loop.
            hint: run.exitedOnItsOwn
              ? (hintForRun(ctx, run) ??
                `Send the sentence with ${want === 'udp' ? 'clientSocket.sendto(message.encode(), (serverName, serverPort))' : 'clientSocket.send(sentence.encode()) after connect()'}.`)
              : hintForRun(ctx, run, { clientStopped: { peer: 'sockgrade', ...(run.waiting ? { waiting: run.waiting } : {}) } }),
          };
        }
        if (first.transport !== want) {
          const type = want === 'udp' ? 'SOCK_DGRAM' : 'SOCK_STREAM';
          return {
            status: 'failed',
            message: `your client sent over ${first.transport.toUpperCase()}, but this assignment uses ${want.toUpperCase()}`,
            expected: `${showBytes(sentence)} over ${want.toUpperCase()}`,
            actual: `${showBytes(first.received)} over ${first.transport.toUpperCase()}`,
            hint: `Create the client socket with socket(AF_INET, ${type}).`,
          };
        }
        for (const [i, line] of run.lines.entries()) {
          const message = messages[i];
          const expected = Buffer.from(line, 'utf8');
          if (!message) {
            return {
              status: 'failed',
              message: `${forSentence(run, quit)}your client sent ${i} of the ${run.lines.length} lines, then nothing more`,
              expected: `one message per line: ${run.lines.map((l) => showBytes(l)).join(', ')}`,
              actual: `${messages.map((x) => showBytes(x.received)).join(', ')}; ${exitSummary(run)}`,
              hint: hintForRun(ctx, run) ?? 'Keep reading lines and sending each one in a loop, until the input ends.',
            };
          }
          if (!sameMessage(message.received, expected)) {
            const text = message.received.toString('utf8');
            return {
              status: 'failed',
              message: `${forSentence(run, quit)}your client sent ${showBytes(message.received)}${run.lines.length > 1 ? ` for line ${i + 1}` : ''}`,
              expected: showBytes(expected),
              actual: showBytes(message.received),
              ...(/^b['"]/.test(text)
                ? { hint: "Your client sent the text of a bytes object (b'...'): send message.encode(), not str(...).encode()." }
                : text.trim() === line.trim()
                  ? { hint: 'Only the sentence itself should be sent: no extra spaces or line endings.' }
                  : {}),
            };
          }
        }
        if (messages.length > run.lines.length) {
          const extra = messages[run.lines.length];
          const sentQuit = run.end === 'quit' && extra && extra.received.toString('utf8').trim() === quit;
          return {
            status: 'failed',
            message: sentQuit
              ? `${forSentence(run, quit)}your client sent the quit word ${JSON.stringify(quit)}; it must stop there without sending it`
              : `${forSentence(run, quit)}your client sent ${messages.length} messages; expected ${run.lines.length === 1 ? 'exactly one' : `one per line (${run.lines.length})`}`,
            expected: run.lines.map((l) => showBytes(l)).join(', '),
            actual: messages.map((x) => showBytes(x.received)).join(', '),
            ...(sentQuit ? { hint: `Check each line before sending it: if line == '${quit}': break` } : {}),
          };
        }
      }
      const sent = runs.reduce((n, r) => n + r.lines.length, 0);
      return { status: 'passed', message: `${sent} sentence${sent === 1 ? '' : 's'} sent exactly` };
    },
  };
}
