import { afterEach, describe, expect, it } from 'vitest';
import { killAllProcessesSync, liveProcessCount, stopAllProcesses } from '../../harness/launch/launcher.js';
import { SLEEPS_AFTER_READY, StdoutWatcher, isGone, launchPython } from './programs.js';

afterEach(async () => {
  await stopAllProcesses();
});

function launchSleeper() {
  const watcher = new StdoutWatcher();
  const program = launchPython(SLEEPS_AFTER_READY, { onStdout: watcher.onStdout });
  return { program, ready: watcher.waitFor(/ready\n/) };
}

describe('the registry of live processes', () => {
  it('counts live programs and stops them all', async () => {
    const a = launchSleeper();
    const b = launchSleeper();
    await Promise.all([a.ready, b.ready]);
    expect(liveProcessCount()).toBe(2);
    await stopAllProcesses();
    expect(liveProcessCount()).toBe(0);
    for (const { program } of [a, b]) {
      expect((await program.outcome).stoppedByHarness).toBe(true);
      expect(isGone(program.pid ?? -1)).toBe(true);
    }
  });

  it('kills every live group synchronously, as it does when the harness exits', async () => {
    const a = launchSleeper();
    await a.ready;
    expect(process.listeners('exit')).toContain(killAllProcessesSync);
    killAllProcessesSync();
    const outcome = await a.program.outcome;
    expect(outcome).toMatchObject({ signal: 'SIGKILL', stoppedByHarness: false });
    expect(liveProcessCount()).toBe(0);
  });
});
