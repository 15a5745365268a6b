// Check (TCP, multi variant): the server answers every sentence sent on one connection, until the
// client closes it.
import { connectToServer, runningServer } from './running.js';
import { showBytes, showBytesCounted } from '../../result/bytes.js';
import type { Check } from '../types.js';
import { expectedReply, sameMessage } from '../describe.js';

/** `server-answers-on-one-connection`: several sentences on one connection, each answered in turn. */
export function serverAnswersOnOneConnection(points: number, sentences: string[]): Check {
  return {
    id: 'server-answers-on-one-connection',
    title: 'answers every sentence sent on one connection',
    role: 'server',
    group: 'core',
    points,
    dependsOn: 'server-keeps-serving',
    async run(ctx) {
      const running = await runningServer(ctx, 'server-answers-on-one-connection');
      if ('verdict' in running) return running.verdict;
      const { log } = ctx;
      const budget = ctx.assignment.timeouts.exchangeMs;
      const connected = await connectToServer(ctx, 'sockgrade');
      if ('verdict' in connected) return connected.verdict;
      const { connection } = connected;
      try {
        log.harness('connect', `sockgrade connected from port ${connection.localPort}`);
        for (const [i, sentence] of sentences.entries()) {
          await connection.send(Buffer.from(sentence));
          log.harness('send', `sockgrade sent ${showBytesCounted(sentence)} (sentence ${i + 1} on this connection)`);
          const want = expectedReply(ctx.assignment, sentence);
          const got = await connection.read({ expectedLength: want.length, timeoutMs: budget });
          log.student('receive', got.bytes.length ? `your server replied ${showBytesCounted(got.bytes)}` : `no reply within ${budget} ms${got.closedByPeer ? '; your server closed the connection' : ''}`);
          if (sameMessage(got.bytes, want)) continue;
          return {
            status: 'failed',
            message:
              got.bytes.length === 0
                ? `your server did not answer sentence ${i + 1} sent on the same connection${got.closedByPeer ? ': it closed the connection after the first reply' : ''}`
                : `on one connection, your server answered sentence ${i + 1} with ${showBytes(got.bytes)}`,
            expected: showBytes(want),
            actual: got.bytes.length ? showBytes(got.bytes) : 'nothing',
            hint: 'Loop on the connection: keep calling recv() and replying until it returns b\'\' (the client closed), then close the connection socket.',
          };
        }
        return { status: 'passed', message: `${sentences.length} sentences answered on one connection` };
      } finally {
        connection.end();
        await connection.close(0);
      }
    },
  };
}
