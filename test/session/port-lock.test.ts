// The lock that makes gradings on the machine's shared network take turns on the assignment's port.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

  // On a shared machine: /tmp is sticky, so a lock that another user's sockgrade left when it died
  // cannot be removed; waiting would be for ever (it used to spin), so the grading says why instead.
  it.runIf(process.getuid?.() === 0)("says so, at once, when another user's dead sockgrade left the lock", () => {
    const port = 40000 + ((process.pid + 7) % 20000);
    const file = lockPath(port);
    writeFileSync(file, '2147483646'); // root's lock, of a pid that does not run
    // The module, where the other user can read it (this repository and the tests' TMPDIR may be private folders).
    const dir = mkdtempSync('/tmp/sockgrade-port-lock-test-');
    try {
      chmodSync(dir, 0o755);
      for (const module of ['session/port-lock.js', 'spec/errors.js']) {
        mkdirSync(path.join(dir, path.dirname(module)), { recursive: true });
        copyFileSync(new URL(`../../dist/harness/${module}`, import.meta.url), path.join(dir, module));
      }
      const other = spawnSync(process.execPath, ['--input-type=module', '-e', `
        const { acquirePortLock } = await import(${JSON.stringify(path.join(dir, 'session', 'port-lock.js'))});
        const { setTimeout } = await import('node:timers/promises');
        const outcome = await Promise.race([acquirePortLock(${port}).then(() => 'taken', (e) => e.message), setTimeout(5000, 'still waiting')]);
        process.stdout.write(outcome);
        process.exit(0);
      `], { uid: 65534, gid: 65534, cwd: '/', encoding: 'utf8', timeout: 20_000 }); // the old lock spun for ever
      expect(other.stderr).toBe('');
      expect(other.stdout).toBe(`${file} was left by a sockgrade that is no longer running (of uid 0), and this user cannot remove it: remove it (as that user, or as root), then run sockgrade again`);
    } finally {
      rmSync(file, { force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
