import { describe, expect, it } from 'vitest';
import { describeOutcome, formatBytes, lastLines } from '../../harness/launch/headline.js';
import type { ProcessOutcome } from '../../harness/launch/types.js';

const empty = { text: '', totalBytes: 0, droppedBytes: 0 };
const outcome = (fields: Partial<ProcessOutcome>): ProcessOutcome => ({
  exitCode: null,
  signal: null,
  stoppedByHarness: false,
  durationMs: 12,
  stdout: empty,
  stderr: empty,
  ...fields,
});

describe('describeOutcome', () => {
  it('names a missing interpreter first of all', () => {
    const o = outcome({ spawnError: { code: 'ENOENT', message: 'spawn python3 ENOENT', path: 'python3' }, stoppedByHarness: true });
    expect(describeOutcome(o, 'your server')).toBe('your server could not start: python3 was not found (ENOENT)');
  });

  it('names a missing working directory as such', () => {
    const o = outcome({ spawnError: { code: 'ENOENT', message: 'working directory /nope does not exist', path: '/nope' } });
    expect(describeOutcome(o, 'your client')).toBe('your client could not start: working directory /nope does not exist (ENOENT)');
  });

  it('names a program that is not executable', () => {
    const o = outcome({ spawnError: { code: 'EACCES', message: 'spawn ./a.out EACCES', path: './a.out' } });
    expect(describeOutcome(o, 'your client')).toBe('your client could not start: ./a.out is not executable (EACCES)');
  });

  it('says sockgrade stopped it before mentioning the signal that did', () => {
    const o = outcome({ stoppedByHarness: true, signal: 'SIGTERM', durationMs: 2000.4 });
    expect(describeOutcome(o, 'your server')).toBe('your server was stopped by sockgrade after 2000 ms');
  });

  it('names the signal that killed the program', () => {
    expect(describeOutcome(outcome({ signal: 'SIGSEGV' }), 'your server')).toBe('your server was killed by SIGSEGV');
  });

  it('names the output limit before anything but a spawn error', () => {
    const o = outcome({
      outputLimitExceeded: 'stdout',
      cpuLimitExceeded: true,
      stoppedByHarness: true,
      signal: 'SIGKILL',
      appliedLimits: { maxOutputBytes: 1024 * 1024, cpuSeconds: 5 },
    });
    expect(describeOutcome(o, 'your client')).toBe('your client was stopped after writing more than 1 MiB to stdout (output limit)');
    const spawnFailed = { ...o, spawnError: { code: 'ENOENT', message: 'spawn python3 ENOENT', path: 'python3' } };
    expect(describeOutcome(spawnFailed, 'your client')).toBe('your client could not start: python3 was not found (ENOENT)');
  });

  it('names the CPU limit before a stop by sockgrade and the signal', () => {
    const o = outcome({ cpuLimitExceeded: true, stoppedByHarness: true, signal: 'SIGXCPU', appliedLimits: { cpuSeconds: 5 } });
    expect(describeOutcome(o, 'your server')).toBe('your server exceeded its CPU time limit of 5 s');
  });

  it('does not take a SIGXCPU or SIGKILL alone for the CPU limit', () => {
    expect(describeOutcome(outcome({ signal: 'SIGXCPU' }), 'your server')).toBe('your server was killed by SIGXCPU');
    expect(describeOutcome(outcome({ signal: 'SIGKILL', appliedLimits: { cpuSeconds: 5 } }), 'your server')).toBe(
      'your server was killed by SIGKILL',
    );
  });

  it('tells a normal exit from a failing one', () => {
    expect(describeOutcome(outcome({ exitCode: 0 }), 'your client')).toBe('your client exited normally (code 0)');
    expect(describeOutcome(outcome({ exitCode: 1 }), 'your client')).toBe('your client exited with code 1');
  });
});

describe('formatBytes', () => {
  it('uses the largest binary unit that divides the count exactly', () => {
    expect(formatBytes(1024 * 1024)).toBe('1 MiB');
    expect(formatBytes(64 * 1024)).toBe('64 KiB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3 GiB');
    expect(formatBytes(1000)).toBe('1000 bytes');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(0)).toBe('0 bytes');
  });
});

describe('lastLines', () => {
  it('returns the last non-empty lines, whatever the line ends', () => {
    const text = 'Traceback (most recent call last):\r\n  File "x.py"\n\n\nOSError: [Errno 98] Address in use\n\n';
    expect(lastLines(text, 2)).toBe('  File "x.py"\nOSError: [Errno 98] Address in use');
  });

  it('returns everything there is when asked for more lines than exist', () => {
    expect(lastLines('one\ntwo', 5)).toBe('one\ntwo');
    expect(lastLines('', 3)).toBe('');
    expect(lastLines('one', 0)).toBe('');
  });
});
