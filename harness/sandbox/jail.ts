// The filesystem jail ONE student process runs in, inside the worker's namespaces: system read-only,
// fresh /dev and /tmp, its scratch folder writable (and the cwd), hidden paths covered by empty tmpfs.
// When a uid is given, the way down to what the program is given is made searchable for it; the
// launcher switches to that uid inside the jail. The same steps (`jailLayout`) are made either by
// bwrap (`jailPrefix`, an argv prefix) or, as root, by sockgrade-exec itself (`helperJailArgs`).

import { realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import type { IsolationReport } from './types.js';

export { locateInterpreter } from './interpreter.js';

/** What one jailed process sees: absolute paths; `gid` defaults to `uid`. */
export interface JailSpec {
  /** The scratch copy of the submission: bound writable at the same path (or, with `copyFrom`, made there), and the working directory. */
  scratch: string;
  /**
   * sockgrade-exec only: the scratch is made inside the jail, under its fresh /tmp, as a copy of this
   * folder (`scratch` must be under /tmp then); nothing is copied on the host, and the copy goes with the jail.
   */
  copyFrom?: string;
  /** Paths covered by an empty tmpfs (folders) or /dev/null (files): submissions root, results, harness, hidden fixtures (none needed under /tmp, fresh in the jail). */
  hide: string[];
  /** The uid the program will run as (the launcher switches to it inside the jail; the harness must be root). */
  uid?: number;
  gid?: number;
  /** Paths re-bound read-only after hiding, e.g. the interpreter's prefix under /root (see locateInterpreter). */
  readOnlyBinds?: string[];
}

/**
 * Who makes each student program's jail: sockgrade-exec itself where it can (root, a uid to switch to,
 * its trial passed: no bwrap process, ~2 ms less per launch), else bwrap; null: no jail here.
 */
export function jailMaker(report: IsolationReport): 'sockgrade-exec' | 'bwrap' | null {
  if (report.canDropPrivileges && report.trials.helperJail?.ok === true) return 'sockgrade-exec';
  if (report.trials.jail?.ok === true && report.tools.bwrap !== null) return 'bwrap';
  return null;
}

/** One step of making a jail, after its read-only root, fresh /dev and /tmp; in the order they are made. */
export type JailStep =
  /** An empty tmpfs over a folder (hides it). */
  | { kind: 'tmpfs'; path: string }
  /** /dev/null, read-only, over a file (hides it). */
  | { kind: 'hide-file'; path: string }
  /** A folder made searchable (0755) inside a tmpfs, on the way down to what is bound. */
  | { kind: 'dir'; path: string }
  /** A host path shown read-only at the same place. */
  | { kind: 'ro-bind'; path: string }
  /** A host path shown writable at the same place. */
  | { kind: 'bind'; path: string }
  /** A folder made under the jail's /tmp, holding a copy of the host folder `from`, the program's own (sockgrade-exec only). */
  | { kind: 'copy'; path: string; from: string };

/** How one student process is jailed: the steps after the read-only root, fresh /dev and /tmp, and its working directory. */
export interface JailLayout {
  steps: JailStep[];
  chdir: string;
}

interface Ordered {
  step: JailStep;
  /** Covers (tmpfs, /dev/null) go before binds at the same depth. */
  order: number;
}

/** The bwrap argv prefix for one student process; throws when this machine cannot jail with bwrap (or cannot run it as `spec.uid`). */
export function jailPrefix(spec: JailSpec, report: IsolationReport): string[] {
  const { bwrap } = report.tools;
  if (report.trials.jail?.ok !== true || bwrap === null) throw new Error(`no filesystem jail on this machine: ${report.problems.join('; ') || 'bwrap does not work'}`);
  const layout = jailLayout(spec, report);
  const prefix = [bwrap, '--die-with-parent', '--ro-bind', '/', '/', '--dev', '/dev', '--perms', '1777', '--tmpfs', '/tmp'];
  for (const step of layout.steps) prefix.push(...bwrapArgs(step));
  prefix.push('--chdir', layout.chdir, '--');
  return prefix;
}

/**
 * sockgrade-exec's options that make the same jail as `jailPrefix`, for the helper to make itself
 * (`--jail`, the steps, `--chdir`): no bwrap process, ~2 ms less per launch. Only with a uid: the
 * helper refuses to leave a jailed program root. Throws when the helper cannot jail here.
 */
export function helperJailArgs(spec: JailSpec, report: IsolationReport): string[] {
  if (report.trials.helperJail?.ok !== true) throw new Error('sockgrade-exec cannot make jails on this machine');
  if (spec.uid === undefined) throw new Error('a jail made by sockgrade-exec needs the uid the program runs as');
  const layout = jailLayout(spec, report);
  return ['--jail', ...layout.steps.flatMap((step) => (step.kind === 'copy' ? ['--copy', step.from, step.path] : [`--${step.kind}`, step.path])), '--chdir', layout.chdir];
}

/** The steps that make `spec`'s jail; throws when the program cannot be run as `spec.uid` here. */
export function jailLayout(spec: JailSpec, report: IsolationReport): JailLayout {
  const uid = spec.uid;
  const gid = spec.gid ?? uid;
  if (uid !== undefined && !report.canDropPrivileges) {
    throw new Error(`cannot run student programs as uid ${uid}: ${report.isRoot ? 'setpriv does not work' : 'sockgrade is not root'}`);
  }
  const scratch = absolute(spec.scratch, 'scratch');
  const copyFrom = spec.copyFrom === undefined ? undefined : absolute(spec.copyFrom, 'copyFrom');
  if (copyFrom !== undefined && (!underTmp(scratch) || scratch === '/tmp')) throw new Error(`scratch: a copy made inside the jail goes under /tmp, not at ${scratch}`);
  const readOnly = (spec.readOnlyBinds ?? []).map((path) => absolute(path, 'readOnlyBinds'));
  const steps: Ordered[] = [];
  const covered = new Set<string>();
  const cover = (path: string): void => {
    if (covered.has(path)) return;
    const kind = kindOf(path);
    if (kind === undefined) return; // nothing there: nothing to hide, and the read-only root stops it being created
    covered.add(path);
    steps.push({ step: { kind: kind === 'dir' ? 'tmpfs' : 'hide-file', path }, order: 0 });
  };
  // What a path to hide leads to is covered: a file is covered by a mount that does not follow a
  // symbolic link (sockgrade-exec's), so a link given to hide would leave its target readable.
  // The jail's /tmp is a fresh tmpfs: nothing of the machine's /tmp is there to hide (a cover would cost a mount per launch).
  for (const path of spec.hide.map((p) => absolute(realOrAsGiven(resolve(p)), 'hide'))) if (!underTmp(path)) cover(path);
  // A dropped uid must be able to walk down to what it is given: cover any folder on the way it may not enter
  // (e.g. /root, mode 700, above a pyenv interpreter); the way down inside the tmpfs is made searchable below.
  if (uid !== undefined && gid !== undefined) {
    for (const target of [scratch, ...readOnly]) {
      const blocked = firstBlockedAncestor(target, uid, gid);
      if (blocked !== undefined && !underTmp(blocked)) cover(blocked);
    }
  }
  // Inside a fresh tmpfs (the jail's /tmp, or a covered folder), the way down to a bind would be created
  // with the host folders' modes (the scratch's parent is 0700): create those folders searchable first.
  const made = new Set<string>();
  for (const target of [scratch, ...readOnly]) {
    for (let dir = dirname(target); dir !== sep && dir !== '.'; dir = dirname(dir)) {
      const insideTmpfs = underTmp(dir) || [...covered].some((c) => dir.startsWith(`${c}${sep}`));
      if (!insideTmpfs || made.has(dir) || dir === '/tmp') continue;
      made.add(dir);
      steps.push({ step: { kind: 'dir', path: dir }, order: 0.5 });
    }
  }
  for (const path of readOnly) steps.push({ step: { kind: 'ro-bind', path }, order: 1 });
  steps.push({ step: copyFrom !== undefined ? { kind: 'copy', path: scratch, from: copyFrom } : { kind: 'bind', path: scratch }, order: 1 });
  steps.sort((a, b) => depth(a.step.path) - depth(b.step.path) || a.order - b.order);
  return { steps: steps.map((s) => s.step), chdir: scratch };
}

function bwrapArgs(step: JailStep): string[] {
  switch (step.kind) {
    case 'tmpfs':
      return ['--tmpfs', step.path];
    case 'hide-file':
      return ['--ro-bind', '/dev/null', step.path];
    case 'dir':
      return ['--perms', '0755', '--dir', step.path];
    case 'ro-bind':
      return ['--ro-bind', step.path, step.path];
    case 'bind':
      return ['--bind', step.path, step.path];
    case 'copy':
      throw new Error('a scratch copied inside the jail is made by sockgrade-exec, not bwrap');
  }
}

function absolute(path: string, field: string): string {
  const normal = resolve(path);
  if (normal === sep) throw new Error(`${field}: "/" cannot be bound or hidden in a jail`);
  return normal;
}

/** The path with every symbolic link on it resolved; as given when it does not exist. */
function realOrAsGiven(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
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
