import { afterEach, describe, expect, it } from 'vitest';
import { describeOutcome } from '../../harness/launch/headline.js';
import { launch, liveProcessCount, stopAllProcesses } from '../../harness/launch/launcher.js';
import {
  EXITS_LEAVING_ESCAPED_GRANDCHILD,
  EXITS_LEAVING_ORPHAN,
  FORKS_STUBBORN_GRANDCHILD,
  IGNORES_SIGTERM,
  PRINTS_THEN_EXITS_3,
  SLEEPS_AFTER_READY,
  StdoutWatcher,
  isGone,
  launchPython,
} from './programs.js';

const pidsToReap: number[] = [];

afterEach(async () => {
  await stopAllProcesses();
  expect(liveProcessCount()).toBe(0);
  for (const pid of pidsToReap.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

describe('stop', () => {
  it('ends a program with SIGTERM and says sockgrade stopped it', async () => {
    const watcher = new StdoutWatcher();
    const program = launchPython(SLEEPS_AFTER_READY, { onStdout: watcher.onStdout });
    await watcher.waitFor(/ready\n/);
    const outcome = await program.stop();
    expect(outcome).toMatchObject({ exitCode: null, signal: 'SIGTERM', stoppedByHarness: true });
    expect(outcome.stdout.text).toBe('ready\n');
    expect(program.exited).toBe(true);
    expect(isGone(program.pid ?? -1)).toBe(true);
    expect(describeOutcome(outcome, 'your server')).toMatch(/^your server was stopped by sockgrade after \d+ ms$/);
  });

  it('ends a program that ignores SIGTERM with SIGKILL after the grace', async () => {
    const watcher = new StdoutWatcher();
    const program = launchPython(IGNORES_SIGTERM, { onStdout: watcher.onStdout, killGraceMs: 300 });
    await watcher.waitFor(/ready\n/);
    const stoppingAt = performance.now();
    const outcome = await program.stop();
    expect(performance.now() - stoppingAt).toBeGreaterThanOrEqual(290);
    expect(outcome).toMatchObject({ exitCode: null, signal: 'SIGKILL', stoppedByHarness: true });
  });

  it('returns the same outcome when stopped twice', async () => {
    const watcher = new StdoutWatcher();
    const program = launchPython(SLEEPS_AFTER_READY, { onStdout: watcher.onStdout });
    await watcher.waitFor(/ready\n/);
    const [first, second] = await Promise.all([program.stop(), program.stop()]);
    expect(second).toBe(first);
    expect(await program.stop()).toBe(first);
  });

  it('does not claim to have stopped a program that had already exited', async () => {
    const program = launchPython(PRINTS_THEN_EXITS_3);
    await program.outcome;
    const outcome = await program.stop();
    expect(outcome).toMatchObject({ exitCode: 3, stoppedByHarness: false });
  });

  it('kills a grandchild that the program forked when stopping, even one ignoring SIGTERM', async () => {
    const watcher = new StdoutWatcher();
    const program = launchPython(FORKS_STUBBORN_GRANDCHILD, { onStdout: watcher.onStdout });
    const grandchild = Number((await watcher.waitFor(/grandchild (\d+)\n/))[1]);
    pidsToReap.push(grandchild);
    expect(isGone(grandchild)).toBe(false);
    const outcome = await program.stop();
    expect(outcome.signal).toBe('SIGTERM');
    expect(isGone(program.pid ?? -1)).toBe(true);
    expect(isGone(grandchild)).toBe(true);
  });

  it('kills the grandchild a program leaves behind when it exits by itself', async () => {
    const watcher = new StdoutWatcher();
    const program = launchPython(EXITS_LEAVING_ORPHAN, { onStdout: watcher.onStdout });
    const orphan = Number((await watcher.waitFor(/orphan (\d+)\n/))[1]);
    pidsToReap.push(orphan);
    // The orphan holds stderr open for 30 s: the outcome only comes early if the launcher killed it.
    const outcome = await program.waitForExit(15_000);
    expect(outcome).toMatchObject({ exitCode: 0, stoppedByHarness: false });
    expect(isGone(orphan)).toBe(true);
  });

  it('settles the outcome even when a grandchild that left the group keeps stdout open', async () => {
    const watcher = new StdoutWatcher();
    const program = launchPython(EXITS_LEAVING_ESCAPED_GRANDCHILD, { onStdout: watcher.onStdout });
    const escaped = Number((await watcher.waitFor(/escaped (\d+)\n/))[1]);
    pidsToReap.push(escaped);
    const outcome = await program.waitForExit(15_000);
    expect(outcome).toMatchObject({ exitCode: 0, stoppedByHarness: false });
    expect(outcome?.stdout.text).toBe(`escaped ${escaped}\n`);
    expect(liveProcessCount()).toBe(0);
  });
});

describe('sweeping by tag', () => {
  it('kills a daemon that left the process group with setsid, found by the tag it inherited', async () => {
    const tag = `sweep-${process.pid}-${Date.now()}`;
    // The daemon double-forks, calls setsid, prints its pid, and would linger for 20 s.
    const program = [
      'import os, sys, time',
      'if os.fork() == 0:',
      '    os.setsid()',
      '    if os.fork() == 0:',
      '        print(os.getpid(), flush=True)',
      '        time.sleep(20)',
      '    os._exit(0)',
      'time.sleep(0.5)',
    ].join('\n');
    const proc = launch({ command: 'python3', args: ['-c', program], cwd: process.cwd(), sweepTag: tag });
    const outcome = await proc.outcome;
    const daemon = Number(outcome.stdout.text.trim());
    expect(daemon).toBeGreaterThan(0);
    expect(isGone(daemon)).toBe(true);
  });
});
