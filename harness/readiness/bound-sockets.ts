// Which sockets a student's process tree has bound: fd socket inodes joined with /proc/net tables.

import { accessSync, constants } from 'node:fs';
import { isBoundEntry, readProcNetTables, readProcNetUnixInodes, type ProcNetEntry } from './proc-net.js';
import { processTreePids } from './process-tree.js';
import { readProcessSockets } from './socket-inodes.js';
import type { BoundSocket } from './types.js';

/** Reads the bound sockets of one process tree, again and again, re-reading only what may have changed. */
export interface BoundSocketReader {
  /** The tree's LISTEN TCP and bound UDP sockets now (in tree order: root's first). */
  read(): BoundSocket[];
}

interface Holder {
  pid: number;
  netns: string;
}

/** Socket inode → first process of the tree (root first) holding it. */
function socketHolders(rootPid: number): Map<number, Holder> {
  const holders = new Map<number, Holder>();
  for (const p of processTreePids(rootPid).map(readProcessSockets)) {
    if (p === undefined) continue;
    for (const inode of p.inodes) if (!holders.has(inode)) holders.set(inode, { pid: p.pid, netns: p.netns });
  }
  return holders;
}

/** Tables of one network namespace: inet entries and unix-domain inodes, read through a pid still alive in it. */
function readNamespaceVia(pids: readonly number[]): { inet: ProcNetEntry[]; unix: number[] } {
  for (const pid of pids) {
    const inet = readProcNetTables(pid);
    const unix = readProcNetUnixInodes(pid);
    if (inet !== undefined && unix !== undefined) return { inet, unix };
  }
  return { inet: [], unix: [] };
}

/**
 * Creates a reader for `rootPid`'s tree. Each read rescans the tree and its fds (cheap); the
 * /proc/net tables (costly: the kernel walks whole hash tables) are read only while the tree
 * holds a socket not yet classified, once per network namespace, through a pid living in it.
 * Classified sockets are remembered while the tree holds them: unix-domain ones (e.g. stdio
 * socketpairs) for good, and bound ones too (a server's socket stays bound until closed).
 */
export function createBoundSocketReader(rootPid: number): BoundSocketReader {
  const bound = new Map<number, ProcNetEntry>();
  const unix = new Set<number>();
  return {
    read() {
      const holders = socketHolders(rootPid);
      for (const inode of bound.keys()) if (!holders.has(inode)) bound.delete(inode);
      for (const inode of unix) if (!holders.has(inode)) unix.delete(inode);
      const pidsByNetns = new Map<string, number[]>();
      for (const [inode, h] of holders) {
        if (bound.has(inode) || unix.has(inode)) continue;
        const pids = pidsByNetns.get(h.netns);
        if (pids === undefined) pidsByNetns.set(h.netns, [h.pid]);
        else if (!pids.includes(h.pid)) pids.push(h.pid);
      }
      for (const tables of [...pidsByNetns.values()].map(readNamespaceVia)) {
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

/** The LISTEN TCP and bound UDP sockets held by `pid`'s process tree now; [] when it has exited. */
export async function listBoundSockets(pid: number): Promise<BoundSocket[]> {
  return createBoundSocketReader(pid).read();
}

let supported: boolean | undefined;

/** Whether readiness can be observed through /proc here (Linux with a readable /proc/self/net/tcp). */
export function procReadinessSupported(): boolean {
  if (supported === undefined) {
    try {
      accessSync('/proc/self/net/tcp', constants.R_OK);
      supported = process.platform === 'linux';
    } catch {
      supported = false;
    }
  }
  return supported;
}
