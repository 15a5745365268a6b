import { afterEach, describe, expect, it } from 'vitest';
import { describeOutcome } from '../../harness/launch/headline.js';
import { liveProcessCount, stopAllProcesses } from '../../harness/launch/launcher.js';
import { FLOODS_STDERR_3_MIB, FLOODS_STDOUT_200_MIB, WRITES_1_MIB } from './limit-programs.js';
import { launchPython } from './programs.js';

const MIB = 1024 * 1024;

afterEach(async () => {
  await stopAllProcesses();
  expect(liveProcessCount()).toBe(0);
});

describe('maxOutputBytes', () => {
  it('SIGKILLs a 200 MiB stdout flood just past 1 MiB, reading little more and keeping memory bounded', async () => {
    const rssBefore = process.memoryUsage().rss;
    const program = launchPython(FLOODS_STDOUT_200_MIB, { maxOutputBytes: MIB });
    const outcome = await program.outcome;
    const rssGrowth = process.memoryUsage().rss - rssBefore;
    expect(outcome).toMatchObject({ exitCode: null, signal: 'SIGKILL', stoppedByHarness: false, outputLimitExceeded: 'stdout' });
    // Killed at once: what was read is the cap plus at most a few pipe reads, and the program never finished.
    expect(outcome.stdout.totalBytes).toBeGreaterThan(MIB);
    expect(outcome.stdout.totalBytes).toBeLessThan(2 * MIB);
    expect(outcome.stderr.text).not.toContain('finished');
    expect(outcome.stdout.text.length).toBeLessThan(64 * 1024 + 16 * 1024 + 100);
    expect(rssGrowth).toBeLessThan(64 * MIB);
    expect(outcome.appliedLimits).toEqual({ maxOutputBytes: MIB });
    expect(describeOutcome(outcome, 'your client')).toBe(
      'your client was stopped after writing more than 1 MiB to stdout (output limit)',
    );
  });

  it('watches stderr too', async () => {
    const outcome = await launchPython(FLOODS_STDERR_3_MIB, { maxOutputBytes: MIB }).outcome;
    expect(outcome).toMatchObject({ signal: 'SIGKILL', outputLimitExceeded: 'stderr' });
    expect(outcome.stdout.text).toBe('');
    expect(describeOutcome(outcome, 'your server')).toBe(
      'your server was stopped after writing more than 1 MiB to stderr (output limit)',
    );
  });

  it('lets a program write exactly the limit', async () => {
    const outcome = await launchPython(WRITES_1_MIB, { maxOutputBytes: MIB }).outcome;
    expect(outcome).toMatchObject({ exitCode: 0, signal: null });
    expect(outcome.outputLimitExceeded).toBeUndefined();
    expect(outcome.stdout.totalBytes).toBe(MIB);
  });
});
