// The pids of a student's process tree, found from /proc/*/stat.

import { readProcDir, readProcText } from './read-proc.js';

/** The fields of /proc/<pid>/stat that the tree needs. */
export interface ProcStat {
  pid: number;
  ppid: number;
  pgid: number;
}

/**
 * Parses /proc/<pid>/stat text. The command name (field 2) is in parentheses and may itself
 * contain spaces and parentheses, so the fields after it are read from the last ')'.
 */
export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  // After ') ': state ppid pgrp session …
  const [, ppid, pgid] = text.slice(close + 1).trim().split(/\s+/).map(Number);
  if (!Number.isInteger(pid) || !Number.isInteger(ppid) || !Number.isInteger(pgid)) return undefined;
  return { pid, ppid: ppid as number, pgid: pgid as number };
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
