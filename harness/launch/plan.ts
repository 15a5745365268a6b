// How one launch becomes one argv (limits prefix, sandbox wrapper, the switch to the student's user,
// the student's command) and whom it runs as.

import { existsSync } from 'node:fs';
import { commandProblem } from './command-check.js';
import { checkLimits, checkWhole, enforcedLimits, execHelperLimitArgs, findUtil, planLimits, type LimitPlan } from './limits.js';
import { execHelper } from './exec-helper.js';
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
  /** The helper is told to report its own failures on this descriptor too (`--status-fd`), which the program never holds. */
  statusFd?: number;
}

/** The descriptor sockgrade-exec reports its own failures on (stdio's fourth). */
export const HELPER_STATUS_FD = 3;

/**
 * Checks the options and plans the spawn; throws on a harness bug (bad numbers, a uid while not root).
 * With `helper` (sockgrade-exec, when built): `wrapper… helper --status-fd 3 [--jail …] [limits] [--uid U --gid G] -- command…`;
 * without: `prlimit [limits] -- wrapper… setpriv [user] -- command…`. A `uid` without a wrapper is
 * switched to by the helper too (which then need not be reachable by that uid); a `uid` with a
 * wrapper runs the wrapper as that uid, so the helper (in sockgrade's folder) is not used then (nor for
 * uid or gid 0, which it refuses to switch to).
 */
export function planSpawn(options: LaunchOptions, harnessUid: number | undefined = process.getuid?.(), helper: string | null = execHelper()): SpawnPlan {
  checkUserSwitch(options, harnessUid);
  const limits = options.limits ?? {};
  checkLimits(limits);
  checkWhole('maxOutputBytes', options.maxOutputBytes, 0);
  const gid = options.gid ?? options.uid;
  const runAs = options.uid === undefined ? undefined : { uid: options.uid, gid: gid ?? options.uid };
  const pathEnv = options.env?.PATH ?? process.env.PATH;
  const asked = Object.values(limits).some((value) => value !== undefined);
  const childUid = options.switchUser?.uid ?? runAs?.uid ?? harnessUid;
  // The helper takes over a `uid` given without a wrapper; with a wrapper (or for uid/gid 0) it is not used.
  const helperTakesUid = helper !== null && runAs !== undefined && options.wrapper === undefined && runAs.uid !== 0 && runAs.gid !== 0;
  const useHelper = helper !== null && (runAs === undefined || helperTakesUid);
  if (options.helperJail !== undefined) checkHelperJail(options, helper, useHelper);
  // Whom the helper switches to right before the command: the user asked for inside the wrapper, or that `uid`.
  const helperUser = options.switchUser ?? (helperTakesUid ? runAs : undefined);
  let limitPlan: LimitPlan;
  let argv: string[];
  let statusFd: number | undefined;
  if (useHelper) {
    limitPlan = { prefix: [], ...enforcedLimits(asked ? limits : {}, childUid) };
    const user = helperUser ? ['--uid', String(helperUser.uid), '--gid', String(helperUser.gid)] : [];
    const jail = options.helperJail ?? [];
    const inner = asked || helperUser || jail.length > 0 ? [helper, '--status-fd', String(HELPER_STATUS_FD), ...jail, ...execHelperLimitArgs(limits), ...user, '--'] : [];
    if (inner.length > 0) statusFd = HELPER_STATUS_FD;
    argv = [...(options.wrapper ?? []), ...inner, options.command, ...options.args];
  } else {
    limitPlan = planLimits(limits, asked ? findUtil('prlimit', pathEnv) : undefined, childUid);
    const switchUser = options.switchUser ? switchUserArgv(options.switchUser, pathEnv) : [];
    argv = [...limitPlan.prefix, ...(options.wrapper ?? []), ...switchUser, options.command, ...options.args];
  }
  const [file = options.command, ...args] = argv;

  const limitFacts: SpawnPlan['limitFacts'] = {};
  if (asked || options.maxOutputBytes !== undefined) {
    limitFacts.appliedLimits = { ...limitPlan.applied };
    if (options.maxOutputBytes !== undefined) limitFacts.appliedLimits.maxOutputBytes = options.maxOutputBytes;
  }
  if (limitPlan.notApplied.length > 0) limitFacts.limitsNotApplied = limitPlan.notApplied;

  const plan: SpawnPlan = { file, args, limitFacts, ...(statusFd !== undefined ? { statusFd } : {}) };
  // The spawn itself switches user, unless the helper took that over.
  if (!(helperTakesUid && helperUser === runAs)) {
    if (options.uid !== undefined) plan.uid = options.uid;
    if (gid !== undefined) plan.gid = gid;
  }
  if (file !== options.command) {
    const startError = prefixedStartError(options, pathEnv, runAs);
    if (startError !== undefined) plan.startError = startError;
  }
  return plan;
}

/** Throws unless a jail made by the helper can be: the helper is built and used, with no wrapper, and a user to switch to inside the jail. */
function checkHelperJail(options: LaunchOptions, helper: string | null, useHelper: boolean): void {
  if (helper === null || !useHelper) throw new Error('launch: helperJail needs sockgrade-exec (npm run build), which is not built or not usable here');
  if (options.wrapper !== undefined) throw new Error('launch: helperJail and wrapper are two jails: give one');
  if (options.switchUser === undefined) throw new Error('launch: helperJail needs switchUser (sockgrade-exec leaves no jailed program root)');
}

/**
 * The argv that switches to `user` and then runs what follows it: setpriv with no supplementary
 * groups, no inheritable capabilities and no new privileges. Throws when setpriv is missing.
 */
export function switchUserArgv(user: { uid: number; gid: number }, pathEnv: string | undefined = process.env.PATH): string[] {
  const setpriv = findUtil('setpriv', pathEnv);
  if (setpriv === undefined) throw new Error(`launch: cannot switch to uid ${user.uid}: setpriv (util-linux) was not found`);
  return [setpriv, '--reuid', String(user.uid), '--regid', String(user.gid), '--clear-groups', '--inh-caps=-all', '--no-new-privs', '--'];
}

/** Throws unless uid/gid (and a switch inside the wrapper) are whole numbers and sockgrade is root (only root can run a program as another user). */
export function checkUserSwitch(options: Pick<LaunchOptions, 'uid' | 'gid' | 'switchUser'>, harnessUid: number | undefined): void {
  checkWhole('uid', options.uid, 0);
  checkWhole('gid', options.gid, 0);
  checkWhole('switchUser.uid', options.switchUser?.uid, 0);
  checkWhole('switchUser.gid', options.switchUser?.gid, 0);
  const uid = options.uid ?? options.switchUser?.uid;
  const gid = options.gid ?? options.uid ?? options.switchUser?.gid;
  if ((uid === undefined && gid === undefined) || harnessUid === 0) return;
  throw new Error(
    `launch: cannot run a program as uid ${String(uid)} / gid ${String(gid)}: ` +
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
