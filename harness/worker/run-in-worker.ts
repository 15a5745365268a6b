// The parent side of a grading worker: starts it under a prefix command (the namespace), sends the
// plan, relays its events to the reporters, and returns its result. A worker that dies without a
// result is a harness error, never a student's failure.
//
// Starting a worker costs ~150 ms (Node's start and the harness's modules). A batch asks for workers
// to be kept ready (`keepWorkersReady`): each is started ahead of time under the prefix — so in its
// own fresh namespaces — loads its modules and then blocks reading its plan on stdin; a grading takes
// a ready one and a replacement starts at once, while that grading runs. Every worker still grades
// exactly one plan in namespaces nobody else used.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { lastLines } from '../launch/headline.js';
import { signalGroup } from '../launch/group.js';
import { forget, remember, type LiveProcess } from '../launch/registry.js';
import type { Result } from '../result/types.js';
import type { RunEvents } from '../runner.js';
import type { GradingPlan } from '../session/plan.js';
import { PACKAGE_ROOT } from '../version.js';
import { MessageReader } from './protocol.js';
import { nodeEnvironmentWithoutTls } from '../sandbox/tools.js';

/** The compiled worker entry (the worker always runs the built code). */
export const WORKER_ENTRY = path.join(PACKAGE_ROOT, 'dist', 'harness', 'worker', 'worker-main.js');

/** A grading worker that ended without a result. */
export class WorkerError extends Error {
  override readonly name = 'WorkerError';
}

/** Grace between SIGTERM and SIGKILL when a worker is stopped. */
const KILL_GRACE_MS = 500;
/** How much of a worker's stderr is kept for an error message. */
const STDERR_TAIL = 64 * 1024;

interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  spawnError?: NodeJS.ErrnoException;
}

/** A started worker: its stdout goes to whoever takes it (buffered until then). */
class StartedWorker {
  readonly child: ChildProcess;
  readonly closed: Promise<WorkerExit>;
  readonly command: string;
  private pending: string[] = [];
  private sink: ((chunk: string) => void) | undefined;
  private stderrTail = '';
  private exitInfo: WorkerExit | undefined;
  private entry: LiveProcess | undefined;

  constructor(prefix: string[]) {
    const [command = process.execPath, ...args] = [...prefix, process.execPath, WORKER_ENTRY];
    this.command = command;
    // Its own process group (detached), like every process sockgrade starts, so a stop ends its whole tree.
    this.child = spawn(command, args, { cwd: PACKAGE_ROOT, env: nodeEnvironmentWithoutTls(), stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    this.child.stdout?.setEncoding('utf8');
    this.child.stderr?.setEncoding('utf8');
    this.child.stdout?.on('data', (chunk: string) => (this.sink ? this.sink(chunk) : this.pending.push(chunk)));
    this.child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL);
    });
    // A worker that died early makes writing its plan fail with EPIPE: the exit says what happened.
    this.child.stdin?.on('error', () => {});
    const pid = this.child.pid;
    if (pid !== undefined) {
      const entry: LiveProcess = { pgid: pid, stop: () => this.stop() };
      this.entry = entry;
      remember(entry);
    }
    this.closed = new Promise<WorkerExit>((resolve) => {
      this.child.once('error', (error: NodeJS.ErrnoException) => {
        // Spawning failed (no 'close' follows when nothing was started).
        if (pid === undefined) resolve((this.exitInfo = { code: null, signal: null, spawnError: error }));
      });
      this.child.once('close', (code: number | null, signal: NodeJS.Signals | null) => resolve((this.exitInfo = { code, signal })));
    }).finally(() => {
      if (this.entry) forget(this.entry);
    });
  }

  /** False once it has ended (a ready worker that died is not handed out). */
  get alive(): boolean {
    return this.exitInfo === undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get stderr(): string {
    return this.stderrTail;
  }

  /** Sends the plan and routes stdout to `sink` from now on (including anything it printed before). */
  give(plan: GradingPlan, sink: (chunk: string) => void): void {
    this.sink = sink;
    for (const chunk of this.pending.splice(0)) sink(chunk);
    this.child.stdin?.end(JSON.stringify(plan));
  }

  /** Stops it with its whole group (SIGTERM, then SIGKILL after a grace); resolves when it is gone. */
  stop(): Promise<WorkerExit> {
    const pid = this.child.pid;
    if (pid !== undefined && this.alive) {
      signalGroup(pid, 'SIGTERM');
      const escalation = setTimeout(() => signalGroup(pid, 'SIGKILL'), KILL_GRACE_MS);
      void this.closed.finally(() => clearTimeout(escalation));
    }
    return this.closed;
  }
}

/** Ready workers by prefix, and how many to keep ready. */
const ready = new Map<string, StartedWorker[]>();
const wanted = new Map<string, number>();
const keyOf = (prefix: string[]): string => JSON.stringify(prefix);

function refill(prefix: string[]): void {
  const key = keyOf(prefix);
  const list = (ready.get(key) ?? []).filter((w) => w.alive);
  while (list.length < (wanted.get(key) ?? 0)) list.push(new StartedWorker(prefix));
  ready.set(key, list);
}

/**
 * Keeps `count` workers started ahead of time under `prefix`, each waiting for its plan in its own
 * fresh namespaces; `runInWorker` with the same prefix takes one. End them with `stopReadyWorkers`.
 */
export function keepWorkersReady(prefix: string[], count: number): void {
  wanted.set(keyOf(prefix), Math.max(0, Math.floor(count)));
  refill(prefix);
}

/** Stops every worker kept ready (they have no plan, so nothing is lost) and keeps no more. */
export async function stopReadyWorkers(): Promise<void> {
  const all = [...ready.values()].flat();
  ready.clear();
  wanted.clear();
  await Promise.all(all.map((w) => w.stop()));
}

/** A ready worker for `prefix` (a replacement starts at once), or a new one. */
function takeWorker(prefix: string[]): StartedWorker {
  const key = keyOf(prefix);
  const list = ready.get(key) ?? [];
  let worker: StartedWorker | undefined;
  while ((worker = list.shift()) && !worker.alive) void worker.stop();
  if (wanted.has(key)) refill(prefix);
  return worker ?? new StartedWorker(prefix);
}

/** Runs `plan` in a worker started as `prefix… node worker-main.js`; resolves with its result. */
export async function runInWorker(plan: GradingPlan, prefix: string[], events: RunEvents = {}): Promise<Result> {
  const reader = new MessageReader();
  let result: Result | undefined;
  let fatal: string | undefined;
  const noise: string[] = [];
  const relay = (chunk: string): void => {
    const { messages, noise: lines } = reader.push(chunk);
    noise.push(...lines);
    for (const m of messages) {
      if (m.type === 'runStart') events.onRunStart?.({ plan, checks: m.checks });
      else if (m.type === 'checkStart') events.onCheckStart?.(m.check);
      else if (m.type === 'checkEnd') events.onCheckEnd?.(m.result);
      else if (m.type === 'result') result = m.result;
      else fatal = m.message;
    }
  };
  const worker = takeWorker(prefix);
  worker.give(plan, relay);
  const exit = await worker.closed;
  if (result) return result;
  const stderr = lastLines(worker.stderr, 20);
  throw new WorkerError(
    `the grading worker ended without a result (${exit.spawnError ? `could not start ${worker.command}: ${exit.spawnError.code}` : `exit code ${exit.code}, signal ${exit.signal}`})` +
      (fatal ? `\n${fatal}` : '') +
      (stderr ? `\n${stderr}` : '') +
      (noise.length ? `\n${noise.slice(-5).join('\n')}` : ''),
  );
}
