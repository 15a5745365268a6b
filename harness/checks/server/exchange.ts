// One request from the harness's reference client to the student's server, logged step by step.
import { udpExchange } from '../../../reference/udp-client.js';
import { tcpExchange } from '../../../reference/tcp-client.js';
import type { ClientExchangeResult } from '../../../reference/types.js';
import { showBytesCounted } from '../../result/bytes.js';
import type { CheckContext } from '../types.js';
import { expectedReply } from '../describe.js';

/** Sends `payload` from a fresh client socket (as the textbook client does) and waits for the reply. */
export async function exchange(ctx: CheckContext, payload: Buffer, label = 'sockgrade'): Promise<ClientExchangeResult> {
  const { plan, assignment, log } = ctx;
  const to = `${plan.connectHost}:${plan.port}`;
  const transport = assignment.transport;
  const options = {
    host: plan.connectHost,
    port: plan.port,
    payload,
    timeoutMs: assignment.timeouts.exchangeMs,
    // TCP: read until the server closes, or until as many bytes as a correct reply have arrived.
    expectedLength: expectedReply(assignment, payload).length,
    // A multi server keeps the connection until the client closes: no point waiting for it to close first.
    ...(assignment.multi ? { peerCloseGraceMs: 0 } : {}),
  };
  // Where readiness was probed, the probe's connection (TCP) or reply (UDP) serves as this first exchange.
  const handoff = ctx.server?.takeHandoff();
  const result =
    transport === 'udp'
      ? handoff?.udp?.reply && handoff.udp.payload.equals(payload)
        ? probedReply(payload, handoff.udp.reply, handoff.udp.localPort)
        : await udpExchange(options)
      : await tcpExchange(options, handoff?.connection);
  if (ctx.server) {
    ctx.server.requests += 1;
    if (gotReply(result)) ctx.server.answered += 1;
  }
  const from = result.localPort ? ` from port ${result.localPort}` : '';
  if (transport === 'tcp') {
    if (!result.connected) {
      log.harness('connect', `${label} could not connect to TCP ${to}: ${result.error?.code ?? 'timed out'}`);
      return result;
    }
    log.harness('connect', `${label} connected to TCP ${to}${from}`);
  }
  log.harness('send', `${label} sent ${showBytesCounted(result.sent)}${transport === 'udp' ? ` to UDP ${to}${from}` : ''}`);
  if (gotReply(result)) log.student('receive', `your server replied ${showBytesCounted(result.reply)} after ${Math.round(result.durationMs)} ms`);
  if (result.timedOut) log.add('sockgrade', 'timeout', `${result.reply.length ? 'no more bytes' : 'no reply'} within ${assignment.timeouts.exchangeMs} ms`);
  if (result.error && result.connected) log.student('close', `connection error: ${result.error.code}`);
  if (result.closedByPeer) log.student('close', 'your server closed the connection');
  return result;
}

function probedReply(sent: Buffer, reply: Buffer, localPort: number): ClientExchangeResult {
  return { transport: 'udp', sent, reply, localPort, connected: true, closedByPeer: false, timedOut: false, durationMs: 0 };
}

/** True when the server answered: for UDP any datagram (an empty one too), for TCP at least one byte. */
export function gotReply(result: ClientExchangeResult): boolean {
  return result.transport === 'udp' ? !result.timedOut && !result.error : result.reply.length > 0;
}
