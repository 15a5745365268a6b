// What the isolation trials found (detect.ts), remembered between runs. The trials start 7 helper
// processes that make namespaces and jails: ~40 ms of CPU, and on a busy 2-core machine ~30 ms during
// which the CLI waits at each start of a child, on the way to the first grading of every `check` and
// `grade`. Their answers depend on the machine, not on the command: on the kernel and this boot, the
// namespaces, capabilities and seccomp mode sockgrade runs with, the user-namespace settings, and
// the helper programs found. The report is kept under the hash of all of these (and of the build),
// for an hour at most, and only when every trial that ran passed: a trial that failed, perhaps
// because the machine was busy, is tried again at the next command. `sockgrade doctor` always probes
// afresh and replaces what was kept; `SOCKGRADE_CACHE=off` turns the cache off.
import { createHash } from 'node:crypto';
import { readlinkSync, statSync } from 'node:fs';
import os from 'node:os';
import { buildId, cachePath, putKeyed, readKeyed, readOrNull, writeKeyed } from '../cache.js';
import type { IsolationReport } from './types.js';

/** How long a kept report is used. */
export const MAX_AGE_MS = 60 * 60 * 1000;
/** Reports kept (one per key: PATH, user…), the most recent first. */
const MAX_ENTRIES = 8;

const NAMESPACES = ['user', 'mnt', 'net', 'pid', 'ipc', 'uts', 'cgroup'];
const SETTINGS = [
  '/proc/sys/kernel/unprivileged_userns_clone',
  '/proc/sys/kernel/apparmor_restrict_unprivileged_userns',
  '/proc/sys/kernel/apparmor_restrict_unprivileged_unconfined',
  '/proc/sys/user/max_user_namespaces',
  '/proc/sys/user/max_net_namespaces',
  '/proc/sys/user/max_pid_namespaces',
  '/proc/sys/user/max_mnt_namespaces',
];
const PRIVILEGES = /^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp):/;

interface Entry {
  key: string;
  at: number;
  report: IsolationReport;
}

/** The cache file, or undefined when the cache is off or there is no home to keep it in. */
export function isolationCacheFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return cachePath('isolation.json', env);
}

/**
 * The key of this machine's report, for the helper `programs` the trials run (null: not found) and
 * the folders searched for them. Reads ~20 small /proc files: well under a millisecond.
 */
export function isolationKey(programs: readonly (string | null)[], searchPath: readonly string[]): string {
  const parts = {
    build: buildId(),
    uid: process.getuid?.() ?? null,
    gid: process.getgid?.() ?? null,
    kernel: `${os.release()} ${os.version()}`,
    boot: readOrNull('/proc/sys/kernel/random/boot_id'),
    namespaces: NAMESPACES.map((ns) => linkOrNull(`/proc/self/ns/${ns}`)),
    privileges: (readOrNull('/proc/self/status') ?? '').split('\n').filter((line) => PRIVILEGES.test(line)),
    cgroup: readOrNull('/proc/self/cgroup'),
    settings: SETTINGS.map(readOrNull),
    searchPath,
    programs: programs.map((p) => (p === null ? null : `${p}@${stamp(p)}`)),
  };
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** Whether `report` may be kept: on Linux, and every trial that ran passed. */
export function worthKeeping(report: IsolationReport): boolean {
  return report.platform === 'linux' && Object.values(report.trials).every((t) => t === null || typeof t === 'string' || t.ok);
}

/** The report kept under `key`, if it is there and younger than `MAX_AGE_MS`. */
export function recallIsolation(key: string, file: string | undefined = isolationCacheFile(), now: number = Date.now()): IsolationReport | undefined {
  if (file === undefined) return undefined;
  const entry = readKeyed(file, isEntry).find((e) => e.key === key);
  if (entry === undefined || !(entry.at <= now && now - entry.at < MAX_AGE_MS)) return undefined;
  return entry.report;
}

/** Keeps `report` under `key` (best effort: a cache that cannot be written is no cache). */
export function keepIsolation(key: string, report: IsolationReport, file: string | undefined = isolationCacheFile(), now: number = Date.now()): void {
  if (file !== undefined) putKeyed(file, { key, at: now, report }, isEntry, MAX_ENTRIES);
}

/** Forgets what was kept under `key` (a fresh probe did not pass). */
export function forgetIsolation(key: string, file: string | undefined = isolationCacheFile()): void {
  if (file === undefined) return;
  const entries = readKeyed(file, isEntry);
  const left = entries.filter((e) => e.key !== key);
  if (left.length < entries.length) writeKeyed(file, left);
}

function isEntry(value: unknown): value is Entry {
  if (typeof value !== 'object' || value === null) return false;
  const { key, at, report } = value as Partial<Entry>;
  return typeof key === 'string' && typeof at === 'number' && typeof report === 'object' && report !== null && typeof report.trials === 'object' && report.trials !== null;
}

/** Identity and content stamp of a program file (an upgrade or rebuild changes it). */
function stamp(file: string): string | null {
  try {
    const s = statSync(file);
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}:${s.mode}`;
  } catch {
    return null;
  }
}

function linkOrNull(file: string): string | null {
  try {
    return readlinkSync(file);
  } catch {
    return null;
  }
}
