// The one place where student processes are started, watched and ended (each leads its own process group).

import { existsSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { execa } from 'execa';
import { BoundedCapture } from './capture.js';
import { signalGroup, waitForGroupGone } from './group.js';
import { forget, remember, type LiveProcess } from './registry.js';
import type { LaunchOptions, ProcessOutcome, StudentProcess } from './types.js';

export { liveProcessCount, stopAllProcesses, killAllProcessesSync } from './registry.js';

/** Grace between SIGTERM and SIGKILL when stopping, unless `killGraceMs` says otherwise. */
export const DEFAULT_KILL_GRACE_MS = 500;
/** Once the leader has exited, how long its output may take to drain before the pipes are cut. */
const DRAIN_AFTER_EXIT_MS = 2_000;
/** Once the leader has exited, how long to wait for the rest of its group to be gone. */
const GROUP_GONE_BUDGET_MS = 2_000;

interface LeaderExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  at: number;
}

interface SpawnFacts {
  code: string | undefined;
  message: string;
}

/** Starts a student program (no shell, own process group, stdin given then closed); never throws for ENOENT. */
export function launch(options: LaunchOptions): StudentProcess {
  const limits = { headBytes: options.headBytes, tailBytes: options.tailBytes };
  const stdout = new BoundedCapture(limits);
  const stderr = new BoundedCapture(limits);
  const killGraceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  if (!Number.isFinite(killGraceMs) || killGraceMs < 0) {
    throw new RangeError(`killGraceMs: expected a non-negative number (milliseconds), got ${String(killGraceMs)}`);
  }

  const startedAt = performance.now();
  const subprocess = execa(options.command, options.args, {
    cwd: options.cwd,
    env: { ...options.env, PYTHONUNBUFFERED: '1' },
    extendEnv: true,
    input: options.stdin ?? '',
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: false,
    reject: false,
    detached: true,
    shell: false,
  });
  const pid = subprocess.pid;
  const facts: Promise<SpawnFacts> = subprocess.then(
    (result) => ({ code: result.code, message: result.originalMessage ?? result.shortMessage ?? 'could not start' }),
    (error: unknown) => ({ code: undefined, message: String(error) }),
  );

  const stdoutDecoder = new StringDecoder('utf8');
  subprocess.stdout?.on('data', (chunk: Buffer) => {
    stdout.push(chunk);
    const hook = options.onStdout;
    if (hook === undefined) return;
    const text = stdoutDecoder.write(chunk);
    try {
      if (text !== '') hook(text);
    } catch {
      // A broken observer must not break the capture or crash the harness.
    }
  });
  subprocess.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));

  let exited = pid === undefined;
  let stopRequested = false;
  let stopping: Promise<ProcessOutcome> | undefined;
  const leaderExit = new Promise<LeaderExit>((resolve) => {
    subprocess.once('exit', (code: number | null, signal: NodeJS.Signals | null) => {
      exited = true;
      resolve({ code, signal, at: performance.now() });
    });
  });

  const captured = () => ({ stdout: stdout.snapshot(), stderr: stderr.snapshot() });

  async function settle(leaderPid: number): Promise<ProcessOutcome> {
    const exit = await leaderExit;
    const stoppedByHarness = stopRequested;
    signalGroup(leaderPid, 'SIGKILL'); // orphaned grandchildren die with their leader
    if (!(await settlesWithin(facts, DRAIN_AFTER_EXIT_MS))) {
      // Something outside the group (it escaped with setsid) still holds the pipes: stop listening.
      subprocess.stdin?.destroy();
      subprocess.stdout?.destroy();
      subprocess.stderr?.destroy();
    }
    await waitForGroupGone(leaderPid, GROUP_GONE_BUDGET_MS);
    return {
      exitCode: exit.code,
      signal: exit.signal,
      stoppedByHarness,
      durationMs: Math.round(exit.at - startedAt),
      ...captured(),
    };
  }

  async function notStarted(): Promise<ProcessOutcome> {
    const { code, message } = await facts;
    const durationMs = Math.round(performance.now() - startedAt);
    const cwdMissing = code === 'ENOENT' && !existsSync(options.cwd);
    const spawnError = cwdMissing
      ? { code, message: `working directory ${options.cwd} does not exist`, path: options.cwd }
      : { code: code ?? 'UNKNOWN', message, path: options.command };
    return { exitCode: null, signal: null, stoppedByHarness: false, spawnError, durationMs, ...captured() };
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

/** An outcome for a failure of the launcher itself, so that `outcome` never rejects. */
function internalFailure(
  error: unknown,
  elapsedMs: number,
  streams: Pick<ProcessOutcome, 'stdout' | 'stderr'>,
): ProcessOutcome {
  const message = error instanceof Error ? error.message : String(error);
  return {
    exitCode: null,
    signal: null,
    stoppedByHarness: false,
    spawnError: { code: 'EHARNESS', message: `sockgrade could not watch the program: ${message}` },
    durationMs: Math.round(elapsedMs),
    ...streams,
  };
}
