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
  /** Bytes written to the program's stdin, which is then closed; undefined: stdin is empty (EOF at once). */
  stdin?: string | Buffer;
  /** Bytes kept per stream: the first `headBytes` and the last `tailBytes`; the middle is dropped and counted. */
  headBytes?: number;
  tailBytes?: number;
  /** Grace between SIGTERM and SIGKILL when stopping, in ms (default 500). */
  killGraceMs?: number;
  /** Called with each decoded piece of stdout as it arrives (e.g. to notice a ready line); errors it throws are ignored. */
  onStdout?: (chunk: string) => void;
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

/** How a process ended: one shape for success and failure (execa-style, `reject: false`). */
export interface ProcessOutcome {
  /** Exit code, or null when killed by a signal or never started. */
  exitCode: number | null;
  /** Signal name (e.g. 'SIGTERM'), or null. */
  signal: string | null;
  /** True when the harness ended it (stop()), not the program itself. */
  stoppedByHarness: boolean;
  /** Set when the program could not be started at all (e.g. ENOENT for a missing interpreter). */
  spawnError?: {
    code: string;
    message: string;
    /** What could not be found or run: the executable, or the working directory when that is missing. */
    path?: string;
  };
  durationMs: number;
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
