// Contracts of the launcher: the one place where student processes are started, watched and ended.

/** What to start: an executable with arguments (never through a shell), and how. */
export interface LaunchOptions {
  /** Executable to run (e.g. `python3`), resolved on PATH. */
  command: string;
  args: string[];
  /** Working directory of the program (the submission's folder or its scratch copy). */
  cwd: string;
  /** Variables added to the inherited environment (e.g. SERVER_HOST, SERVER_PORT). */
  env?: Record<string, string>;
  /** False: the program gets only `env` (and PYTHONUNBUFFERED), not the harness's environment (default true). */
  inheritEnv?: boolean;
  /** Bytes written to the program's stdin, which is then closed; undefined: stdin is empty (EOF at once). */
  stdin?: string | Buffer;
  /** Bytes kept per stream: the first `headBytes` and the last `tailBytes`; the middle is dropped and counted. */
  headBytes?: number;
  tailBytes?: number;
  /**
   * A tag put in the program's environment (SOCKGRADE_RUN_TAG) and inherited by everything it starts:
   * when the program ends, any process still carrying it (a daemon that left the process group with
   * setsid) is killed too. Linux only; a program that clears its environment escapes it.
   */
  sweepTag?: string;
  /** Grace between SIGTERM and SIGKILL when stopping, in ms (default 500). */
  killGraceMs?: number;
  /** Called with each decoded piece of stdout as it arrives (e.g. to notice a ready line); errors it throws are ignored. */
  onStdout?: (chunk: string) => void;
  /** Kernel limits for the program, applied with prlimit (Linux); those that cannot be are listed in `limitsNotApplied`. */
  limits?: ResourceLimits;
  /** Bytes a program may write to each stream; one byte more and its whole group is SIGKILLed at once. */
  maxOutputBytes?: number;
  /** Run as this user (and group: `gid`, default the same number, no supplementary groups); only when sockgrade is root, else launch throws. */
  uid?: number;
  gid?: number;
  /** Argv prefix put right before `command` (after prlimit), e.g. a sandbox `['bwrap', ..., '--']`; outcomes still name `command`. */
  wrapper?: string[];
  /**
   * sockgrade-exec's jail options (`--jail …`, see sandbox/jail.ts helperJailArgs): the helper makes the
   * jail itself, then switches to `switchUser` (required). Not with `wrapper`; throws where the helper is not built.
   */
  helperJail?: string[];
  /**
   * Switch to this user inside the wrapper, right before `command` (a jail makes its mounts as root
   * first): no supplementary groups, no capabilities, no new privileges. Only when sockgrade is root.
   */
  switchUser?: { uid: number; gid: number };
}

/** Kernel resource limits of a program, each applied as soft = hard limit (CPU: hard one second later). */
export interface ResourceLimits {
  /** CPU seconds (RLIMIT_CPU): SIGXCPU at this many, SIGKILL one second later for a program that catches SIGXCPU. */
  cpuSeconds?: number;
  /** Writable private memory in bytes (RLIMIT_DATA): bigger allocations fail (Python: MemoryError). */
  memoryBytes?: number;
  /**
   * Processes and threads of the program's real uid (RLIMIT_NPROC), counting every process of that uid, not only
   * this program's: give each concurrent grading its own `uid`. Never enforced for uid 0 (then listed as not applied).
   */
  processes?: number;
  /** Largest file the program may write, in bytes (RLIMIT_FSIZE): a write past it fails (EFBIG) or raises SIGXFSZ. */
  fileSizeBytes?: number;
}

/** Captured text of one output stream, bounded in memory whatever the program prints. */
export interface CapturedStream {
  /** The kept text (head, then a marker line `…[N bytes dropped]…` when something was dropped, then tail). */
  text: string;
  /** Total bytes the program wrote to this stream. */
  totalBytes: number;
  /** Bytes dropped from the middle (0 when everything was kept). */
  droppedBytes: number;
}

/** Why a program could not be started. */
export interface SpawnError {
  code: string;
  message: string;
  /** What could not be found or run: the executable, or the working directory when that is missing. */
  path?: string;
}

/** How a process ended: one shape for success and failure (execa-style, `reject: false`). */
export interface ProcessOutcome {
  /** Exit code, or null when killed by a signal or never started. */
  exitCode: number | null;
  /** Signal name (e.g. 'SIGTERM'), or null. */
  signal: string | null;
  /** True when the harness ended it (stop()), not the program itself. */
  stoppedByHarness: boolean;
  /** Set when the program could not be started at all (e.g. ENOENT for a missing interpreter). */
  spawnError?: SpawnError;
  durationMs: number;
  /** The limits the program actually ran under (only present when some were asked for). */
  appliedLimits?: ResourceLimits & { maxOutputBytes?: number };
  /** Limits asked for but not applied, each with why, e.g. 'cpuSeconds (prlimit not found)'. */
  limitsNotApplied?: string[];
  /** The stream that passed `maxOutputBytes`, for which sockgrade SIGKILLed the program. */
  outputLimitExceeded?: 'stdout' | 'stderr';
  /** True when the program ended for passing its CPU limit (SIGXCPU, or SIGKILL after its CPU time passed the limit). */
  cpuLimitExceeded?: boolean;
  stdout: CapturedStream;
  stderr: CapturedStream;
}

/** A running student program, its whole process group owned by the launcher. */
export interface StudentProcess {
  readonly pid: number | undefined;
  /** True once the process has exited (or failed to start). */
  readonly exited: boolean;
  /** Output captured so far (live views; same bounds as the final outcome). */
  stdoutText(): string;
  stderrText(): string;
  /** Resolves once, when the process has exited; never rejects. */
  readonly outcome: Promise<ProcessOutcome>;
  /** Waits up to `timeoutMs` for the process to exit on its own; undefined if it is still running. */
  waitForExit(timeoutMs: number): Promise<ProcessOutcome | undefined>;
  /** SIGTERM to the whole process group, SIGKILL after the grace, await exit; idempotent. */
  stop(): Promise<ProcessOutcome>;
}
