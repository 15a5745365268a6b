// The runnable reference programs behind `sockgrade reference <program>`: the textbook's four, in TypeScript.
import type { Readable, Writable } from 'node:stream';
import { formatAddress } from './addresses.js';
import { startTcpServer } from './tcp-server.js';
import { TcpClientConnection } from './tcp-client.js';
import { countLetter, upperCase, type Transform } from './transforms.js';
import { udpExchange } from './udp-client.js';
import { startUdpServer } from './udp-server.js';
import type { ReferenceServer, ServerExchange } from './types.js';

/** The four reference programs. */
export type ReferenceRole = 'udp-server' | 'tcp-server' | 'udp-client' | 'tcp-client';

/** Options of `sockgrade reference`: textbook defaults are localhost (clients), loopback (servers), port 12000, uppercase. */
export interface ReferenceRunOptions {
  /** Clients: the server's host (default localhost). Servers: the one address to listen on (default 127.0.0.1 and ::1). */
  host?: string;
  port?: number;
  transform?: 'uppercase' | 'count-s';
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
const PROMPT = 'Input lowercase sentence:';

/** Runs one reference program and returns its exit code (0 ok, 1 failure such as a refused connection or a busy port). */
export async function runReference(role: ReferenceRole, options: ReferenceRunOptions, io: ReferenceIO): Promise<number> {
  switch (role) {
    case 'udp-server':
    case 'tcp-server':
      return runServer(role, options, io);
    case 'udp-client':
      return runUdpClient(options, io);
    case 'tcp-client':
      return runTcpClient(options, io);
  }
}

function transformOf(name: ReferenceRunOptions['transform']): Transform {
  return name === 'count-s' ? countLetter({ letter: 's', caseSensitive: true }) : upperCase();
}

async function runServer(role: 'udp-server' | 'tcp-server', options: ReferenceRunOptions, io: ReferenceIO): Promise<number> {
  const transform = transformOf(options.transform);
  const start = role === 'udp-server' ? startUdpServer : startTcpServer;
  let server: ReferenceServer;
  try {
    server = await start({
      port: options.port ?? TEXTBOOK_PORT,
      ...(options.host !== undefined ? { hosts: [options.host] } : {}),
      respond: (request) => transform(request),
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
      else if (io.signal?.aborted) break;
    }
  } finally {
    io.signal?.removeEventListener('abort', stop);
    await server.close();
  }
  return 0;
}

/** One log line per exchange: transport, peer, the bytes received and the reply, JSON-escaped. */
function describeExchange(x: ServerExchange): string {
  const shown = (b: Buffer): string => JSON.stringify(b.toString('utf8'));
  const reply = x.reply === undefined ? 'no reply (connection ended)' : `replied ${shown(x.reply)}`;
  return `${x.transport} ${formatAddress(x.from)} sent ${shown(x.received)}, ${reply}\n`;
}

/** Reads one line (without its newline, or `\r\n`) from the stream; undefined at end of input with nothing read. */
function readLine(stdin: Readable): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    let text = '';
    const done = (line: string | undefined): void => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.off('error', reject);
      stdin.pause();
      resolve(line?.replace(/\r$/, ''));
    };
    const onData = (chunk: Buffer | string): void => {
      text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      const newline = text.indexOf('\n');
      if (newline >= 0) done(text.slice(0, newline));
    };
    const onEnd = (): void => done(text.length > 0 ? text : undefined);
    stdin.on('data', onData);
    stdin.once('end', onEnd);
    stdin.once('error', reject);
  });
}

async function promptForSentence(io: ReferenceIO): Promise<Buffer | undefined> {
  io.stdout.write(PROMPT); // like Python's input(prompt): no newline after the prompt
  const line = await readLine(io.stdin);
  if (line === undefined) io.stderr.write('error: no sentence on standard input (end of input)\n');
  return line === undefined ? undefined : Buffer.from(line, 'utf8');
}

async function runUdpClient(options: ReferenceRunOptions, io: ReferenceIO): Promise<number> {
  const host = options.host ?? 'localhost';
  const port = options.port ?? TEXTBOOK_PORT;
  const timeoutMs = options.timeoutMs ?? 5000;
  const payload = await promptForSentence(io);
  if (payload === undefined) return 1;
  const result = await udpExchange({ host, port, payload, timeoutMs });
  if (result.error) {
    io.stderr.write(`error: could not exchange with UDP ${host}:${port}: ${result.error.message}\n`);
    return 1;
  }
  if (result.timedOut) {
    io.stderr.write(`error: no reply from UDP ${host}:${port} within ${timeoutMs} ms — is the server running?\n`);
    return 1;
  }
  io.stdout.write(`${result.reply.toString('utf8')}\n`);
  return 0;
}

async function runTcpClient(options: ReferenceRunOptions, io: ReferenceIO): Promise<number> {
  const host = options.host ?? 'localhost';
  const port = options.port ?? TEXTBOOK_PORT;
  const timeoutMs = options.timeoutMs ?? 5000;
  // Like the textbook client, connect first (the server must be running), then ask for the sentence.
  let connection: TcpClientConnection;
  try {
    connection = await TcpClientConnection.connect({ host, port, timeoutMs });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    io.stderr.write(`error: could not connect to TCP ${host}:${port} (${why}) — is the server running?\n`);
    return 1;
  }
  try {
    const payload = await promptForSentence(io);
    if (payload === undefined) return 1;
    await connection.send(payload);
    // Read until the server closes, or a short quiet after the reply (a server that keeps the connection open).
    const read = await connection.read({ timeoutMs, idleMs: 200 });
    if (read.bytes.length === 0) {
      const why = read.error ? `connection error ${read.error.code}` : read.closedByPeer ? 'the server closed the connection' : `nothing within ${timeoutMs} ms`;
      io.stderr.write(`error: no reply from TCP ${host}:${port} (${why})\n`);
      return 1;
    }
    io.stdout.write(`From Server: ${read.bytes.toString('utf8')}\n`);
    return 0;
  } catch (error) {
    io.stderr.write(`error: TCP ${host}:${port}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await connection.close();
  }
}
