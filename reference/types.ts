// Contracts of the reference implementations: the harness's side of every exchange.

export type Transport = 'udp' | 'tcp';

export interface PeerAddress {
  address: string;
  port: number;
  family: 'IPv4' | 'IPv6';
}

/** One request a reference server received, with what it replied. */
export interface ServerExchange {
  transport: Transport;
  /** Every byte received (for TCP: on that connection, until the reply was sent and after, until close). */
  received: Buffer;
  from: PeerAddress;
  /** The local address/port it arrived on. */
  to: { address: string; port: number };
  /** ms since the server started. */
  receivedAtMs: number;
  reply?: Buffer;
  repliedAtMs?: number;
  /** TCP: the peer closed its side before we replied or after. */
  peerClosed?: boolean;
}

/** Turns a request into reply bytes (a transform, or the harness's unpredictable reply). */
export type Responder = (request: Buffer, transport: Transport) => Buffer;

export interface ReferenceServerOptions {
  /** Port to listen on; 0 picks a free one (the same one for both transports with startDualServer). */
  port: number;
  /** Addresses to listen on; default ['127.0.0.1', '::1'] (an address that cannot be bound, e.g. ::1 without IPv6, is skipped). */
  hosts?: string[];
  respond: Responder;
  /**
   * TCP framing: true once the bytes received so far form a whole request, so the reply is sent.
   * Default: the peer half-closed, or no byte arrived for `tcpIdleMs` after the first.
   */
  isComplete?: (received: Buffer) => boolean;
  /** TCP: quiet time after the last byte that ends a request when isComplete is not given (default 100). */
  tcpIdleMs?: number;
  /** TCP: longest wait for a whole request before replying to what arrived anyway (default 5000). */
  tcpRequestTimeoutMs?: number;
  /** TCP: close the connection after replying (textbook: true). When false, further requests on it are answered too. */
  closeAfterReply?: boolean;
  /**
   * TCP, with closeAfterReply: how long to let the client close first after the reply (default 0: close at once,
   * as the textbook server does). Letting the client close first leaves no TIME_WAIT on the server's port, so a
   * program that binds the port without SO_REUSEADDR (every textbook server) can bind it right after.
   */
  peerCloseGraceMs?: number;
  /** Called for every event, for transcripts and the standalone CLI's log. */
  onEvent?: (event: ServerEvent) => void;
}

export type ServerEvent =
  | { type: 'listening'; transport: Transport; address: string; port: number }
  | { type: 'connection'; from: PeerAddress }
  | { type: 'received'; transport: Transport; bytes: Buffer; from: PeerAddress }
  | { type: 'replied'; transport: Transport; bytes: Buffer; to: PeerAddress }
  | { type: 'closed'; from: PeerAddress; byPeer: boolean };

export interface ReferenceServer {
  /** The port it listens on (both transports for a dual server). */
  readonly port: number;
  readonly transports: Transport[];
  /** Every exchange so far, in arrival order. */
  readonly exchanges: ServerExchange[];
  /** Resolves with the next exchange whose reply was sent (or that ended), or undefined after timeoutMs. */
  nextExchange(timeoutMs: number): Promise<ServerExchange | undefined>;
  close(): Promise<void>;
}

/** Result of one client exchange against a student server: the same shape for success and failure. */
export interface ClientExchangeResult {
  transport: Transport;
  sent: Buffer;
  /** Bytes received back (empty when none). */
  reply: Buffer;
  /** Where the reply came from (UDP), when one came. */
  replyFrom?: PeerAddress;
  /** Local port the harness's socket used. */
  localPort?: number;
  /** TCP: whether a connection was made; UDP: always true. */
  connected: boolean;
  /** TCP: the server closed the connection. */
  closedByPeer: boolean;
  timedOut: boolean;
  /** Socket error such as ECONNREFUSED or ECONNRESET. */
  error?: { code: string; message: string };
  durationMs: number;
}

export interface ClientExchangeOptions {
  host: string;
  port: number;
  payload: Buffer;
  /** Budget for the whole exchange (connect, send, reply). */
  timeoutMs: number;
  /** TCP: stop reading once this many bytes arrived (otherwise read until the server closes or time runs out). UDP: ignored. */
  expectedLength?: number;
  /** TCP: how long to let the server close first before closing (default 100 ms; 0 for servers that wait for the client to close). */
  peerCloseGraceMs?: number;
}
