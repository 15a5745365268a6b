// The runnable reference programs behind `sockgrade reference <program>`: the textbook's four, in TypeScript.
import type { Readable, Writable } from 'node:stream';
import { formatAddress } from './addresses.js';
import { startTcpServer } from './tcp-server.js';
import { countLetter, transformFrom, upperCase, type Transform, type TransformSpec } from './transforms.js';
import { describeMutant, mutantMisfit, mutantTransform, type MutantName } from './mutants.js';
import { runTcpClient, runUdpClient } from './standalone-clients.js';
import { runSilentServer, startIterativeTcpServer } from './mutant-servers.js';
import { startUdpServer } from './udp-server.js';
import type { ReferenceServer, ServerExchange } from './types.js';

/** The four reference programs. */
export type ReferenceRole = 'udp-server' | 'tcp-server' | 'udp-client' | 'tcp-client';

/** Options of `sockgrade reference`: textbook defaults are localhost (clients), loopback (servers), port 12000, uppercase. */
export interface ReferenceRunOptions {
  /** Clients: the server's host (default localhost). Servers: the one address to listen on (default 127.0.0.1 and ::1). */
  host?: string;
  port?: number;
  /** What the server replies (and what the prints-local client mutant prints): a name, or any transform an assignment names. */
  transform?: 'uppercase' | 'count-s' | TransformSpec;
  /** Multi variant: clients make one exchange per line until end of input or the quit word; the TCP server answers every request on a connection. */
  multi?: { quitWord: string };
  /** Make one deliberate mistake (see reference/mutants.ts); the caller checks it suits the program. */
  mutant?: MutantName;
  /** Clients: how long to wait for the connection and the reply (default 5000 ms). */
  timeoutMs?: number;
}

/** The streams a reference program uses; servers run until `signal` aborts. */
export interface ReferenceIO {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  signal?: AbortSignal;
}

const TEXTBOOK_PORT = 12000;

/** Runs one reference program and returns its exit code (0 ok, 1 failure such as a refused connection or a busy port, 2 a mutant that makes no difference to this program). */
export async function runReference(role: ReferenceRole, options: ReferenceRunOptions, io: ReferenceIO): Promise<number> {
  if (options.mutant) {
    const misfit = mutantMisfit(options.mutant, { transport: role.startsWith('udp') ? 'udp' : 'tcp', multi: options.multi !== undefined });
    if (misfit !== undefined) {
      io.stderr.write(`sockgrade: --mutant: ${options.mutant} does not apply to ${role}${options.multi ? ' --multi' : ''}: ${misfit}\n`);
      return 2;
    }
    io.stderr.write(`mutant ${options.mutant}: ${describeMutant(options.mutant)}\n`);
  }
  switch (role) {
    case 'udp-server':
    case 'tcp-server':
      return runServer(role, options, io);
    case 'udp-client':
      return runUdpClient(options, io, transformOf(options.transform));
    case 'tcp-client':
      return runTcpClient(options, io, transformOf(options.transform));
  }
}

function transformOf(name: ReferenceRunOptions['transform']): Transform {
  if (typeof name === 'object') return transformFrom(name);
  return name === 'count-s' ? countLetter({ letter: 's', caseSensitive: true }) : upperCase();
}

function specOf(name: ReferenceRunOptions['transform']): TransformSpec {
  if (typeof name === 'object') return name;
  return name === 'count-s' ? { kind: 'count-letter', letter: 's', caseSensitive: true } : { kind: 'uppercase' };
}

async function runServer(role: 'udp-server' | 'tcp-server', options: ReferenceRunOptions, io: ReferenceIO): Promise<number> {
  const { mutant } = options;
  if (mutant === 'exits-early') return 1;
  if (mutant === 'never-replies' || mutant === 'wrong-address') {
    const where = { port: options.port ?? TEXTBOOK_PORT, ...(options.host !== undefined ? { hosts: [options.host] } : {}) };
    return runSilentServer({ ...where, transport: role === 'udp-server' ? 'udp' : 'tcp', mutant, transform: transformOf(options.transform) }, io);
  }
  const transform = mutantTransform(mutant, specOf(options.transform)) ?? transformOf(options.transform);
  const start = role === 'udp-server' ? startUdpServer : mutant === 'one-at-a-time' ? startIterativeTcpServer : startTcpServer;
  let server: ReferenceServer;
  try {
    server = await start({
      port: options.port ?? TEXTBOOK_PORT,
      ...(options.host !== undefined ? { hosts: [options.host] } : {}),
      respond: (request) => transform(request),
      // Multi: every request on a connection is answered (one-reply-per-connection: only the first, then it closes).
      ...(options.multi && mutant !== 'one-reply-per-connection' ? { closeAfterReply: false } : {}),
      // A person types the sentence after the client connected: wait as long as the textbook server would, nearly.
      tcpRequestTimeoutMs: 10 * 60_000,
      onEvent: (e) => {
        if (e.type === 'listening') io.stderr.write(`listening on ${e.transport} ${formatAddress(e)}\n`);
      },
    });
  } catch (error) {
    io.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  io.stdout.write('The server is ready to receive\n');
  const stop = (): void => void server.close();
  if (io.signal?.aborted) stop();
  io.signal?.addEventListener('abort', stop, { once: true });
  try {
    for (;;) {
      const exchange = await server.nextExchange(60_000);
      if (exchange) io.stderr.write(describeExchange(exchange));
      if (exchange ? mutant === 'serves-one-client' || (mutant === 'quits-on-silent-client' && isSilent(exchange)) : io.signal?.aborted) break;
    }
  } finally {
    io.signal?.removeEventListener('abort', stop);
    await server.close();
  }
  return 0;
}

/** A TCP connection that ended without a byte: a client that connected and left without sending. */
function isSilent(x: ServerExchange): boolean {
  return x.transport === 'tcp' && x.received.length === 0 && x.reply === undefined;
}

/** One log line per exchange: transport, peer, the bytes received and the reply, JSON-escaped. */
function describeExchange(x: ServerExchange): string {
  const shown = (b: Buffer): string => JSON.stringify(b.toString('utf8'));
  const reply = x.reply === undefined ? 'no reply (connection ended)' : `replied ${shown(x.reply)}`;
  return `${x.transport} ${formatAddress(x.from)} sent ${shown(x.received)}, ${reply}\n`;
}
