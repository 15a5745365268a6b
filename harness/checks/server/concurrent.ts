// Checks (TCP, concurrent variant): the server serves client B while client A holds an idle
// connection, and survives a client that connects and leaves without sending.
import { connectToServer, runningServer } from './running.js';
import { showBytes, showBytesCounted } from '../../result/bytes.js';
import type { Check, CheckContext } from '../types.js';
import { expectedReply, sameMessage } from '../describe.js';
import { exchange, gotReply } from './exchange.js';
import { noReply } from './diagnose.js';

const THREADS_HINT =
  "Serve each connection in its own thread (threading.Thread(target=handle, args=(connectionSocket,)).start()) so that the loop is back in accept() at once. With n clients the server holds n+1 sockets: the listening one and one per connection.";

/** `server-concurrent-clients`: B gets its reply while A is connected and silent; then A is served too. */
export function serverConcurrentClients(points: number, sentenceA: string, sentenceB: string): Check {
  return {
    id: 'server-concurrent-clients',
    title: 'serves a second client while the first one is connected and silent',
    role: 'server',
    group: 'core',
    points,
    dependsOn: 'server-keeps-serving',
    async run(ctx) {
      const running = await runningServer(ctx, 'server-concurrent-clients');
      if ('verdict' in running) return running.verdict;
      const { server } = running;
      const { log } = ctx;
      const budget = ctx.assignment.timeouts.exchangeMs;
      const connected = await connectToServer(ctx, 'client A');
      if ('verdict' in connected) return connected.verdict;
      const a = connected.connection;
      try {
        log.harness('connect', `client A connected from port ${a.localPort} and sends nothing for now`);
        const b = await exchange(ctx, Buffer.from(sentenceB), 'client B');
        const wantB = expectedReply(ctx.assignment, sentenceB);
        if (!gotReply(b)) {
          const why = await noReply(ctx, sentenceB, b);
          if (!server.running) return why;
          return {
            status: 'failed',
            message: `while client A held its connection open without sending, client B got no reply within ${budget} ms: your server serves one client at a time`,
            expected: `client B answered ${showBytes(wantB)} while A waits`,
            actual: b.connected ? 'client B connected, but no reply came' : `client B could not connect (${b.error?.code ?? 'no answer'})`,
            hint: THREADS_HINT,
          };
        }
        if (!sameMessage(b.reply, wantB)) return { status: 'failed', message: `client B got ${showBytes(b.reply)}`, expected: showBytes(wantB), actual: showBytes(b.reply) };
        await a.send(Buffer.from(sentenceA));
        log.harness('send', `client A sent ${showBytesCounted(sentenceA)}`);
        const wantA = expectedReply(ctx.assignment, sentenceA);
        const ra = await a.read({ expectedLength: wantA.length, timeoutMs: budget });
        log.student('receive', ra.bytes.length ? `client A received ${showBytesCounted(ra.bytes)}` : `client A received nothing within ${budget} ms`);
        if (!sameMessage(ra.bytes, wantA)) {
          return { status: 'failed', message: 'after serving client B, your server did not answer client A, who had connected first', expected: showBytes(wantA), actual: ra.bytes.length ? showBytes(ra.bytes) : 'nothing', hint: THREADS_HINT };
        }
        return { status: 'passed', message: 'client B was served while client A waited, then client A' };
      } finally {
        await a.close();
      }
    },
  };
}

/** `server-survives-silent-client`: a client that connects and leaves without a byte does not break the server. */
export function serverSurvivesSilentClient(points: number, sentence: string): Check {
  return {
    id: 'server-survives-silent-client',
    title: 'survives a client that connects and leaves without sending',
    role: 'server',
    group: 'core',
    points,
    dependsOn: 'server-keeps-serving',
    async run(ctx: CheckContext) {
      const running = await runningServer(ctx, 'server-survives-silent-client');
      if ('verdict' in running) return running.verdict;
      const connected = await connectToServer(ctx, 'sockgrade');
      if ('verdict' in connected) return connected.verdict;
      const silent = connected.connection;
      ctx.log.harness('connect', `a client connected from port ${silent.localPort} and left without sending`);
      silent.end();
      await silent.close();
      const next = await exchange(ctx, Buffer.from(sentence), 'the next client');
      if (gotReply(next) && sameMessage(next.reply, expectedReply(ctx.assignment, sentence))) return { status: 'passed', message: 'the next client was served' };
      const problem = gotReply(next) ? undefined : await noReply(ctx, sentence, next);
      return {
        status: 'failed',
        message: `after a client connected and left without sending, the next client was not served${problem ? `: ${problem.message}` : ''}`,
        expected: showBytes(expectedReply(ctx.assignment, sentence)),
        actual: gotReply(next) ? showBytes(next.reply) : 'no reply',
        hint: problem?.hint ?? "recv() returns b'' when a client leaves: treat it as the end of that client (close its socket) and keep serving.",
      };
    },
  };
}
