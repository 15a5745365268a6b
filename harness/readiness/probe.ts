// Readiness where /proc cannot be read (macOS, Windows): observed by probing, never by sleeping, and
// without consuming the one client a single-shot server serves. TCP: a connect probe whose connection
// is kept for the first exchange. UDP: the first request itself, from a connected socket so that
// "nothing bound there" comes back at once as ECONNREFUSED; its reply is kept for the first exchange.
import { createSocket } from 'node:dgram';
import { setTimeout as delay } from 'node:timers/promises';
import { TcpClientConnection } from '../../reference/tcp-client.js';

/** What a probe found: a ready server (with what to hand to the first exchange), an exit, or a timeout. */
export type ProbeResult =
  | { kind: 'ready'; waitedMs: number; connection?: TcpClientConnection; udp?: { payload: Buffer; reply?: Buffer; localPort: number } }
  | { kind: 'exited'; waitedMs: number }
  | { kind: 'timeout'; waitedMs: number };

/** Options of a probe. */
export interface ProbeOptions {
  transport: 'udp' | 'tcp';
  host: string;
  port: number;
  timeoutMs: number;
  /** Resolves when the server process exits. */
  exited: Promise<unknown>;
  /** UDP: the request to probe with (the first fixture sentence). */
  payload: Buffer;
}

/** Probes until the server answers, exits, or the budget runs out; retries back off from 2 ms to 50 ms. */
export async function probeUntilReady(o: ProbeOptions): Promise<ProbeResult> {
  const started = performance.now();
  let exited = false;
  void o.exited.then(() => (exited = true));
  const waited = () => Math.round(performance.now() - started);
  for (let backoff = 2; ; backoff = Math.min(backoff * 2, 50)) {
    if (exited) return { kind: 'exited', waitedMs: waited() };
    const left = o.timeoutMs - waited();
    if (left <= 0) return { kind: 'timeout', waitedMs: waited() };
    if (o.transport === 'tcp') {
      try {
        const connection = await TcpClientConnection.connect({ host: o.host, port: o.port, timeoutMs: Math.min(left, 1000) });
        return { kind: 'ready', waitedMs: waited(), connection };
      } catch {
        // refused: not listening yet
      }
    } else {
      const answer = await udpProbe(o.host, o.port, o.payload, Math.min(left, 200));
      if (answer !== 'refused') return { kind: 'ready', waitedMs: waited(), udp: { payload: o.payload, ...answer } };
    }
    await Promise.race([delay(backoff), o.exited]);
  }
}

/** One datagram from a connected socket: the reply, silence (something is bound), or 'refused'. */
async function udpProbe(host: string, port: number, payload: Buffer, waitMs: number): Promise<'refused' | { reply?: Buffer; localPort: number }> {
  const v6 = host.includes(':');
  const socket = createSocket(v6 ? 'udp6' : 'udp4');
  try {
    return await new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ localPort: socket.address().port }), waitMs);
      socket.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        resolve(error.code === 'ECONNREFUSED' ? 'refused' : { localPort: 0 });
      });
      socket.on('message', (reply) => {
        clearTimeout(timer);
        resolve({ reply: Buffer.from(reply), localPort: socket.address().port });
      });
      socket.connect(port, host === 'localhost' ? '127.0.0.1' : host, () => socket.send(payload));
    });
  } finally {
    socket.close();
  }
}
