// Check (UDP): two clients send before either reads; each must get its own reply, at its own address.
import { UdpClientSocket } from '../../../reference/udp-client.js';
import { showBytes, showBytesCounted } from '../../result/bytes.js';
import type { Check } from '../types.js';
import { expectedReply } from '../describe.js';
import { runningServer } from './running.js';

/** `server-udp-interleaved`: clients A and B interleave; replies must go to each sender's address. */
export function serverUdpInterleaved(points: number, sentenceA: string, sentenceB: string): Check {
  return {
    id: 'server-udp-interleaved',
    title: 'answers two interleaved clients, each at its own address',
    role: 'server',
    group: 'core',
    points,
    dependsOn: 'server-keeps-serving',
    async run(ctx) {
      const running = await runningServer(ctx, 'server-udp-interleaved');
      if ('verdict' in running) return running.verdict;
      const { plan, log } = ctx;
      const budget = ctx.assignment.timeouts.exchangeMs;
      const a = await UdpClientSocket.open(plan.connectHost);
      const b = await UdpClientSocket.open(plan.connectHost);
      try {
        await a.send(Buffer.from(sentenceA), plan.connectHost, plan.port);
        log.harness('send', `client A (port ${a.localPort}) sent ${showBytesCounted(sentenceA)}`);
        await b.send(Buffer.from(sentenceB), plan.connectHost, plan.port);
        log.harness('send', `client B (port ${b.localPort}) sent ${showBytesCounted(sentenceB)}`);
        const [ra, rb] = await Promise.all([a.receive(budget), b.receive(budget)]);
        for (const [name, r] of [['A', ra], ['B', rb]] as const) {
          log.student('receive', r ? `client ${name} received ${showBytesCounted(r.bytes)}` : `client ${name} received nothing within ${budget} ms`);
        }
        const wantA = expectedReply(ctx.assignment, sentenceA);
        const wantB = expectedReply(ctx.assignment, sentenceB);
        const swapped = (ra && ra.bytes.equals(wantB)) || (rb && rb.bytes.equals(wantA));
        if (swapped) {
          return {
            status: 'failed',
            message: "the two clients received each other's replies",
            expected: `A: ${showBytes(wantA)}, B: ${showBytes(wantB)}`,
            actual: `A: ${ra ? showBytes(ra.bytes) : 'nothing'}, B: ${rb ? showBytes(rb.bytes) : 'nothing'}`,
            hint: 'Reply to the address that came with each message: message, clientAddress = serverSocket.recvfrom(2048), then sendto(reply, clientAddress).',
          };
        }
        if (!ra || !rb) {
          const missing = !ra ? 'A' : 'B';
          const other = !ra ? b : a;
          const extra = await other.receive(Math.min(budget, 500));
          if (extra) log.student('receive', `client ${missing === 'A' ? 'B' : 'A'} received a second reply ${showBytesCounted(extra.bytes)}`);
          return {
            status: 'failed',
            message: extra
              ? `both replies went to client ${missing === 'A' ? 'B' : 'A'}; client ${missing} got nothing`
              : `client ${missing} got no reply when two clients sent before either read`,
            expected: 'one reply at each client',
            actual: `A: ${ra ? showBytes(ra.bytes) : 'nothing'}, B: ${rb ? showBytes(rb.bytes) : 'nothing'}${extra ? `, and a second reply at the other client: ${showBytes(extra.bytes)}` : ''}`,
            hint: extra
              ? 'Your server sends to a remembered address instead of the sender of each message: use the clientAddress recvfrom() returns for every message.'
              : 'Does the server read every datagram? Each recvfrom() returns one message and its sender; answer each one.',
          };
        }
        return { status: 'passed', message: 'each client got its own reply' };
      } finally {
        a.close();
        b.close();
      }
    },
  };
}
