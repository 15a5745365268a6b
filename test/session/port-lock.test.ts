// The lock that makes gradings on the machine's shared network take turns on the assignment's port.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { acquirePortLock, lockPath } from '../../harness/session/port-lock.js';

describe.runIf(process.platform !== 'win32')('the port lock', () => {
  it("is the machine's, whatever TMPDIR this process was given", () => {
    // The test run has a TMPDIR of its own (test/temp-root.ts): the lock must not follow it.
    expect(tmpdir()).not.toBe('/tmp');
    expect(lockPath(12000)).toBe('/tmp/sockgrade-port-12000.lock');
  });

  it('keeps a process with another TMPDIR waiting while it is held', async () => {
    const port = 40000 + (process.pid % 20000);
    const release = await acquirePortLock(port);
    try {
      // Another process, with another TMPDIR, tries to take the same port's lock for a second
      // (with a lock file that followed TMPDIR, it would take it at once).
      const other = spawnSync(process.execPath, ['--input-type=module', '-e', `
        const { acquirePortLock } = await import(${JSON.stringify(new URL('../../dist/harness/session/port-lock.js', import.meta.url).href)});
        const { setTimeout } = await import('node:timers/promises');
        const outcome = await Promise.race([acquirePortLock(${port}).then(() => 'taken'), setTimeout(1000, 'waiting')]);
        process.stdout.write(outcome);
        process.exit(0);
      `], { env: { ...process.env, TMPDIR: '/var/tmp' }, encoding: 'utf8' });
      expect(other.stdout).toBe('waiting');
    } finally {
      release();
    }
    expect(existsSync(lockPath(port))).toBe(false);
  });
});
