// How one launch becomes one argv (limits prefix, sandbox wrapper, the student's command) and whom it runs as.

import { existsSync } from 'node:fs';
import { commandProblem } from './command-check.js';
import { checkLimits, checkWhole, findPrlimit, planLimits } from './limits.js';
import type { LaunchOptions, ProcessOutcome, SpawnError } from './types.js';

/** What to spawn, as whom, and what the outcome should say about limits. */
export interface SpawnPlan {
  file: string;
  args: string[];
  uid?: number;
  gid?: number;
  /** Outcome fields about limits (absent when none were asked for). */
  limitFacts: Pick<ProcessOutcome, 'appliedLimits' | 'limitsNotApplied'>;
  /** Why the student's command cannot start, found before spawning because a prefix would hide the spawn error. */
  startError?: SpawnError;
}

/** Checks the options and plans the spawn; throws on a harness bug (bad numbers, a uid while not root). */
export function planSpawn(options: LaunchOptions, harnessUid: number | undefined = process.getuid?.()): SpawnPlan {
  checkUserSwitch(options, harnessUid);
  const limits = options.limits ?? {};
  checkLimits(limits);
  checkWhole('maxOutputBytes', options.maxOutputBytes, 0);
  const gid = options.gid ?? options.uid;
  const runAs = options.uid === undefined ? undefined : { uid: options.uid, gid: gid ?? options.uid };
  const pathEnv = options.env?.PATH ?? process.env.PATH;
  const asked = Object.values(limits).some((value) => value !== undefined);
  const limitPlan = planLimits(limits, asked ? findPrlimit(pathEnv) : undefined, runAs?.uid ?? harnessUid);
  const [file = options.command, ...args] = [...limitPlan.prefix, ...(options.wrapper ?? []), options.command, ...options.args];

  const limitFacts: SpawnPlan['limitFacts'] = {};
  if (asked || options.maxOutputBytes !== undefined) {
    limitFacts.appliedLimits = { ...limitPlan.applied };
    if (options.maxOutputBytes !== undefined) limitFacts.appliedLimits.maxOutputBytes = options.maxOutputBytes;
  }
  if (limitPlan.notApplied.length > 0) limitFacts.limitsNotApplied = limitPlan.notApplied;

  const plan: SpawnPlan = { file, args, limitFacts };
  if (options.uid !== undefined) plan.uid = options.uid;
  if (gid !== undefined) plan.gid = gid;
  if (file !== options.command) {
    const startError = prefixedStartError(options, pathEnv, runAs);
    if (startError !== undefined) plan.startError = startError;
  }
  return plan;
}

/** Throws unless uid/gid are whole numbers and sockgrade is root (only root can run a program as another user). */
export function checkUserSwitch(options: Pick<LaunchOptions, 'uid' | 'gid'>, harnessUid: number | undefined): void {
  checkWhole('uid', options.uid, 0);
  checkWhole('gid', options.gid, 0);
  if ((options.uid === undefined && options.gid === undefined) || harnessUid === 0) return;
  throw new Error(
    `launch: cannot run a program as uid ${String(options.uid)} / gid ${String(options.gid ?? options.uid)}: ` +
      `sockgrade runs as uid ${String(harnessUid)}, and only root can switch users (leave uid/gid unset when not root)`,
  );
}

/** The spawn error a missing working directory or command would have given without a prefix. */
function prefixedStartError(
  options: LaunchOptions,
  pathEnv: string | undefined,
  runAs: { uid: number; gid: number } | undefined,
): SpawnError | undefined {
  if (!existsSync(options.cwd)) {
    return { code: 'ENOENT', message: `working directory ${options.cwd} does not exist`, path: options.cwd };
  }
  const code = commandProblem(options.command, pathEnv, options.cwd, runAs);
  return code === undefined ? undefined : { code, message: `spawn ${options.command} ${code}`, path: options.command };
}
