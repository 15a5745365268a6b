// The bwrap argv prefix under which ONE student process runs, inside the worker's namespaces:
// system read-only, fresh /dev and /tmp, its scratch folder writable (and the cwd), hidden paths
// covered by empty tmpfs. When a uid is given, the way down to what the program is given is made
// searchable for it; the launcher switches to that uid inside the jail (`switchUser`).

import { statSync, type Stats } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import type { IsolationReport } from './types.js';

export { locateInterpreter } from './interpreter.js';

/** What one jailed process sees: absolute paths; `gid` defaults to `uid`. */
export interface JailSpec {
  /** The scratch copy of the submission: bound writable at the same path, and the working directory. */
  scratch: string;
  /** Paths covered by an empty tmpfs (folders) or /dev/null (files): submissions root, results, harness, hidden fixtures. */
  hide: string[];
  /** The uid the program will run as (the launcher switches to it inside the jail; the harness must be root). */
  uid?: number;
  gid?: number;
  /** Paths re-bound read-only after hiding, e.g. the interpreter's prefix under /root (see locateInterpreter). */
  readOnlyBinds?: string[];
}

interface Mount {
  path: string;
  args: string[];
  /** Covers (tmpfs, /dev/null) go before binds at the same depth. */
  order: number;
}

/** The bwrap argv prefix for one student process; throws when this machine cannot jail (or cannot run it as `spec.uid`). */
export function jailPrefix(spec: JailSpec, report: IsolationReport): string[] {
  const { bwrap, setpriv } = report.tools;
  if (!report.canJail || bwrap === null) throw new Error(`no filesystem jail on this machine: ${report.problems.join('; ') || 'bwrap does not work'}`);
  const uid = spec.uid;
  const gid = spec.gid ?? uid;
  if (uid !== undefined && (!report.canDropPrivileges || setpriv === null)) {
    throw new Error(`cannot run student programs as uid ${uid}: ${report.isRoot ? 'setpriv does not work' : 'sockgrade is not root'}`);
  }
  const scratch = absolute(spec.scratch, 'scratch');
  const readOnly = (spec.readOnlyBinds ?? []).map((path) => absolute(path, 'readOnlyBinds'));
  const mounts: Mount[] = [];
  const covered = new Set<string>();
  const cover = (path: string): void => {
    if (covered.has(path)) return;
    const kind = kindOf(path);
    if (kind === undefined) return; // nothing there: nothing to hide, and the read-only root stops it being created
    covered.add(path);
    mounts.push(kind === 'dir' ? { path, args: ['--tmpfs', path], order: 0 } : { path, args: ['--ro-bind', '/dev/null', path], order: 0 });
  };
  for (const path of spec.hide) cover(absolute(path, 'hide'));
  // A dropped uid must be able to walk down to what it is given: cover any folder on the way it may not enter
  // (e.g. /root, mode 700, above a pyenv interpreter); the way down inside the tmpfs is made searchable below.
  if (uid !== undefined && gid !== undefined) {
    for (const target of [scratch, ...readOnly]) {
      const blocked = firstBlockedAncestor(target, uid, gid);
      if (blocked !== undefined && !underTmp(blocked)) cover(blocked);
    }
  }
  // Inside a fresh tmpfs (the jail's /tmp, or a covered folder), bwrap would create the way down to a bind
  // with the host folders' modes (the scratch's parent is 0700): create those folders searchable first.
  const made = new Set<string>();
  for (const target of [scratch, ...readOnly]) {
    for (let dir = dirname(target); dir !== sep && dir !== '.'; dir = dirname(dir)) {
      const insideTmpfs = underTmp(dir) || [...covered].some((c) => dir.startsWith(`${c}${sep}`));
      if (!insideTmpfs || made.has(dir) || dir === '/tmp') continue;
      made.add(dir);
      mounts.push({ path: dir, args: ['--perms', '0755', '--dir', dir], order: 0.5 });
    }
  }
  for (const path of readOnly) mounts.push({ path, args: ['--ro-bind', path, path], order: 1 });
  mounts.push({ path: scratch, args: ['--bind', scratch, scratch], order: 1 });
  mounts.sort((a, b) => depth(a.path) - depth(b.path) || a.order - b.order);

  const prefix = [bwrap, '--die-with-parent', '--ro-bind', '/', '/', '--dev', '/dev', '--perms', '1777', '--tmpfs', '/tmp'];
  for (const mount of mounts) prefix.push(...mount.args);
  prefix.push('--chdir', scratch, '--');
  return prefix;
}

function absolute(path: string, field: string): string {
  const normal = resolve(path);
  if (normal === sep) throw new Error(`${field}: "/" cannot be bound or hidden in a jail`);
  return normal;
}

function kindOf(path: string): 'dir' | 'file' | undefined {
  try {
    return statSync(path).isDirectory() ? 'dir' : 'file';
  } catch {
    return undefined;
  }
}

/** The highest folder above `path` that `uid`/`gid` may not search (no x bit for them), if any. */
function firstBlockedAncestor(path: string, uid: number, gid: number): string | undefined {
  const ancestors: string[] = [];
  for (let dir = dirname(path); dir !== sep && dir !== '.'; dir = dirname(dir)) ancestors.unshift(dir);
  for (const dir of ancestors) {
    let stats: Stats;
    try {
      stats = statSync(dir);
    } catch {
      return undefined;
    }
    if (!canSearch(stats, uid, gid)) return dir;
  }
  return undefined;
}

function canSearch(stats: Stats, uid: number, gid: number): boolean {
  if (uid === 0) return true;
  if (stats.uid === uid) return (stats.mode & 0o100) !== 0;
  if (stats.gid === gid) return (stats.mode & 0o010) !== 0;
  return (stats.mode & 0o001) !== 0;
}

// The jail's /tmp is a fresh tmpfs already: whatever was under the host's /tmp is gone there.
function underTmp(path: string): boolean {
  return path === '/tmp' || path.startsWith('/tmp/');
}

function depth(path: string): number {
  return path.split(sep).filter((part) => part !== '').length;
}
