// The reference UDP client: one datagram out, one back, from a fresh socket as the textbook UDPClient does.
import { createSocket, type Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { errorInfo, familyOf, peerAddress, resolveHost } from './addresses.js';
import type { ClientExchangeOptions, ClientExchangeResult, PeerAddress } from './types.js';

/** A datagram a client socket received. */
export interface ReceivedDatagram {
  bytes: Buffer;
  from: PeerAddress;
}

/** A UDP client socket that keeps its datagrams until read, for checks that interleave several clients. */
export class UdpClientSocket {
  /** The first socket error seen (sends and receives go on; UDP errors are rarely fatal). */
  error: { code: string; message: string } | undefined;
  private readonly queue: ReceivedDatagram[] = [];
  private waiter: ((d: ReceivedDatagram | undefined) => void) | undefined;
  private closed: Promise<void> | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on('message', (msg, rinfo) => {
      const datagram = { bytes: Buffer.from(msg), from: peerAddress(rinfo.address, rinfo.port, rinfo.family) };
      const waiter = this.waiter;
      this.waiter = undefined;
      if (waiter) waiter(datagram);
      else this.queue.push(datagram);
    });
    socket.on('error', (error) => {
      this.error ??= errorInfo(error);
    });
  }

  /** Opens a socket bound to an ephemeral port, of the family that can reach `host` (an IPv6 literal → udp6). */
  static async open(host = '127.0.0.1'): Promise<UdpClientSocket> {
    const v6 = familyOf(resolveHost(host)) === 'IPv6';
    const socket = createSocket({ type: v6 ? 'udp6' : 'udp4' });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ port: 0, address: v6 ? '::' : '0.0.0.0' }, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    return new UdpClientSocket(socket);
  }

  /** The local (ephemeral) port replies come back to. */
  get localPort(): number {
    return this.socket.address().port;
  }

  /** Sends one datagram ('localhost' means 127.0.0.1); rejects with the system error (e.g. EMSGSIZE). */
  send(payload: Buffer, host: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.send(payload, port, resolveHost(host), (error) => (error ? reject(error) : resolve()));
    });
  }

  /** The next datagram received (queued ones first), or undefined after timeoutMs. */
  receive(timeoutMs: number): Promise<ReceivedDatagram | undefined> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.waiter) return Promise.reject(new Error('UdpClientSocket.receive: a receive is already waiting'));
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve(undefined);
      }, timeoutMs);
      this.waiter = (d) => {
        clearTimeout(timer);
        resolve(d);
      };
    });
  }

  /** Closes the socket (a waiting receive resolves with undefined); idempotent. */
  close(): Promise<void> {
    this.closed ??= new Promise((resolve) => {
      this.waiter?.(undefined);
      this.waiter = undefined;
      this.socket.close(() => resolve());
    });
    return this.closed;
  }
}

/** Sends `payload` from a fresh socket and waits for one datagram back; never throws (errors become `error`). */
export async function udpExchange(o: ClientExchangeOptions): Promise<ClientExchangeResult> {
  const started = performance.now();
  const result: ClientExchangeResult = {
    transport: 'udp',
    sent: o.payload,
    reply: Buffer.alloc(0),
    connected: true,
    closedByPeer: false,
    timedOut: false,
    durationMs: 0,
  };
  let socket: UdpClientSocket | undefined;
  try {
    socket = await UdpClientSocket.open(o.host);
    result.localPort = socket.localPort;
    await socket.send(o.payload, o.host, o.port);
    const got = await socket.receive(Math.max(0, o.timeoutMs - (performance.now() - started)));
    if (got) {
      result.reply = got.bytes;
      result.replyFrom = got.from;
    } else if (socket.error) result.error = socket.error;
    else result.timedOut = true;
  } catch (error) {
    result.error = errorInfo(error);
  } finally {
    await socket?.close();
  }
  result.durationMs = performance.now() - started;
  return result;
}
