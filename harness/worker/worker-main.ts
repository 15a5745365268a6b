// The grading worker: reads a grading plan on stdin, grades, and streams events and the result as
// NDJSON on stdout. It is started inside the submission's own namespaces, so everything it and the
// student's programs do on the network stays on that namespace's loopback.
import { runGrading } from '../runner.js';
import { stopAllProcesses } from '../launch/registry.js';
import type { GradingPlan } from '../session/plan.js';
import { encodeMessage, type WorkerMessage } from './protocol.js';

const send = (message: WorkerMessage): void => {
  process.stdout.write(encodeMessage(message));
};

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

try {
  // Started ahead of time, the worker has loaded its modules by now and waits for its plan. A worker
  // kept ready and not needed is ended by closing stdin (or a signal): no plan, nothing to report.
  const input = await readStdin();
  if (input.trim() === '') process.exit(0);
  // The plan is our own serialisation, made by the parent a moment ago from validated input.
  const plan = JSON.parse(input) as GradingPlan;
  const result = await runGrading(plan, {
    onRunStart: ({ checks }) => send({ type: 'runStart', checks }),
    onCheckStart: (check) => send({ type: 'checkStart', check }),
    onCheckEnd: (r) => send({ type: 'checkEnd', result: r }),
  });
  send({ type: 'result', result });
} catch (error) {
  send({ type: 'fatal', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exitCode = 3;
} finally {
  await stopAllProcesses();
}
