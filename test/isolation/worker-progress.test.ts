// A worker streams a grading's progress (each check as it starts and ends) only when its parent
// listens: `check` shows checks as they end; a batch waits for whole results and is spared ~20
// messages per grading.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { loadAssignment } from '../../harness/cli/catalog.js';
import { chooseSandbox } from '../../harness/session/isolation.js';
import { makePlan } from '../../harness/session/make-plan.js';
import { preparePrograms } from '../../harness/session/prepare-programs.js';
import { encodeMessage } from '../../harness/worker/protocol.js';
import { runInWorker, stopReadyWorkers, WORKER_ENTRY } from '../../harness/worker/run-in-worker.js';
import type { CheckResult } from '../../harness/result/types.js';
import { program, TEST_SANDBOX } from '../e2e/grade.js';

const chosen = TEST_SANDBOX === 'none' ? undefined : await chooseSandbox('auto');
const prefix = chosen?.workerPrefix;

async function preparedTextbookServer(): Promise<Awaited<ReturnType<typeof preparePrograms>>> {
  const loaded = await loadAssignment('udp-uppercase');
  const plan = await makePlan(loaded, { server: program('textbook/UDPServer.py') }, chosen?.plan);
  return preparePrograms(plan, chosen?.jail);
}

describe.runIf(prefix !== undefined)('a grading worker', () => {
  it("streams each check's start and end, in order, to a parent that listens", async () => {
    const prepared = await preparedTextbookServer();
    try {
      const started: string[] = [];
      const ended: CheckResult[] = [];
      const result = await runInWorker(prepared.plan, prefix as string[], { onCheckStart: (c) => started.push(c.id), onCheckEnd: (r) => ended.push(r) });
      expect(result.checks.length).toBeGreaterThan(3);
      expect(started).toEqual(result.checks.map((c) => c.id));
      expect(ended).toEqual(result.checks);
    } finally {
      await stopReadyWorkers();
      await prepared.dispose();
    }
  });

  it('sends only the result, then ready, when asked for no progress', async () => {
    const prepared = await preparedTextbookServer();
    const [command = '', ...args] = [...(prefix as string[]), process.execPath, WORKER_ENTRY];
    const worker = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      const lines = createInterface({ input: worker.stdout });
      worker.stdin.write(encodeMessage({ plan: prepared.plan, progress: false }));
      const types: string[] = [];
      for await (const line of lines) {
        types.push((JSON.parse(line) as { type: string }).type);
        if (types.at(-1) !== 'result') break;
      }
      expect(types).toEqual(['result', 'ready']);
    } finally {
      worker.stdin.end();
      await new Promise((resolve) => worker.once('close', resolve));
      await prepared.dispose();
    }
  });
});
