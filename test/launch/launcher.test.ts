import { afterEach, describe, expect, it } from 'vitest';
import { describeOutcome } from '../../harness/launch/headline.js';
import { launch, liveProcessCount, stopAllProcesses } from '../../harness/launch/launcher.js';
import {
  CRASHES_WITH_SIGSEGV,
  FLOODS_STDOUT_50_MIB,
  PRINTS_THEN_EXITS_3,
  READS_LINE_THEN_EOF,
  READS_TO_EOF,
  REPORTS_ENVIRONMENT,
  SLEEPS_AFTER_READY,
  StdoutWatcher,
  launchPython,
} from './programs.js';

afterEach(async () => {
  await stopAllProcesses();
  expect(liveProcessCount()).toBe(0);
});

describe('launch', () => {
  it('captures the exit code and both output streams', async () => {
    const program = launchPython(PRINTS_THEN_EXITS_3);
    expect(program.pid).toBeTypeOf('number');
    const outcome = await program.outcome;
    expect(outcome).toMatchObject({ exitCode: 3, signal: null, stoppedByHarness: false });
    expect(outcome.stdout).toEqual({ text: 'hello on stdout\n', totalBytes: 16, droppedBytes: 0 });
    expect(outcome.stderr.text).toBe('hello on stderr\n');
    expect(program.exited).toBe(true);
    expect(describeOutcome(outcome, 'your client')).toBe('your client exited with code 3');
  });

  it('delivers the stdin bytes and then end of input', async () => {
    const outcome = await launchPython(READS_LINE_THEN_EOF, { stdin: 'hello there\nmore\n' }).outcome;
    expect(outcome.stdout.text).toBe('Input lowercase sentence:line=HELLO THERE\nrest=5 bytes\n');
    expect(outcome.exitCode).toBe(0);
  });

  it('delivers stdin given as a Buffer byte for byte', async () => {
    const outcome = await launchPython(READS_TO_EOF, { stdin: Buffer.from([0, 255, 10, 0xc3]) }).outcome;
    expect(outcome.stdout.text).toBe('eof after 4 bytes\n');
  });

  it('gives an empty stdin that ends at once when no input is given', async () => {
    const outcome = await launchPython(READS_TO_EOF).outcome;
    expect(outcome.stdout.text).toBe('eof after 0 bytes\n');
  });

  it('passes the extra environment with PYTHONUNBUFFERED and runs the program as its own group leader', async () => {
    const outcome = await launchPython(REPORTS_ENVIRONMENT, { env: { SERVER_PORT: '12000' } }).outcome;
    expect(outcome.stdout.text).toBe('12000 1 True\ngroup leader: True\n');
  });

  it('reports the signal that killed a crashing program', async () => {
    const outcome = await launchPython(CRASHES_WITH_SIGSEGV).outcome;
    expect(outcome).toMatchObject({ exitCode: null, signal: 'SIGSEGV', stoppedByHarness: false });
    expect(describeOutcome(outcome, 'your server')).toBe('your server was killed by SIGSEGV');
  });

  it('reports a missing interpreter as a spawn error without throwing', async () => {
    const program = launch({ command: 'sockgrade-no-such-python', args: ['x.py'], cwd: process.cwd() });
    expect(program.pid).toBeUndefined();
    expect(program.exited).toBe(true);
    const outcome = await program.outcome;
    expect(outcome.exitCode).toBeNull();
    expect(outcome.signal).toBeNull();
    expect(outcome.spawnError).toMatchObject({ code: 'ENOENT', path: 'sockgrade-no-such-python' });
    expect(outcome.spawnError?.message).toContain('ENOENT');
    expect(describeOutcome(outcome, 'your server')).toBe(
      'your server could not start: sockgrade-no-such-python was not found (ENOENT)',
    );
    expect(await program.stop()).toBe(outcome);
    expect(liveProcessCount()).toBe(0);
  });

  it('reports a spawn failure that Node throws rather than emits (E2BIG) as a spawn error without throwing', async () => {
    // One argument longer than the kernel takes (MAX_ARG_STRLEN, 128 KiB): execve fails with E2BIG.
    const program = launch({ command: process.execPath, args: ['-e', `// ${'x'.repeat(200_000)}`], cwd: process.cwd() });
    expect(program.pid).toBeUndefined();
    const outcome = await program.outcome;
    expect(outcome).toMatchObject({ exitCode: null, signal: null, stoppedByHarness: false });
    expect(outcome.spawnError).toMatchObject({ code: 'E2BIG', path: process.execPath });
    expect(await program.stop()).toBe(outcome);
    expect(liveProcessCount()).toBe(0);
  });

  it('reports a missing working directory as such, not as a missing interpreter', async () => {
    const outcome = await launch({ command: 'python3', args: ['-c', 'pass'], cwd: '/nonexistent/sockgrade' }).outcome;
    expect(outcome.spawnError).toEqual({
      code: 'ENOENT',
      message: 'working directory /nonexistent/sockgrade does not exist',
      path: '/nonexistent/sockgrade',
    });
  });

  it('returns undefined from waitForExit while the program is still running', async () => {
    const watcher = new StdoutWatcher();
    const program = launchPython(SLEEPS_AFTER_READY, { onStdout: watcher.onStdout });
    await watcher.waitFor(/ready\n/);
    expect(await program.waitForExit(100)).toBeUndefined();
    expect(program.exited).toBe(false);
    expect(program.stdoutText()).toBe('ready\n');
    expect(liveProcessCount()).toBe(1);
    const outcome = await program.stop();
    expect(await program.waitForExit(0)).toBe(outcome);
  });

  it('returns the outcome from waitForExit and leaves no timer behind', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const program = launchPython(PRINTS_THEN_EXITS_3);
    const before = timers();
    const outcome = await program.waitForExit(60_000);
    expect(outcome?.exitCode).toBe(3);
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('keeps memory bounded when a program prints 50 MiB', async () => {
    const outcome = await launchPython(FLOODS_STDOUT_50_MIB).outcome;
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout.totalBytes).toBe(50 * 1024 * 1024);
    const kept = 64 * 1024 + 16 * 1024;
    expect(outcome.stdout.droppedBytes).toBe(50 * 1024 * 1024 - kept);
    expect(outcome.stdout.text.length).toBeLessThan(kept + 100);
    expect(outcome.stdout.text).toMatch(/^x{65536}\n…\[52346880 bytes dropped\]…\nx{16383}\n$/);
  });

  it('keeps capturing when the onStdout observer throws', async () => {
    const seen: string[] = [];
    const onStdout = (chunk: string) => {
      seen.push(chunk);
      throw new Error('broken observer');
    };
    const outcome = await launchPython(PRINTS_THEN_EXITS_3, { onStdout }).outcome;
    expect(seen.join('')).toBe('hello on stdout\n');
    expect(outcome.stdout.text).toBe('hello on stdout\n');
    expect(outcome.exitCode).toBe(3);
  });

  it('honours smaller capture limits', async () => {
    const outcome = await launchPython(PRINTS_THEN_EXITS_3, { headBytes: 5, tailBytes: 4 }).outcome;
    expect(outcome.stdout).toEqual({ text: 'hello\n…[7 bytes dropped]…\nout\n', totalBytes: 16, droppedBytes: 7 });
  });
});
