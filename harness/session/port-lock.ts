// Without a private network namespace, two gradings that both need the assignment's fixed port would
// collide. A machine-wide lock file per port serialises them (and an in-process queue serialises
// gradings of one sockgrade process). A lock whose owner died is taken over.
import { openSync, closeSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { HarnessError } from '../spec/errors.js';

const queues = new Map<number, Promise<void>>();

/**
 * Path of the lock file for `port`: in the machine's own temporary folder (/tmp), whatever TMPDIR
 * this process was given, since the port is the machine's: two sockgrade processes with different
 * TMPDIRs (two CI jobs, two test runs) must still take turns on it.
 */
export function lockPath(port: number): string {
  return path.join(process.platform === 'win32' ? tmpdir() : '/tmp', `sockgrade-port-${port}.lock`);
}

/** Waits until this process holds the lock for `port`; resolves with the release function. */
export async function acquirePortLock(port: number): Promise<() => void> {
  // In-process: one holder at a time per port.
  const previous = queues.get(port) ?? Promise.resolve();
  let releaseQueue!: () => void;
  const mine = new Promise<void>((resolve) => (releaseQueue = resolve));
  queues.set(port, previous.then(() => mine));
  await previous;
  // Machine-wide: an exclusive lock file holding our pid.
  const file = lockPath(port);
  for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (ownerIsGone(file)) continue;
      await delay(wait); // another sockgrade is grading on this port: wait for it to finish
    }
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    try {
      unlinkSync(file);
    } catch {
      // already removed
    }
    releaseQueue();
  };
}

function ownerIsGone(file: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(file, 'utf8'));
  } catch {
    return true; // removed meanwhile
  }
  if (!Number.isInteger(pid) || pid <= 0) return removeStale(file);
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH' ? removeStale(file) : false;
  }
}

/**
 * Removes a lock its owner left behind. In /tmp (sticky) only its owner or root may, so a lock left
 * by another user's sockgrade that died cannot be taken over: rather than wait for ever, say so.
 */
function removeStale(file: string): boolean {
  try {
    unlinkSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPERM' || code === 'EACCES') {
      const owner = ownerOf(file);
      throw new HarnessError(
        `${file} was left by a sockgrade that is no longer running${owner === undefined ? '' : ` (of uid ${owner})`}, and this user cannot remove it: remove it (as that user, or as root), then run sockgrade again`,
      );
    }
    // ENOENT: someone else removed it
  }
  return true;
}

function ownerOf(file: string): number | undefined {
  try {
    return statSync(file).uid;
  } catch {
    return undefined;
  }
}
