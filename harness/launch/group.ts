// Signals to a whole process group, and waiting until no live member of a group is left.

import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { splitProcStat } from '../readiness/process-tree.js';

/** Sends `signal` to every process of the group led by `pgid`; false when the group is already empty. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    // Windows has no process groups: only the leader can be signalled there.
    process.kill(process.platform === 'win32' ? pgid : -pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: nobody left (EPERM cannot happen for our own children)
  }
}

/** Pids of the group's members that are still running (zombies excluded); Linux only, else undefined. */
export function liveGroupMembers(pgid: number): number[] | undefined {
  if (process.platform !== 'linux') return undefined;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  const members: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (stat !== undefined && stat.pgrp === pgid && stat.state !== 'Z' && stat.state !== 'X') {
      members.push(Number(entry));
    }
  }
  return members;
}

/**
 * Pauses between two looks at processes that are on their way out: 1 ms at first (a killed process
 * is usually gone by then, once the kernel has freed its memory), doubling up to 10 ms.
 */
function* exitPolls(): Generator<number> {
  for (let ms = 1; ; ms = Math.min(10, ms * 2)) yield ms;
}

/** Polls (re-sending SIGKILL) until the group has no running member or `budgetMs` passes; false if some survived. */
export async function waitForGroupGone(pgid: number, budgetMs: number): Promise<boolean> {
  const deadline = Date.now() + budgetMs;
  for (const pause of exitPolls()) {
    const members = liveGroupMembers(pgid);
    if (members === undefined || members.length === 0) return true;
    if (Date.now() >= deadline) return false;
    signalGroup(pgid, 'SIGKILL');
    await delay(pause);
  }
  return false; // not reached: the polls never end
}

/** State, parent and process group of a process from /proc/<pid>/stat; undefined once it is gone. */
export function readStat(pid: string): { state: string; ppid: number; pgrp: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // exited while we looked
  }
  const [state, ppidField, pgrpField] = splitProcStat(text)?.fields ?? [];
  const ppid = Number(ppidField);
  const pgrp = Number(pgrpField);
  return state === undefined || !Number.isInteger(pgrp) || !Number.isInteger(ppid) ? undefined : { state, ppid, pgrp };
}

/** The environment entry that marks every process of one grading. */
export function sweepEntry(tag: string): string {
  return `SOCKGRADE_RUN_TAG=${tag}`;
}

/** SIGKILLs every process (but this one) whose environment carries the tag; Linux only. Returns the pids killed. */
export function killTagged(tag: string): number[] {
  if (process.platform !== 'linux') return [];
  const needle = `\0${sweepEntry(tag)}\0`;
  const killed: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return killed;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (`\0${readFileSync(`/proc/${entry}/environ`, 'latin1')}`.includes(needle)) {
        process.kill(Number(entry), 'SIGKILL');
        killed.push(Number(entry));
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return killed;
}

/** Polls until none of `pids` is running (zombies count as gone) or `budgetMs` passes; false if some survived. */
export async function waitForPidsGone(pids: number[], budgetMs: number): Promise<boolean> {
  if (pids.length === 0 || process.platform !== 'linux') return true;
  const deadline = Date.now() + budgetMs;
  for (const pause of exitPolls()) {
    const alive = pids.filter((pid) => {
      const stat = readStat(String(pid));
      return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
    });
    if (alive.length === 0) return true;
    if (Date.now() >= deadline) return false;
    await delay(pause);
  }
  return false; // not reached: the polls never end
}
