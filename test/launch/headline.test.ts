import { describe, expect, it } from 'vitest';
import { describeOutcome, lastLines } from '../../harness/launch/headline.js';
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

  it('tells a normal exit from a failing one', () => {
    expect(describeOutcome(outcome({ exitCode: 0 }), 'your client')).toBe('your client exited normally (code 0)');
    expect(describeOutcome(outcome({ exitCode: 1 }), 'your client')).toBe('your client exited with code 1');
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
