// The pids of a student's process tree, found from /proc/*/stat, or followed through the kernel's
// lists of children between full scans.

import { readProcDir, readProcText } from './read-proc.js';

/** The fields of /proc/<pid>/stat that the tree needs. */
export interface ProcStat {
  pid: number;
  ppid: number;
  pgid: number;
}

/**
 * The fields of /proc/<pid>/stat text after the command name (state, ppid, pgrp, session …), and
 * the pid before it; undefined for text that is not a stat line. The command name (field 2) is in
 * parentheses and may itself contain spaces and parentheses, so the fields are read from the last ')'.
 */
export function splitProcStat(text: string): { pid: number; fields: string[] } | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  return { pid: Number(text.slice(0, open).trim()), fields: text.slice(close + 1).trim().split(/\s+/) };
}

/** Parses /proc/<pid>/stat text into the fields the tree needs. */
export function parseProcStat(text: string): ProcStat | undefined {
  const split = splitProcStat(text);
  if (split === undefined) return undefined;
  const [, ppid, pgid] = split.fields.map(Number);
  if (!Number.isInteger(split.pid) || !Number.isInteger(ppid) || !Number.isInteger(pgid)) return undefined;
  return { pid: split.pid, ppid: ppid as number, pgid: pgid as number };
}

/**
 * Selects the tree of `rootPid` from a process list: every process in the process group led by
 * `rootPid` (the launcher starts each program as a group leader), plus its descendants by parent
 * link (which also catches a child that moved to a group of its own). Root first, then ascending.
 */
export function selectTree(rootPid: number, stats: readonly ProcStat[]): number[] {
  const members = new Set<number>();
  for (const s of stats) if (s.pid === rootPid || s.pgid === rootPid) members.add(s.pid);
  const children = new Map<number, number[]>();
  for (const s of stats) {
    const siblings = children.get(s.ppid);
    if (siblings) siblings.push(s.pid);
    else children.set(s.ppid, [s.pid]);
  }
  const queue = [...members];
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    for (const child of children.get(pid) ?? []) {
      if (!members.has(child)) {
        members.add(child);
        queue.push(child);
      }
    }
  }
  return [...members].sort((a, b) => (a === rootPid ? -1 : b === rootPid ? 1 : a - b));
}

/** Reads /proc/*\/stat of every process, skipping those that exit mid-scan. */
export function readAllProcStats(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const name of readProcDir('/proc') ?? []) {
    if (!/^\d+$/.test(name)) continue;
    const text = readProcText(`/proc/${name}/stat`);
    const stat = text === undefined ? undefined : parseProcStat(text);
    if (stat !== undefined) stats.push(stat);
  }
  return stats;
}

/** The pids of `rootPid`'s process tree now (root first); [] when nothing of it is left. */
export function processTreePids(rootPid: number): number[] {
  return selectTree(rootPid, readAllProcStats());
}

/** How long a tree watcher follows children lists before it scans every process again. */
const RESCAN_MS = 50;

let childrenListed: boolean | undefined;

/** Whether this kernel lists each task's children in /proc/<pid>/task/<tid>/children (CONFIG_PROC_CHILDREN). */
function canListChildren(): boolean {
  childrenListed ??= readProcText(`/proc/${process.pid}/task/${process.pid}/children`) !== undefined;
  return childrenListed;
}

/** The children of every thread of `pid`; undefined when it has vanished. */
function childrenOf(pid: number): number[] | undefined {
  const tasks = readProcDir(`/proc/${pid}/task`);
  if (tasks === undefined) return undefined;
  const children: number[] = [];
  for (const tid of tasks) {
    for (const child of (readProcText(`/proc/${pid}/task/${tid}/children`) ?? '').split(' ')) if (child !== '') children.push(Number(child));
  }
  return children;
}

/** The process group of `pid`; undefined when it has vanished. */
function groupOf(pid: number): number | undefined {
  const text = readProcText(`/proc/${pid}/stat`);
  return text === undefined ? undefined : parseProcStat(text)?.pgid;
}

/** A process tree followed over time; `pids()` answers what `processTreePids` would, most often without a full scan. */
export interface ProcessTreeWatcher {
  pids(): number[];
}

/**
 * Follows `rootPid`'s tree (as `processTreePids` defines it) for a caller that asks often, e.g.
 * every few milliseconds while a server starts. A full scan of /proc/*\/stat costs ~6 µs per process
 * on the machine (~0.4 ms with 70 processes, more on a busy one); between full scans, at most every
 * `rescanMs`, the tree is followed instead through the children lists of the processes it holds
 * (a few µs per process of the tree): from the root, and from every member seen before that is
 * still in the root's group (a grandchild whose parent exited stays found). A group member never
 * seen as a descendant (its parent exited between two looks) is found by the next full scan.
 */
export function watchProcessTree(rootPid: number, rescanMs = RESCAN_MS): ProcessTreeWatcher {
  let scannedAt = -Infinity;
  let known: number[] = [];
  return {
    pids() {
      const now = performance.now();
      if (!canListChildren() || now - scannedAt >= rescanMs) {
        scannedAt = now;
        known = processTreePids(rootPid);
        return known;
      }
      const found = new Set<number>();
      const follow = (queue: number[]): void => {
        for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
          if (found.has(pid)) continue;
          const children = childrenOf(pid);
          if (children === undefined) continue; // exited meanwhile
          found.add(pid);
          queue.push(...children);
        }
      };
      follow([rootPid]);
      // Members seen before and no longer below the root: those still in its group (re-parented orphans).
      follow(known.filter((pid) => !found.has(pid) && groupOf(pid) === rootPid));
      known = [...found].sort((a, b) => (a === rootPid ? -1 : b === rootPid ? 1 : a - b));
      return known;
    },
  };
}
