// The reference TCP client: connect, send the raw bytes, read until the server closes or enough arrived.
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { errorCode, errorInfo, resolveHost } from './addresses.js';
import type { ClientExchangeOptions, ClientExchangeResult } from './types.js';

/** What one read on a held connection returned. */
export interface TcpReadResult {
  bytes: Buffer;
  /** The server closed its side (FIN) — now or before. */
  closedByPeer: boolean;
  timedOut: boolean;
  /** A socket error such as ECONNRESET. */
  error?: { code: string; message: string };
}

/** When a read stops: after `expectedLength` bytes, after `idleMs` of quiet once bytes came, at the peer's close, or at `timeoutMs`. */
export interface TcpReadOptions {
  expectedLength?: number;
  idleMs?: number;
  timeoutMs: number;
}

/** A TCP connection held open by a check (an idle client, several requests on one connection, …). */
export class TcpClientConnection {
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private ended = false;
  private error: { code: string; message: string } | undefined;
  private wake: (() => void) | undefined;
  private readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (chunk: Buffer) => {
      this.pending.push(chunk);
      this.pendingLength += chunk.length;
      this.wake?.();
    });
    socket.on('end', () => {
      this.ended = true;
      this.wake?.();
    });
    socket.on('error', (error) => {
      this.error ??= errorInfo(error);
      this.wake?.();
    });
    socket.on('close', () => this.wake?.());
  }

  /** Connects ('localhost' means 127.0.0.1); rejects with the system error (ECONNREFUSED…) or code ETIMEDOUT after timeoutMs. */
  static connect(o: { host: string; port: number; timeoutMs: number }): Promise<TcpClientConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: resolveHost(o.host), port: o.port, allowHalfOpen: true });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(Object.assign(new Error(`connect to ${o.host}:${o.port} timed out after ${o.timeoutMs} ms`), { code: 'ETIMEDOUT' }));
      }, o.timeoutMs);
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new TcpClientConnection(socket));
      });
    });
  }

  /** The local (ephemeral) port of the connection. */
  get localPort(): number | undefined {
    return this.socket.localPort;
  }

  /** Writes the bytes as they are (no newline added); rejects on a socket error. */
  send(payload: Buffer): Promise<void> {
    if (payload.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.socket.write(payload, (error) => (error ? reject(error) : resolve())));
  }

  /** Half-closes: sends FIN, keeps reading. */
  end(): void {
    this.socket.end();
  }

  /** Reads what arrives until a stop condition (see TcpReadOptions); bytes beyond `expectedLength` stay for the next read. */
  read(o: TcpReadOptions): Promise<TcpReadResult> {
    if (this.wake) return Promise.reject(new Error('TcpClientConnection.read: a read is already waiting'));
    return new Promise((resolve) => {
      let idleTimer: NodeJS.Timeout | undefined;
      let timedOut = false;
      const finish = (): void => {
        clearTimeout(timer);
        clearTimeout(idleTimer);
        this.wake = undefined;
        resolve({ bytes: this.take(o.expectedLength), closedByPeer: this.ended, timedOut, ...(this.error ? { error: this.error } : {}) });
      };
      const timer = setTimeout(() => {
        timedOut = true;
        finish();
      }, o.timeoutMs);
      let seen = this.pendingLength;
      this.wake = () => {
        const enough = o.expectedLength !== undefined && this.pendingLength >= o.expectedLength;
        if (enough || this.ended || this.error || this.socket.destroyed) return finish();
        if (o.idleMs !== undefined && this.pendingLength > seen) {
          seen = this.pendingLength;
          clearTimeout(idleTimer);
          idleTimer = setTimeout(finish, o.idleMs);
        }
      };
      if (o.idleMs !== undefined && seen > 0) idleTimer = setTimeout(finish, o.idleMs);
      this.wake();
    });
  }

  /**
   * Closes the connection and waits until it is closed; idempotent. When the server closed first, the
   * connection is reset instead of closed gracefully: the reset ends the server's TIME_WAIT, so a server
   * that binds without SO_REUSEADDR (every textbook server) can be restarted on its port at once.
   */
  async close(peerCloseGraceMs = 100): Promise<void> {
    if (!this.ended && !this.socket.destroyed && peerCloseGraceMs > 0) {
      // A server that closes after replying sends its FIN right behind the reply: give it that moment.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => {
          this.wake = resolve;
          if (this.ended || this.socket.destroyed) resolve();
        }),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, peerCloseGraceMs))),
      ]);
      clearTimeout(timer);
    }
    // Reset only while our side is open: after end(), Node 20's resetAndDestroy never emits 'close'.
    if (this.ended && !this.socket.destroyed && !this.socket.writableEnded) this.socket.resetAndDestroy();
    else this.socket.destroy();
    return this.closed;
  }

  private take(limit: number | undefined): Buffer {
    const all = Buffer.concat(this.pending);
    const n = limit === undefined ? all.length : Math.min(limit, all.length);
    const rest = all.subarray(n);
    this.pending = rest.length > 0 ? [rest] : [];
    this.pendingLength = rest.length;
    return all.subarray(0, n);
  }
}

/**
 * Connects, sends `payload`, reads until the server closes, `expectedLength` bytes arrived, or timeout; never throws.
 * `open` is a connection already made (a readiness probe's), used instead of connecting again.
 */
export async function tcpExchange(o: ClientExchangeOptions, open?: TcpClientConnection): Promise<ClientExchangeResult> {
  const started = performance.now();
  const remaining = (): number => Math.max(0, o.timeoutMs - (performance.now() - started));
  const result: ClientExchangeResult = {
    transport: 'tcp',
    sent: o.payload,
    reply: Buffer.alloc(0),
    connected: false,
    closedByPeer: false,
    timedOut: false,
    durationMs: 0,
  };
  let connection: TcpClientConnection | undefined;
  try {
    connection = open ?? (await TcpClientConnection.connect({ host: o.host, port: o.port, timeoutMs: o.timeoutMs }));
    result.connected = true;
    result.localPort = connection.localPort;
    await connection.send(o.payload);
    const read = await connection.read({ timeoutMs: remaining(), ...(o.expectedLength !== undefined ? { expectedLength: o.expectedLength } : {}) });
    result.reply = read.bytes;
    result.closedByPeer = read.closedByPeer;
    result.timedOut = read.timedOut;
    if (read.error) result.error = read.error;
  } catch (error) {
    if (!result.connected && errorCode(error) === 'ETIMEDOUT') result.timedOut = true;
    else result.error = errorInfo(error);
  } finally {
    await connection?.close(o.peerCloseGraceMs);
  }
  result.durationMs = performance.now() - started;
  return result;
}
