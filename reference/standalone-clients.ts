// The reference clients behind `sockgrade reference udp-client|tcp-client`: prompt, read a line, send it,
// print the reply; with `multi`, one exchange per line until end of input or the quit word (not sent).
import type { Readable } from 'node:stream';
import { TcpClientConnection } from './tcp-client.js';
import { udpExchange } from './udp-client.js';
import { clientMutantEnd, printedReply } from './mutants.js';
import type { ReferenceIO, ReferenceRunOptions } from './standalone.js';
import type { Transform } from './transforms.js';

const TEXTBOOK_PORT = 12000;
const PROMPT = 'Input lowercase sentence:';

/** Runs the UDP client; 0 when every line got its reply, 1 otherwise. */
export async function runUdpClient(options: ReferenceRunOptions, io: ReferenceIO, transform: Transform): Promise<number> {
  const host = options.host ?? 'localhost';
  const port = options.port ?? TEXTBOOK_PORT;
  const timeoutMs = options.timeoutMs ?? 5000;
  return eachSentence(options, io, async (payload) => {
    const result = await udpExchange({ host, port, payload, timeoutMs });
    if (result.error) return fail(io, `error: could not exchange with UDP ${host}:${port}: ${result.error.message}\n`);
    if (result.timedOut) return fail(io, `error: no reply from UDP ${host}:${port} within ${timeoutMs} ms — is the server running?\n`);
    io.stdout.write(`${printedReply(options.mutant, transform, payload, result.reply)}\n`);
    return true;
  });
}

/** Runs the TCP client (one connection for all its lines); 0 when every line got its reply, 1 otherwise. */
export async function runTcpClient(options: ReferenceRunOptions, io: ReferenceIO, transform: Transform): Promise<number> {
  const host = options.host ?? 'localhost';
  const port = options.port ?? TEXTBOOK_PORT;
  const timeoutMs = options.timeoutMs ?? 5000;
  // Like the textbook client, connect first (the server must be running), then ask for the sentence.
  let connection: TcpClientConnection;
  try {
    connection = await TcpClientConnection.connect({ host, port, timeoutMs });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    fail(io, `error: could not connect to TCP ${host}:${port} (${why}) — is the server running?\n`);
    return 1;
  }
  try {
    return await eachSentence(options, io, async (payload) => {
      await connection.send(payload);
      // Read until the server closes, or a short quiet after the reply (a server that keeps the connection open).
      const read = await connection.read({ timeoutMs, idleMs: 200 });
      if (read.bytes.length === 0) {
        const why = read.error ? `connection error ${read.error.code}` : read.closedByPeer ? 'the server closed the connection' : `nothing within ${timeoutMs} ms`;
        return fail(io, `error: no reply from TCP ${host}:${port} (${why})\n`);
      }
      io.stdout.write(`From Server: ${printedReply(options.mutant, transform, payload, read.bytes)}\n`);
      return true;
    });
  } catch (error) {
    io.stderr.write(`error: TCP ${host}:${port}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await connection.close();
  }
}

function fail(io: ReferenceIO, message: string): false {
  io.stderr.write(message);
  return false;
}

/**
 * Prompts for each sentence and exchanges it; then the client's exit code. Mutants: sends-nothing only reads;
 * with multi, first-line-only stops after the first line, sends-quit-word sends the quit word and then stops,
 * ignores-quit-word skips the quit word and goes on to end of input.
 */
async function eachSentence(options: ReferenceRunOptions, io: ReferenceIO, exchange: (payload: Buffer) => Promise<boolean>): Promise<number> {
  const { mutant, multi } = options;
  const lines = new LineReader(io.stdin);
  try {
    for (let first = true; ; first = false) {
      io.stdout.write(PROMPT); // like Python's input(prompt): no newline after the prompt
      const line = await lines.next();
      if (line === undefined && first && !multi) {
        fail(io, 'error: no sentence on standard input (end of input)\n');
        return 1;
      }
      if (line === undefined) break;
      const quit = line === multi?.quitWord;
      if (quit && mutant === 'ignores-quit-word') continue;
      if (quit && mutant !== 'sends-quit-word') break;
      if (mutant !== 'sends-nothing' && !(await exchange(Buffer.from(line, 'utf8')))) return 1;
      if (!multi || quit || mutant === 'first-line-only') break;
    }
  } finally {
    lines.close();
  }
  return clientMutantEnd(options.mutant, io.signal);
}

/** Lines of a stream, one at a time, without their `\n` or `\r\n`; what follows a line is kept for the next. */
class LineReader {
  private text = '';
  private ended = false;
  private wake: (() => void) | undefined;
  private readonly onData = (chunk: Buffer | string): void => {
    this.text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    this.wake?.();
  };
  private readonly onEnd = (): void => {
    this.ended = true;
    this.wake?.();
  };

  constructor(private readonly stream: Readable) {
    stream.on('data', this.onData);
    stream.once('end', this.onEnd);
    stream.once('error', this.onEnd);
  }

  /** The next line; undefined at end of input with nothing left. */
  async next(): Promise<string | undefined> {
    for (;;) {
      const newline = this.text.indexOf('\n');
      if (newline >= 0 || (this.ended && this.text.length > 0)) {
        const line = newline >= 0 ? this.text.slice(0, newline) : this.text;
        this.text = newline >= 0 ? this.text.slice(newline + 1) : '';
        return line.replace(/\r$/, '');
      }
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** Stops reading the stream (so that it does not keep the process running). */
  close(): void {
    this.stream.off('data', this.onData);
    this.stream.off('end', this.onEnd);
    this.stream.off('error', this.onEnd);
    this.stream.pause();
  }
}
