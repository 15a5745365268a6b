import { afterEach, describe, expect, it } from 'vitest';
import { liveProcessCount, stopAllProcesses } from '../../harness/launch/launcher.js';
import { PRINTS_THEN_EXITS_3, SLEEPS_AFTER_READY, StdoutWatcher, launchPython } from './programs.js';

const MIB = Buffer.alloc(1024 * 1024, 0x61);

afterEach(async () => {
  await stopAllProcesses();
  expect(liveProcessCount()).toBe(0);
});

describe('stdin a program does not read', () => {
  it('does not break the harness when the program exits without reading it', async () => {
    const outcome = await launchPython(PRINTS_THEN_EXITS_3, { stdin: MIB }).outcome;
    expect(outcome).toMatchObject({ exitCode: 3 });
    expect(outcome.spawnError).toBeUndefined();
  });

  it('does not hold up stopping a program that never reads it', async () => {
    const watcher = new StdoutWatcher();
    const program = launchPython(SLEEPS_AFTER_READY, { stdin: MIB, onStdout: watcher.onStdout });
    await watcher.waitFor(/ready\n/);
    expect(await program.stop()).toMatchObject({ signal: 'SIGTERM', stoppedByHarness: true });
  });
});
