// detectIsolation on this machine (real trials), and the fallback reports when tools are missing or too slow.

import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { detectIsolation, probeIsolation } from '../../harness/sandbox/detect.js';
import type { IsolationReport, Trial } from '../../harness/sandbox/types.js';
import { nodeEnvironmentWithoutTls } from '../../harness/sandbox/tools.js';

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A folder holding links to only the named tools (found in the real report). */
async function toolFolder(report: IsolationReport, names: (keyof IsolationReport['tools'])[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sockgrade-tools-'));
  made.push(dir);
  for (const name of names) {
    const path = report.tools[name];
    if (path !== null) await symlink(path, join(dir, name));
  }
  return dir;
}

function trialsOf(report: IsolationReport): Trial[] {
  const { netns, pidns, bwrap, setpriv, loopback, jail, helperJail } = report.trials;
  return [netns, pidns, bwrap, setpriv, loopback, jail, helperJail].filter((t): t is Trial => t !== null);
}

describe('detectIsolation', () => {
  test('is memoised and consistent with its own trials', async () => {
    const report = await detectIsolation();
    expect(await detectIsolation()).toBe(report);
    console.log(`isolation: namespace=${report.namespace} jail=${report.canJail} drop=${report.canDropPrivileges}; trials: ` +
      trialsOf(report).map((t) => `${t.argv[0]} ${t.ok ? 'ok' : 'failed'} ${t.ms} ms`).join(', '));
    if (report.platform !== 'linux') {
      expect(report.namespace).toBeNull();
      expect(report.problems[0]).toMatch(/has no Linux namespaces: each grading gets a free port/);
      return;
    }
    expect(report.namespace !== null).toBe(report.trials.loopback?.ok === true);
    expect(report.canJail).toBe(report.trials.jail?.ok === true);
    expect(report.canDropPrivileges).toBe(report.isRoot && (report.trials.setpriv?.ok === true || report.trials.helperJail?.ok === true));
    expect(report.canLimitResources).toBe(report.tools.prlimit !== null || report.execHelper !== null);
    for (const trial of trialsOf(report)) expect(trial.ms).toBeLessThan(5_000);
    expect(report.problems.length === 0).toBe(report.namespace !== null && report.canJail && report.isRoot && report.canDropPrivileges && report.canLimitResources);
  });

  test('on this machine: bubblewrap preferred when it works, unshare otherwise, else the fallback is stated', async () => {
    const report = await detectIsolation();
    if (report.trials.bwrap?.ok === true && report.trials.loopback?.ok === true) {
      expect(report.namespace).toBe('bwrap');
    } else if (report.trials.pidns?.ok === true && report.tools.ip !== null) {
      expect(report.namespace).toBe('unshare');
    } else {
      expect(report.namespace).toBeNull();
      expect(report.problems.join('\n')).toMatch(/no network namespace can be made here|has no Linux namespaces/);
    }
    if (report.platform === 'linux' && report.isRoot && report.tools.setpriv !== null) expect(report.canDropPrivileges).toBe(true);
    if (!report.isRoot) expect(report.problems.join('\n')).toMatch(/not running as root/);
  });
});

describe('probeIsolation fallbacks (real probes with tools taken away)', () => {
  test('without bubblewrap: unshare makes the namespace (when it can), and the jail only where sockgrade-exec makes it (as root)', async () => {
    const real = await detectIsolation();
    const report = await probeIsolation({ searchPath: [await toolFolder(real, ['unshare', 'setpriv', 'prlimit', 'ip'])] });
    expect(report.tools.bwrap).toBeNull();
    expect(report.trials.bwrap).toBeNull();
    expect(report.trials.jail).toBeNull();
    const helperJails = real.canDropPrivileges && real.trials.helperJail?.ok === true;
    expect(report.canJail).toBe(helperJails);
    expect(report.problems).toContain(helperJails ? 'bwrap was not found (Debian package bubblewrap)' : 'bwrap was not found (Debian package bubblewrap), so there is no filesystem jail');
    if (real.trials.pidns?.ok === true && real.tools.ip !== null) {
      expect(report.namespace).toBe('unshare');
      expect(report.trials.loopbackKind).toBe('unshare');
    } else {
      expect(report.namespace).toBeNull();
    }
  });

  test('with no tools at all: no namespace, every missing tool named, and (as root) only sockgrade-exec\'s jail and switch of user', async () => {
    const real = await detectIsolation();
    const report = await probeIsolation({ searchPath: [await toolFolder(real, [])] });
    expect(report.namespace).toBeNull();
    // sockgrade-exec is ours, not looked up on the search path: as root it still jails and switches users.
    const helperOnly = real.isRoot && real.trials.helperJail?.ok === true;
    expect(report.canJail).toBe(helperOnly);
    expect(report.canDropPrivileges).toBe(helperOnly);
    if (helperOnly) expect(report.problems.join('\n')).not.toContain('setpriv');
    if (report.platform === 'linux') {
      expect(report.problems).toEqual(
        expect.arrayContaining([
          'unshare was not found (Debian package util-linux)',
          helperOnly ? 'bwrap was not found (Debian package bubblewrap)' : 'bwrap was not found (Debian package bubblewrap), so there is no filesystem jail',
          'no network namespace can be made here: each grading gets a free port (get-port) instead of port 12000 in its own namespace',
          'prlimit was not found (Debian package util-linux), so no CPU/memory/process/file-size limits',
        ]),
      );
    }
  });

  test('every trial is bounded: with a 5 ms budget the slow ones are killed and reported', async () => {
    const report = await probeIsolation({ timeoutMs: 5 });
    if (report.platform !== 'linux') return expect(trialsOf(report)).toEqual([]);
    expect(report.namespace).toBeNull(); // the loopback trial starts node: never within 5 ms
    const failed = trialsOf(report).filter((t) => !t.ok);
    expect(failed.length).toBeGreaterThan(0);
    for (const trial of failed) expect(trial.detail).toBe('no answer within 5 ms (killed)');
  });
});

describe('nodeEnvironmentWithoutTls', () => {
  test('drops NODE_EXTRA_CA_CERTS (read at every Node start) and keeps everything else', () => {
    const env = { PATH: '/usr/bin', NODE_EXTRA_CA_CERTS: '/etc/ssl/bundle.pem', NODE_OPTIONS: '--max-old-space-size=512' };
    expect(nodeEnvironmentWithoutTls(env)).toEqual({ PATH: '/usr/bin', NODE_OPTIONS: '--max-old-space-size=512' });
    expect(env.NODE_EXTRA_CA_CERTS).toBe('/etc/ssl/bundle.pem'); // the given object is left alone
  });
});
