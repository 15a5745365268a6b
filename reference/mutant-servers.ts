// The reference servers' never-replies and wrong-address mutants: they read every request and answer
// nobody (or somebody else), which the reference servers by design never do. And the one-at-a-time
// mutant: the reference TCP server made iterative, serving one connection at a time.
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server, type Socket as TcpSocket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { DEFAULT_HOSTS } from './addresses.js';
import { WRONG_ADDRESS_PORT } from './mutants.js';
import { startReferenceServer, type ServerContext } from './server-context.js';
import { handleTcpConnection } from './tcp-connection.js';
import { bindTcp } from './tcp-server.js';
import type { Transform } from './transforms.js';
import type { ReferenceServer, ReferenceServerOptions, Transport } from './types.js';

/**
 * The one-at-a-time mutant: a TCP reference server that, like the textbook's iterative server, takes the
 * next connection only once it has closed its side of the current one (or the client has). The kernel still completes a waiting client's
 * connection (the listen backlog), so it connects and may send, but gets nothing until its turn.
 */
export function startIterativeTcpServer(opts: ReferenceServerOptions): Promise<ReferenceServer> {
  return startReferenceServer(opts, (ctx) => {
    const inTurn = oneAtATime(ctx); // one queue for every address listened on: one process, one client at a time
    return [{ transport: 'tcp', bind: (host, port) => bindTcp(ctx, host, port, inTurn) }];
  });
}

/** A connection handler that serves accepted sockets one after another, holding the others paused. */
function oneAtATime(ctx: ServerContext): (socket: TcpSocket) => void {
  const waiting: Array<{ socket: TcpSocket; entry: { destroy(): Promise<void> } }> = [];
  let busy = false;
  const serve = (socket: TcpSocket): void => {
    busy = true;
    // Done with it once our side is closed (as close() returns in Python, whatever the client does next), or it closed.
    let done = false;
    const next = (): void => {
      if (done) return;
      done = true;
      serveNext();
    };
    socket.once('finish', next);
    socket.once('close', next);
    handleTcpConnection(ctx, socket);
    socket.resume(); // a waiting socket was paused: its buffered bytes (and end) now flow to the handler
  };
  function serveNext(): void {
    busy = false;
    for (let next = waiting.shift(); next !== undefined; next = waiting.shift()) {
      ctx.connections.delete(next.entry);
      if (!next.socket.destroyed) return serve(next.socket); // one reset while waiting is gone: skip it
    }
  }
  return (socket) => {
    if (!busy) return serve(socket);
    socket.pause();
    socket.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    // Until its turn, the server's close() must still be able to end it.
    const entry = { destroy: (): Promise<void> => (socket.destroy(), closed) };
    ctx.connections.add(entry);
    waiting.push({ socket, entry });
    if (ctx.closing) socket.destroy();
  };
}

/** Runs a silent mutant server until `io.signal` aborts; 1 when it cannot listen. */
export async function runSilentServer(o: Omit<SilentOptions, 'log'>, io: { stdout: Writable; stderr: Writable; stdin?: Readable; signal?: AbortSignal }): Promise<number> {
  let server: SilentServer;
  try {
    server = await startSilentServer({ ...o, log: (line) => io.stderr.write(`${line}\n`) });
  } catch (error) {
    io.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  io.stdout.write('The server is ready to receive\n');
  if (!io.signal?.aborted) await new Promise((resolve) => io.signal?.addEventListener('abort', resolve, { once: true }));
  await server.close();
  return 0;
}

/** Where and how a silent mutant server listens. */
export interface SilentOptions {
  transport: Transport;
  port: number;
  hosts?: readonly string[];
  mutant: 'never-replies' | 'wrong-address';
  /** The right transform (wrong-address sends its right reply to the wrong port). */
  transform: Transform;
  log: (line: string) => void;
}

/** A running server that receives but never replies rightly; `close` releases its sockets. */
export interface SilentServer {
  close(): Promise<void>;
}

/**
 * Listens like a reference server for `never-replies` or `wrong-address`: every request is read and
 * logged with `log`; never-replies keeps TCP connections open, wrong-address closes them (TCP) or
 * replies to port WRONG_ADDRESS_PORT of the sender's address (UDP).
 */
export async function startSilentServer(o: SilentOptions): Promise<SilentServer> {
  const closers: Array<() => Promise<void>> = [];
  try {
    for (const host of o.hosts ?? DEFAULT_HOSTS) {
      const close = await (o.transport === 'udp' ? bindSilentUdp(o, host) : bindSilentTcp(o, host)).catch((error: NodeJS.ErrnoException) => {
        // Like the reference servers: an address this machine lacks (::1 without IPv6) is skipped.
        if (['EADDRNOTAVAIL', 'EAFNOSUPPORT'].includes(error.code ?? '')) return undefined;
        throw error;
      });
      if (close) closers.push(close);
    }
    if (closers.length === 0) throw new Error(`cannot listen on ${o.transport} port ${o.port}: no address could be bound`);
  } catch (error) {
    await Promise.all(closers.map((c) => c()));
    throw error;
  }
  return { close: async () => void (await Promise.all(closers.map((c) => c()))) };
}

function bindSilentUdp(o: SilentOptions, host: string): Promise<() => Promise<void>> {
  const socket: Socket = createSocket({ type: host.includes(':') ? 'udp6' : 'udp4', ipv6Only: host.includes(':') });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ port: o.port, address: host, exclusive: true }, () => {
      socket.off('error', reject);
      socket.on('error', () => undefined);
      o.log(`listening on udp ${host}:${o.port}`);
      socket.on('message', (msg, rinfo) => {
        if (o.mutant === 'never-replies') return o.log(`udp ${rinfo.address}:${rinfo.port} sent ${JSON.stringify(msg.toString('utf8'))}, no reply (mutant never-replies)`);
        socket.send(o.transform(msg), WRONG_ADDRESS_PORT, rinfo.address, () => undefined);
        o.log(`udp ${rinfo.address}:${rinfo.port} sent ${JSON.stringify(msg.toString('utf8'))}, replied to port ${WRONG_ADDRESS_PORT} instead (mutant wrong-address)`);
      });
      resolve(() => new Promise((done) => socket.close(() => done())));
    });
  });
}

function bindSilentTcp(o: SilentOptions, host: string): Promise<() => Promise<void>> {
  const open = new Set<{ destroy(): void }>();
  const server: Server = createServer({ allowHalfOpen: true }, (socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => undefined);
    socket.on('data', (data) => {
      o.log(`tcp ${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'} sent ${JSON.stringify(data.toString('utf8'))}, no reply (mutant ${o.mutant})`);
      if (o.mutant === 'wrong-address') socket.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: o.port, exclusive: true, ipv6Only: host.includes(':') }, () => {
      server.off('error', reject);
      o.log(`listening on tcp ${host}:${o.port}`);
      resolve(
        () =>
          new Promise((done) => {
            for (const s of open) s.destroy();
            server.close(() => done());
          }),
      );
    });
  });
}
