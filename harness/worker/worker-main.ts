// The grading worker: reads grading requests on stdin (one JSON object per line: a plan, and whether
// to stream its progress), grades each, and sends the progress (if asked) and the result as NDJSON on stdout. It is started inside namespaces of its own, so
// everything it and the student's programs do on the network stays on that namespace's loopback.
//
// After each grading it ends whatever the grading left and checks that its namespaces are as fresh as
// new ones (`resetNamespace`): then it says `ready` and waits for the next plan; otherwise it says
// why it retires and exits, and the parent starts a fresh worker. Closing stdin ends it.
import '../jit.js';
import { isIP } from 'node:net';
import { createInterface } from 'node:readline';
import { runGrading, type RunEvents } from '../runner.js';
import { stopAllProcesses } from '../launch/registry.js';
import type { GradingPlan } from '../session/plan.js';
import { encodeMessage, type GradeRequest, type WorkerMessage } from './protocol.js';
import { resetNamespace } from './namespace-reset.js';

const send = (message: WorkerMessage): void => {
  process.stdout.write(encodeMessage(message));
};

async function gradeOne(plan: GradingPlan, progress: boolean): Promise<void> {
  try {
    const events: RunEvents = progress
      ? {
          onRunStart: ({ checks }) => send({ type: 'runStart', checks }),
          onCheckStart: (check) => send({ type: 'checkStart', check }),
          onCheckEnd: (r) => send({ type: 'checkEnd', result: r }),
        }
      : {};
    const result = await runGrading(plan, events);
    send({ type: 'result', result });
  } finally {
    await stopAllProcesses();
  }
}

try {
  // Done while the first plan is awaited (a worker started ahead of time waits ~40 ms for it): Node
  // checks every host it binds with isIP, and the first check of an IPv6 one (the reference servers
  // listen on ::1) compiles Node's IPv6 pattern, ~4 ms of CPU that the first grading would pay.
  isIP('::1');
  // Started ahead of time, the worker has loaded its modules by now and waits for a plan. A worker
  // kept ready and not needed is ended by closing stdin (or a signal): no plan, nothing to report.
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    // The request is our own serialisation, made by the parent a moment ago from validated input.
    const { plan, progress } = JSON.parse(line) as GradeRequest;
    await gradeOne(plan, progress);
    const why = await resetNamespace(plan);
    if (why !== undefined) {
      send({ type: 'retired', reason: why });
      break;
    }
    send({ type: 'ready' });
  }
} catch (error) {
  send({ type: 'fatal', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exitCode = 3;
} finally {
  await stopAllProcesses();
  // stdin may still be open (a retiring worker): nothing else is pending, so leave now.
  process.exit();
}
