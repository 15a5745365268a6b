// Looks the student's command up as execvp would, before a prefix (prlimit, sandbox) would hide a spawn error.

import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { delimiter, resolve } from 'node:path';

/** Search path execvp uses when `PATH` is unset. */
const DEFAULT_PATH = '/usr/bin:/bin';

/** Whom the command will run as, when not sockgrade's own user. */
export interface RunAs {
  uid: number;
  gid: number;
}

/**
 * 'ENOENT' when no file `command` is found (relative to `cwd`, or on `pathEnv`), 'EACCES' when only files it
 * may not execute are, undefined when it looks runnable. Search permission of directories is not checked.
 */
export function commandProblem(command: string, pathEnv: string | undefined, cwd: string, runAs?: RunAs): 'ENOENT' | 'EACCES' | undefined {
  const candidates = command.includes('/')
    ? [resolve(cwd, command)]
    : (pathEnv ?? DEFAULT_PATH).split(delimiter).map((dir) => resolve(cwd, dir, command));
  let problem: 'ENOENT' | 'EACCES' = 'ENOENT';
  for (const candidate of candidates) {
    const stats = statOrUndefined(candidate);
    if (stats === undefined) continue;
    if (stats.isFile() && mayExecute(candidate, stats, runAs)) return undefined;
    problem = 'EACCES';
  }
  return problem;
}

function mayExecute(path: string, stats: Stats, runAs: RunAs | undefined): boolean {
  if (runAs === undefined) return isExecutable(path);
  if (runAs.uid === 0) return (stats.mode & 0o111) !== 0;
  if (stats.uid === runAs.uid) return (stats.mode & 0o100) !== 0;
  if (stats.gid === runAs.gid) return (stats.mode & 0o010) !== 0;
  return (stats.mode & 0o001) !== 0;
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** True when this process may execute `path` (X_OK). */
export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
