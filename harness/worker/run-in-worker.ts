// The parent side of a grading worker: starts it under a prefix command (the namespace), sends the
// plan, relays its events to the reporters, and returns its result. A worker that dies without a
// result is a harness error, never a student's failure.
import path from 'node:path';
import { launch } from '../launch/launcher.js';
import { lastLines } from '../launch/headline.js';
import type { Result } from '../result/types.js';
import type { RunEvents } from '../runner.js';
import type { GradingPlan } from '../session/plan.js';
import { PACKAGE_ROOT } from '../version.js';
import { MessageReader } from './protocol.js';

/** The compiled worker entry (the worker always runs the built code). */
export const WORKER_ENTRY = path.join(PACKAGE_ROOT, 'dist', 'harness', 'worker', 'worker-main.js');

/** A grading worker that ended without a result. */
export class WorkerError extends Error {
  override readonly name = 'WorkerError';
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
  const [command = process.execPath, ...args] = [...prefix, process.execPath, WORKER_ENTRY];
  const worker = launch({
    command,
    args,
    cwd: PACKAGE_ROOT,
    stdin: JSON.stringify(plan),
    onStdout: relay,
    // The result of a whole grading can be large; the relay parses it as it streams.
    headBytes: 1024,
    tailBytes: 64 * 1024,
  });
  const outcome = await worker.outcome;
  if (result) return result;
  const stderr = lastLines(outcome.stderr.text, 20);
  throw new WorkerError(
    `the grading worker ended without a result (${outcome.spawnError ? `could not start ${command}: ${outcome.spawnError.code}` : `exit code ${outcome.exitCode}, signal ${outcome.signal}`})` +
      (fatal ? `\n${fatal}` : '') +
      (stderr ? `\n${stderr}` : '') +
      (noise.length ? `\n${noise.slice(-5).join('\n')}` : ''),
  );
}
