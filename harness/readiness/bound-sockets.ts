// Which sockets a student's process tree has bound: fd socket inodes joined with /proc/net tables.

import { isBoundEntry, PROC_NET_TABLES, readProcNetTables, readProcNetUnixInodes, type ProcNetEntry, type ProcNetTable } from './proc-net.js';
import { watchProcessTree, type ProcessTreeWatcher } from './process-tree.js';
import { readProcDir } from './read-proc.js';
import { readProcessSockets } from './socket-inodes.js';
import type { BoundSocket, BoundSocketReader, Transport } from './types.js';

export type { BoundSocketReader } from './types.js';

interface Holder {
  pid: number;
  netns: string;
}

/** Socket inode → first process of the tree (root first) holding it. */
function socketHolders(tree: ProcessTreeWatcher): Map<number, Holder> {
  const holders = new Map<number, Holder>();
  for (const p of tree.pids().map(readProcessSockets)) {
    if (p === undefined) continue;
    for (const inode of p.inodes) if (!holders.has(inode)) holders.set(inode, { pid: p.pid, netns: p.netns });
  }
  return holders;
}

/** A table to look sockets up in: one of the four inet tables, or the unix-domain one. */
type Table = ProcNetTable | 'unix';

/**
 * The order tables are read in. With `prefer`: the unix-domain one first (a few microseconds, and
 * where the sockets of the jail's bwrap are), then those of `prefer` (IPv4 first), then the other
 * transport's. Without: the four inet tables, then unix.
 */
function tableOrder(prefer: Transport | undefined): Table[] {
  if (prefer === undefined) return [...PROC_NET_TABLES, 'unix'];
  return ['unix', ...PROC_NET_TABLES.filter((t) => t.transport === prefer), ...PROC_NET_TABLES.filter((t) => t.transport !== prefer)];
}

/**
 * What one network namespace's tables say about `pending` inodes, read through a pid still alive in
 * it. Tables are read one at a time in `order`, and the reading stops as soon as every pending inode
 * has been found: reading /proc/net/tcp or tcp6 makes the kernel walk whole hash tables (~1 ms each,
 * however few sockets the namespace has) while udp, udp6 and unix cost a few microseconds, so a UDP
 * server's socket (and the unix sockets of its jail) are classified without reading the TCP tables,
 * and a TCP server's with one of them.
 */
function readNamespaceVia(pids: readonly number[], pending: ReadonlySet<number>, order: readonly Table[]): { inet: ProcNetEntry[]; unix: number[] } {
  const left = new Set(pending);
  const found = { inet: [] as ProcNetEntry[], unix: [] as number[] };
  let via = 0;
  /** Reads through the first pid still alive; undefined once none is. */
  const readVia = <T>(read: (pid: number) => T | undefined): T | undefined => {
    for (; via < pids.length; via++) {
      const result = read(pids[via] as number);
      if (result !== undefined) return result;
    }
    return undefined;
  };
  for (const table of order) {
    if (left.size === 0) break;
    if (table === 'unix') {
      const inodes = readVia(readProcNetUnixInodes);
      if (inodes === undefined) break; // every pid of this namespace has exited
      for (const inode of inodes) if (left.delete(inode)) found.unix.push(inode);
      continue;
    }
    const entries = readVia((pid) => readTable(pid, table));
    if (entries === undefined) break;
    for (const e of entries) {
      found.inet.push(e);
      left.delete(e.inode);
    }
  }
  return found;
}

/** One table as seen from `pid`'s namespace: [] when the kernel has no such table (no IPv6), undefined when `pid` has vanished. */
function readTable(pid: number, table: ProcNetTable): ProcNetEntry[] | undefined {
  const entries = readProcNetTables(pid, [table]);
  if (entries !== undefined) return entries;
  return readProcDir(`/proc/${pid}/net`) === undefined ? undefined : [];
}

/**
 * Creates a reader for `rootPid`'s tree. Each read looks at the tree (`watchProcessTree`) and its fds (cheap); the
 * /proc/net tables (costly: the kernel walks whole hash tables) are read only while the tree
 * holds a socket not yet classified, once per network namespace, through a pid living in it, and
 * only until every such socket is found (the tables of `prefer`, the transport looked for, first).
 * Classified sockets are remembered while the tree holds them: unix-domain ones (e.g. stdio
 * socketpairs) for good, and bound ones too (a server's socket stays bound until closed).
 */
export function createBoundSocketReader(rootPid: number, prefer?: Transport): BoundSocketReader {
  const bound = new Map<number, ProcNetEntry>();
  const unix = new Set<number>();
  const order = tableOrder(prefer);
  const tree = watchProcessTree(rootPid);
  return {
    read() {
      const holders = socketHolders(tree);
      for (const inode of bound.keys()) if (!holders.has(inode)) bound.delete(inode);
      for (const inode of unix) if (!holders.has(inode)) unix.delete(inode);
      const byNetns = new Map<string, { pids: number[]; pending: Set<number> }>();
      for (const [inode, h] of holders) {
        if (bound.has(inode) || unix.has(inode)) continue;
        const ns = byNetns.get(h.netns);
        if (ns === undefined) byNetns.set(h.netns, { pids: [h.pid], pending: new Set([inode]) });
        else {
          if (!ns.pids.includes(h.pid)) ns.pids.push(h.pid);
          ns.pending.add(inode);
        }
      }
      for (const tables of [...byNetns.values()].map((ns) => readNamespaceVia(ns.pids, ns.pending, order))) {
        for (const e of tables.inet) if (holders.has(e.inode) && isBoundEntry(e)) bound.set(e.inode, e);
        for (const inode of tables.unix) if (holders.has(inode)) unix.add(inode);
      }
      const sockets: BoundSocket[] = [];
      for (const [inode, h] of holders) {
        const e = bound.get(inode);
        if (e !== undefined) sockets.push({ transport: e.transport, family: e.family, address: e.address, port: e.port, inode, pid: h.pid });
      }
      return sockets;
    },
  };
}

/**
 * The LISTEN TCP and bound UDP sockets held by `pid`'s process tree now; [] when it has exited.
 * `prefer`: the transport looked for, whose tables are read first (the answer is the same).
 */
export async function listBoundSockets(pid: number, prefer?: Transport): Promise<BoundSocket[]> {
  return createBoundSocketReader(pid, prefer).read();
}
