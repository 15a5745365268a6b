// The one place where student processes are started, watched and ended (each leads its own process group).

import { existsSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { BoundedCapture } from './capture.js';
import { CpuWatch } from './cpu.js';
import { helperFailure } from './exec-helper.js';
import { killTagged, signalGroup, waitForGroupGone, waitForPidsGone } from './group.js';
import { internalFailure, notRun, snapshots, unstartable } from './not-run.js';
import { planSpawn, type SpawnPlan } from './plan.js';
import { forget, remember, type LiveProcess } from './registry.js';
import type { LaunchOptions, ProcessOutcome, StudentProcess } from './types.js';

export { liveProcessCount, stopAllProcesses, killAllProcessesSync } from './registry.js';

/** Grace between SIGTERM and SIGKILL when stopping, unless `killGraceMs` says otherwise. */
export const DEFAULT_KILL_GRACE_MS = 500;
/** Once the leader has exited, how long its output may take to drain before the pipes are cut. */
const DRAIN_AFTER_EXIT_MS = 2_000;
/** Once the leader has exited, how long to wait for the rest of its group to be gone. */
const GROUP_GONE_BUDGET_MS = 2_000;
/** How much of what sockgrade-exec says on its status pipe is kept. */
const HELPER_STATUS_CHARS = 2_048;

interface LeaderExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  at: number;
}

interface SpawnFacts {
  code: string | undefined;
  message: string;
}

/**
 * Starts a student program (no shell, own process group, stdin given then closed), under the given limits, wrapper
 * and user; never throws for ENOENT. Throws only on harness bugs: bad numbers, or a uid while sockgrade is not root.
 */
export function launch(options: LaunchOptions): StudentProcess {
  const captureLimits = { headBytes: options.headBytes, tailBytes: options.tailBytes };
  const stdout = new BoundedCapture(captureLimits);
  const stderr = new BoundedCapture(captureLimits);
  const killGraceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  if (!Number.isFinite(killGraceMs) || killGraceMs < 0) {
    throw new RangeError(`killGraceMs: expected a non-negative number (milliseconds), got ${String(killGraceMs)}`);
  }
  const plan = planSpawn(options);
  if (plan.startError !== undefined) {
    return unstartable({ ...notRun(0), spawnError: plan.startError, ...plan.limitFacts, ...snapshots(stdout, stderr) });
  }

  const startedAt = performance.now();
  // node:child_process directly, not execa: importing execa cost every grading worker ~70 ms of CPU (and the CLI more).
  const env = { ...options.env, PYTHONUNBUFFERED: '1', ...(options.sweepTag !== undefined ? { SOCKGRADE_RUN_TAG: options.sweepTag } : {}) };
  let subprocess: ChildProcess;
  try {
    subprocess = spawn(plan.file, plan.args, {
      cwd: options.cwd,
      env: (options.inheritEnv ?? true) ? { ...process.env, ...env } : env,
      // sockgrade-exec reports its own failures on a fourth pipe (--status-fd), which the program never holds.
      stdio: plan.statusFd !== undefined ? ['pipe', 'pipe', 'pipe', 'pipe'] : ['pipe', 'pipe', 'pipe'],
      detached: true,
      shell: false,
      windowsHide: true,
      ...userOptions(plan),
    });
  } catch (error) {
    // Node reports ENOENT, EACCES, EAGAIN… asynchronously, but throws the rarer spawn failures (ENOMEM, E2BIG…).
    const { code = 'UNKNOWN', message } = error as NodeJS.ErrnoException;
    const spawnError = { code, message: message || 'could not start', path: plan.file };
    return unstartable({ ...notRun(Math.round(performance.now() - startedAt)), spawnError, ...plan.limitFacts, ...snapshots(stdout, stderr) });
  }
  const pid = subprocess.pid;
  // Stdin is given at once and closed; a program that exits without reading it makes the write fail (EPIPE): ignored.
  subprocess.stdin?.on('error', () => {});
  subprocess.stdin?.end(options.stdin ?? '');
  const cpuSeconds = plan.limitFacts.appliedLimits?.cpuSeconds;
  const cpuWatch = pid !== undefined && cpuSeconds !== undefined ? new CpuWatch(pid) : undefined;
  // Settles once the program has exited and its output streams are closed, or when it could not be started.
  const facts = new Promise<SpawnFacts>((resolve) => {
    subprocess.on('error', (error: NodeJS.ErrnoException) => resolve({ code: error.code, message: error.message || 'could not start' }));
    subprocess.once('close', () => resolve({ code: undefined, message: '' }));
  });

  let outputLimitExceeded: 'stdout' | 'stderr' | undefined;
  /** Past `maxOutputBytes` on one stream: SIGKILL the group at once and read nothing more from either stream. */
  const enforceOutputCap = (stream: 'stdout' | 'stderr', capture: BoundedCapture): void => {
    const max = options.maxOutputBytes;
    if (max === undefined || outputLimitExceeded !== undefined || capture.totalBytes <= max) return;
    outputLimitExceeded = stream;
    if (pid !== undefined) signalGroup(pid, 'SIGKILL');
    subprocess.stdout?.destroy();
    subprocess.stderr?.destroy();
  };

  const stdoutDecoder = new StringDecoder('utf8');
  subprocess.stdout?.on('data', (chunk: Buffer) => {
    if (outputLimitExceeded !== undefined) return;
    stdout.push(chunk);
    enforceOutputCap('stdout', stdout);
    const hook = options.onStdout;
    if (hook === undefined) return;
    const text = stdoutDecoder.write(chunk);
    try {
      if (text !== '') hook(text);
    } catch {
      // A broken observer must not break the capture or crash the harness.
    }
  });
  subprocess.stderr?.on('data', (chunk: Buffer) => {
    if (outputLimitExceeded !== undefined) return;
    stderr.push(chunk);
    enforceOutputCap('stderr', stderr);
  });

  // What sockgrade-exec said on its status pipe: that it ran, then its own failure, if any (bounded, like stderr).
  let helperStatus = '';
  const statusPipe = plan.statusFd !== undefined ? subprocess.stdio[plan.statusFd] : undefined;
  statusPipe?.on('data', (chunk: Buffer) => {
    if (helperStatus.length < HELPER_STATUS_CHARS) helperStatus += chunk.toString('utf8');
  });
  statusPipe?.on('error', () => {});

  let exited = pid === undefined;
  let stopRequested = false;
  let stopping: Promise<ProcessOutcome> | undefined;
  const leaderExit = new Promise<LeaderExit>((resolve) => {
    subprocess.once('exit', (code: number | null, signal: NodeJS.Signals | null) => {
      exited = true;
      cpuWatch?.stop();
      resolve({ code, signal, at: performance.now() });
    });
  });

  const captured = () => snapshots(stdout, stderr);
  /** SIGXCPU comes only from the soft CPU limit; a SIGKILL counts once the process was seen past that limit. */
  const passedCpuLimit = (signal: NodeJS.Signals | null): boolean =>
    cpuSeconds !== undefined &&
    (signal === 'SIGXCPU' || (signal === 'SIGKILL' && (cpuWatch?.seconds ?? 0) >= cpuSeconds));

  async function settle(leaderPid: number): Promise<ProcessOutcome> {
    const exit = await leaderExit;
    const stoppedByHarness = stopRequested;
    signalGroup(leaderPid, 'SIGKILL'); // orphaned grandchildren die with their leader
    if (!(await settlesWithin(facts, DRAIN_AFTER_EXIT_MS))) {
      // Something outside the group (it escaped with setsid) still holds the pipes: stop listening.
      subprocess.stdin?.destroy();
      subprocess.stdout?.destroy();
      subprocess.stderr?.destroy();
      statusPipe?.destroy();
    }
    await waitForGroupGone(leaderPid, GROUP_GONE_BUDGET_MS);
    // Daemons that left the group with setsid still carry the tag in their environment. Sweep until a
    // scan finds none: one may have forked between a scan and its kill (a killed process cannot fork).
    if (options.sweepTag !== undefined) {
      const swept: number[] = [];
      for (let round = 0; round < 20; round++) {
        const killed = killTagged(options.sweepTag);
        if (killed.length === 0) break;
        swept.push(...killed);
      }
      // A signal is delivered asynchronously: return only once what was swept is gone.
      await waitForPidsGone(swept, GROUP_GONE_BUDGET_MS);
    }
    // sockgrade-exec, or the wrapper it runs under, failed before the program ran: sockgrade's failure, never the student's.
    const failure =
      plan.statusFd === undefined
        ? undefined
        : helperFailure(helperStatus, {
            wrapper: options.wrapper?.[0],
            stoppedByHarness,
            wrapperSaid: stderr.snapshot().text.split('\n')[0] ?? '',
            exit: exit.signal !== null ? `killed by ${exit.signal}` : `exit code ${String(exit.code)}`,
          });
    if (failure !== undefined) {
      const spawnError = { code: 'EHELPER', message: failure, path: plan.file };
      return { ...notRun(Math.round(exit.at - startedAt)), spawnError, ...plan.limitFacts, ...captured() };
    }
    return {
      exitCode: exit.code,
      signal: exit.signal,
      stoppedByHarness,
      durationMs: Math.round(exit.at - startedAt),
      ...plan.limitFacts,
      ...(outputLimitExceeded !== undefined ? { outputLimitExceeded } : {}),
      ...(passedCpuLimit(exit.signal) ? { cpuLimitExceeded: true } : {}),
      ...captured(),
    };
  }

  async function notStarted(): Promise<ProcessOutcome> {
    const { code, message } = await facts;
    const durationMs = Math.round(performance.now() - startedAt);
    const cwdMissing = code === 'ENOENT' && !existsSync(options.cwd);
    const spawnError = cwdMissing
      ? { code, message: `working directory ${options.cwd} does not exist`, path: options.cwd }
      : { code: code ?? 'UNKNOWN', message, path: plan.file };
    return { ...notRun(durationMs), spawnError, ...plan.limitFacts, ...captured() };
  }

  const entry: LiveProcess | undefined = pid === undefined ? undefined : { pgid: pid, stop: () => stop() };
  if (entry !== undefined) remember(entry);
  const outcome: Promise<ProcessOutcome> = (pid === undefined ? notStarted() : settle(pid))
    .catch((error: unknown) => internalFailure(error, performance.now() - startedAt, captured()))
    .finally(() => {
      if (entry !== undefined) forget(entry);
    });

  function stop(): Promise<ProcessOutcome> {
    if (stopping !== undefined) return stopping;
    if (exited || pid === undefined) return outcome;
    stopRequested = true;
    stopping = (async () => {
      signalGroup(pid, 'SIGTERM');
      const escalation = setTimeout(() => signalGroup(pid, 'SIGKILL'), killGraceMs);
      try {
        await leaderExit;
      } finally {
        clearTimeout(escalation);
      }
      return outcome;
    })();
    return stopping;
  }

  return {
    pid,
    get exited() {
      return exited;
    },
    stdoutText: () => stdout.snapshot().text,
    stderrText: () => stderr.snapshot().text,
    outcome,
    waitForExit: (timeoutMs) => settlesWithin(outcome, timeoutMs).then((done) => (done ? outcome : undefined)),
    stop,
  };
}

/** Spawn options to run as another user; libuv then also drops supplementary groups. */
function userOptions(plan: SpawnPlan): { uid?: number; gid?: number } {
  return {
    ...(plan.uid !== undefined ? { uid: plan.uid } : {}),
    ...(plan.gid !== undefined ? { gid: plan.gid } : {}),
  };
}

/** True when `promise` settles within `ms`; the timer is always cleared. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(resolve, ms, false);
  });
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
