// The parent side of a grading worker: starts it under a prefix command (the namespace), sends it
// plans, relays its events to the reporters, and returns each result. A worker that dies without a
// result is a harness error, never a student's failure.
//
// Starting a worker costs ~50 ms of CPU and ~150 ms of wall time (Node's start and the harness's
// modules). So a worker grades plan after plan in the same namespaces, as long as they are as fresh
// as new ones after each grading (the worker checks: `namespace-reset.ts`); when they are not, it
// retires and a fresh one takes its place. A batch says how many workers to keep
// (`keepWorkersReady`): they are started ahead of time — each loads its modules and waits for a
// plan — and kept between gradings; a single `check` starts one and ends it after its grading.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { lastLines } from '../launch/headline.js';
import { signalGroup } from '../launch/group.js';
import { forget, remember, type LiveProcess } from '../launch/registry.js';
import type { Result } from '../result/types.js';
import type { RunEvents } from '../runner.js';
import type { GradingPlan } from '../session/plan.js';
import { PACKAGE_ROOT } from '../version.js';
import { encodeMessage, MessageReader, type GradeRequest } from './protocol.js';
import { nodeEnvironmentWithoutTls } from '../sandbox/tools.js';

/** The bundled worker entry (the worker always runs the built code: `npm run build`). */
export const WORKER_ENTRY = path.join(PACKAGE_ROOT, 'dist', 'bundle', 'worker-main.js');

/** A grading worker that ended without a result. */
export class WorkerError extends Error {
  override readonly name = 'WorkerError';
}

/** Grace between SIGTERM and SIGKILL when a worker is stopped. */
const KILL_GRACE_MS = 500;
/** How much of a worker's stderr is kept for an error message. */
const STDERR_TAIL = 64 * 1024;

/** Gradings one worker makes at most before it is replaced (bounds what a long-lived process accumulates). */
export const MAX_GRADINGS_PER_WORKER = 100;

interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  spawnError?: NodeJS.ErrnoException;
}

/** A started worker: its stdout goes to whoever gave it its current plan (buffered until then). */
class StartedWorker {
  readonly child: ChildProcess;
  readonly closed: Promise<WorkerExit>;
  readonly command: string;
  readonly key: string;
  /** Plans given so far. */
  gradings = 0;
  /**
   * `waiting` for a plan (started ahead of time, or back after a grading); `grading` one; `leaving`:
   * ended for being more than wanted, without a plan (it exits once its stdin closes).
   */
  state: 'waiting' | 'grading' | 'leaving' = 'waiting';
  /** The port of its plans: a worker kept between gradings only grades plans on the same port (its namespace was checked for that port). */
  port: number | undefined;
  private pending: string[] = [];
  private sink: ((chunk: string) => void) | undefined;
  private stderrTail = '';
  private exitInfo: WorkerExit | undefined;
  private entry: LiveProcess | undefined;

  constructor(prefix: string[]) {
    const [command = process.execPath, ...args] = [...prefix, process.execPath, WORKER_ENTRY];
    this.command = command;
    this.key = keyOf(prefix);
    startedCount += 1;
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
      pools.get(this.key)?.workers.delete(this);
    });
  }

  /** False once it has ended (a ready worker that died is not handed out). */
  get alive(): boolean {
    return this.exitInfo === undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get stderr(): string {
    return this.stderrTail;
  }

  /** Sends a request and routes stdout to `sink` from now on (including anything it printed before). */
  give(request: GradeRequest, sink: (chunk: string) => void): void {
    this.gradings += 1;
    this.state = 'grading';
    this.port = request.plan.port;
    this.sink = sink;
    for (const chunk of this.pending.splice(0)) sink(chunk);
    this.child.stdin?.write(encodeMessage(request));
  }

  /** Lets it end by itself (no more plans: it exits when its stdin closes); resolves when it is gone. */
  release(): Promise<WorkerExit> {
    this.sink = undefined;
    this.child.stdin?.end();
    return this.closed;
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

const keyOf = (prefix: string[]): string => JSON.stringify(prefix);
/** By prefix: every live worker (grading or idle), and how many to keep when a batch keeps them. */
const pools = new Map<string, { workers: Set<StartedWorker>; wanted?: number }>();
let startedCount = 0;

/** How many workers this process has started (for tests and the benchmark's accounting). */
export function workersStarted(): number {
  return startedCount;
}

function poolOf(key: string): { workers: Set<StartedWorker>; wanted?: number } {
  let pool = pools.get(key);
  if (!pool) pools.set(key, (pool = { workers: new Set() }));
  return pool;
}

function startWorker(prefix: string[]): StartedWorker {
  const worker = new StartedWorker(prefix);
  poolOf(worker.key).workers.add(worker);
  return worker;
}

/** Starts workers until `wanted` are alive; ends idle ones beyond it. */
function refill(prefix: string[]): void {
  const pool = poolOf(keyOf(prefix));
  const target = pool.wanted ?? 0;
  const idle = [...pool.workers].filter((w) => w.state === 'waiting' && w.alive);
  for (let excess = pool.workers.size - target; excess > 0 && idle.length > 0; excess -= 1) {
    const worker = idle.pop() as StartedWorker;
    worker.state = 'leaving'; // never handed a plan
    void worker.release();
  }
  for (let missing = target - pool.workers.size; missing > 0; missing -= 1) startWorker(prefix);
}

/**
 * Keeps `count` workers alive under `prefix` (grading, or started ahead of time and waiting for a
 * plan, each in namespaces of its own); `runInWorker` with the same prefix takes a waiting one, and
 * a worker whose grading ends goes back to waiting while no more than `count` are alive. End them
 * with `stopReadyWorkers`.
 */
export function keepWorkersReady(prefix: string[], count: number): void {
  poolOf(keyOf(prefix)).wanted = Math.max(0, Math.floor(count));
  refill(prefix);
}

/** Keeps no more workers (none replaced, none started): those waiting stay until given a plan or stopped. */
export function stopKeepingWorkers(): void {
  for (const pool of pools.values()) delete pool.wanted;
}

/** Stops every worker without a plan (waiting, or leaving for being more than wanted: nothing is lost), keeps no more, and resolves once they are gone. */
export async function stopReadyWorkers(): Promise<void> {
  stopKeepingWorkers();
  const planless = [...pools.values()].flatMap((pool) => [...pool.workers].filter((w) => w.state !== 'grading'));
  await Promise.all(planless.map((w) => w.stop()));
}

/** An idle worker for `prefix` that may grade on `port`, or a new one. */
function takeWorker(prefix: string[], port: number): StartedWorker {
  const workers = poolOf(keyOf(prefix)).workers;
  const idle = [...workers].find((w) => w.state === 'waiting' && w.alive && (w.port === undefined || w.port === port));
  return idle ?? startWorker(prefix);
}

/**
 * After a grading that ended with `ready`: back to waiting if a batch still wants it; it ends if no
 * batch keeps workers or more are alive than wanted (no replacement: the batch is near its end), and
 * is replaced when it has graded its share.
 */
async function putBack(worker: StartedWorker, prefix: string[]): Promise<void> {
  const pool = poolOf(worker.key);
  if (pool.wanted === undefined || pool.workers.size > pool.wanted) {
    await worker.release();
    return;
  }
  if (worker.alive && worker.gradings < MAX_GRADINGS_PER_WORKER) {
    worker.state = 'waiting';
    return;
  }
  await worker.release();
  refill(prefix);
}

/** Runs `plan` in a worker started as `prefix… node worker-main.js`; resolves with its result once the worker is ready again or gone. */
export async function runInWorker(plan: GradingPlan, prefix: string[], events: RunEvents = {}): Promise<Result> {
  const reader = new MessageReader();
  let result: Result | undefined;
  let fatal: string | undefined;
  let settle: (state: 'ready' | 'retired') => void = () => {};
  const settled = new Promise<'ready' | 'retired'>((resolve) => (settle = resolve));
  const noise: string[] = [];
  const relay = (chunk: string): void => {
    const { messages, noise: lines } = reader.push(chunk);
    noise.push(...lines);
    for (const m of messages) {
      if (m.type === 'runStart') events.onRunStart?.({ plan, checks: m.checks });
      else if (m.type === 'checkStart') events.onCheckStart?.(m.check);
      else if (m.type === 'checkEnd') events.onCheckEnd?.(m.result);
      else if (m.type === 'result') result = m.result;
      else if (m.type === 'ready') settle('ready');
      else if (m.type === 'retired') {
        if (process.env.SOCKGRADE_DEBUG_WORKERS) process.stderr.write(`worker retired: ${m.reason}\n`);
        settle('retired');
      }
      else fatal = m.message;
    }
  };
  const worker = takeWorker(prefix, plan.port);
  // Progress is streamed only to a listener (check's reporters); a batch waits for whole results.
  worker.give({ plan, progress: events.onRunStart !== undefined || events.onCheckStart !== undefined || events.onCheckEnd !== undefined }, relay);
  const state = await Promise.race([settled, worker.closed.then(() => 'gone' as const)]);
  if (state === 'ready' && result) {
    await putBack(worker, prefix);
    return result;
  }
  // Retired after its result, or died: a replacement starts if workers are being kept.
  const exit = state === 'ready' ? await worker.release() : await worker.closed;
  if (poolOf(worker.key).wanted !== undefined) refill(prefix);
  if (result) return result;
  const stderr = lastLines(worker.stderr, 20);
  throw new WorkerError(
    `the grading worker ended without a result (${exit.spawnError ? `could not start ${worker.command}: ${exit.spawnError.code}` : `exit code ${exit.code}, signal ${exit.signal}`})` +
      (fatal ? `\n${fatal}` : '') +
      (stderr ? `\n${stderr}` : '') +
      (noise.length ? `\n${noise.slice(-5).join('\n')}` : ''),
  );
}
