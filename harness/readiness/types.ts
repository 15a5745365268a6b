// Contracts of readiness: observing which sockets a student's process tree has bound.

export type Transport = 'udp' | 'tcp';

/** A socket the process tree holds: a TCP socket in LISTEN state, or a UDP socket bound to a port. */
export interface BoundSocket {
  transport: Transport;
  family: 4 | 6;
  /** Local address as text: '0.0.0.0', '127.0.0.1', '::', '::1', … */
  address: string;
  port: number;
  /** Socket inode (from /proc/net/*). */
  inode: number;
  /** Pid of a process holding it. */
  pid: number;
}

/** What waiting for a bind observed. */
export type BindWait =
  | { kind: 'bound'; socket: BoundSocket; all: BoundSocket[]; waitedMs: number }
  /** Sockets were bound, but none of the expected transport and port (after a short grace). */
  | { kind: 'mismatch'; all: BoundSocket[]; waitedMs: number }
  /** The process exited before binding the expected socket. */
  | { kind: 'exited'; all: BoundSocket[]; waitedMs: number }
  | { kind: 'timeout'; all: BoundSocket[]; waitedMs: number };

/** Reads the bound sockets of one process tree, again and again, re-reading only what may have changed. */
export interface BoundSocketReader {
  /** The tree's LISTEN TCP and bound UDP sockets now (in tree order: root's first). */
  read(): BoundSocket[];
}

export interface WaitForBindOptions {
  /** Root pid of the student's process tree (a process-group leader started by the launcher). */
  pid: number;
  transport: Transport;
  /** Expected port; undefined accepts any port of the transport. */
  port?: number;
  timeoutMs: number;
  /** Resolves when the process exits; waiting stops at once then. */
  exited: Promise<unknown>;
  /**
   * How long to wait before the first look (default 0): servers of this kind were seen taking at least
   * about that long to bind (see BindTimes). An exit still ends the wait at once; a value not below
   * `timeoutMs` is ignored (the first look is made at once).
   */
  firstLookMs?: number;
  /** How long to keep looking for the expected socket once only other sockets are bound (default 300 ms). */
  mismatchGraceMs?: number;
  /** Reads the tree's bound sockets (default: a new reader); a caller keeping it can look again later at little cost (it remembers what it classified). */
  reader?: BoundSocketReader;
}
