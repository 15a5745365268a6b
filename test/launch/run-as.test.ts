import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { describeOutcome } from '../../harness/launch/headline.js';
import { launch, liveProcessCount, stopAllProcesses } from '../../harness/launch/launcher.js';
import { checkUserSwitch } from '../../harness/launch/plan.js';
import { FORKS_UP_TO_100, REPORTS_IDENTITY, isRoot, liveProcessesOf, unusedUid } from './limit-programs.js';
import { StdoutWatcher, launchPython } from './programs.js';

afterEach(async () => {
  await stopAllProcesses();
  expect(liveProcessCount()).toBe(0);
});

const NOT_ROOT_ERROR = /only root can switch users/;

describe('running as another user', () => {
  it('runs the program as the given uid, with the same-numbered group and no supplementary groups', async () => {
    const uid = unusedUid();
    if (!isRoot) {
      expect(() => launchPython(REPORTS_IDENTITY, { uid })).toThrow(NOT_ROOT_ERROR);
      return;
    }
    const outcome = await launchPython(REPORTS_IDENTITY, { uid }).outcome;
    expect(outcome.stderr.text).toBe('');
    expect(outcome.stdout.text).toBe(`${uid} ${uid} [] None (-1, -1)\n`);
  });

  it('holds a dedicated uid to its process limit and leaves no process behind after stop()', async () => {
    const uid = unusedUid();
    if (!isRoot) {
      expect(() => launchPython(FORKS_UP_TO_100, { uid, limits: { processes: 20 } })).toThrow(NOT_ROOT_ERROR);
      return;
    }
    const watcher = new StdoutWatcher();
    const program = launchPython(FORKS_UP_TO_100, { uid, limits: { processes: 20 }, onStdout: watcher.onStdout });
    const [, forked, failed] = (await watcher.waitFor(/forked (\d+) failed (\d+)\n/)).map(Number);
    expect(forked).toBeLessThan(20);
    expect(failed).toBeGreaterThan(0);
    expect((forked ?? 0) + (failed ?? 0)).toBe(100);
    expect(liveProcessesOf(uid).length).toBeGreaterThan(1);
    const outcome = await program.stop();
    expect(outcome).toMatchObject({ stoppedByHarness: true, appliedLimits: { processes: 20 } });
    expect(outcome.limitsNotApplied).toBeUndefined();
    expect(liveProcessesOf(uid)).toEqual([]);
  });

  it('refuses a uid when sockgrade is not root, as a harness bug', () => {
    expect(() => checkUserSwitch({ uid: 61000 }, 1000)).toThrow(
      'launch: cannot run a program as uid 61000 / gid 61000: sockgrade runs as uid 1000, and only root can switch users (leave uid/gid unset when not root)',
    );
    expect(() => checkUserSwitch({ switchUser: { uid: 61000, gid: 61000 } }, 1000)).toThrow(
      'launch: cannot run a program as uid 61000 / gid 61000: sockgrade runs as uid 1000, and only root can switch users (leave uid/gid unset when not root)',
    );
    expect(() => checkUserSwitch({ uid: 61000 }, 0)).not.toThrow();
    expect(() => checkUserSwitch({}, 1000)).not.toThrow();
    expect(() => checkUserSwitch({ uid: -1 }, 0)).toThrow('uid: expected an integer of at least 0, got -1');
  });
});

describe('wrapper', () => {
  it('puts the wrapper right before the command, after the limits', async () => {
    const outcome = await launchPython(REPORTS_IDENTITY, { wrapper: ['env', 'FOO=bar'], limits: { cpuSeconds: 7 } }).outcome;
    expect(outcome.stderr.text).toBe('');
    expect(outcome.stdout.text).toMatch(/^\d+ \d+ \[.*\] bar \(7, 8\)\n$/);
  });

  it('switches to the user inside the wrapper, after the limits: no groups, no capabilities, no new privileges', async () => {
    const uid = unusedUid();
    // A shell from /bin: the dropped uid can reach it (it could not walk into /root, where a pyenv python may be).
    const identity = 'echo "$(id -u) $(id -g) [$(id -G)] $FOO $(ulimit -St) $(ulimit -Ht)"; grep -E "^(CapInh|CapEff|CapAmb|NoNewPrivs)" /proc/self/status | cut -f2 | tr "\\n" " "';
    const options = { command: '/bin/sh', args: ['-c', identity], cwd: tmpdir(), wrapper: ['env', 'FOO=bar'], switchUser: { uid, gid: uid }, limits: { cpuSeconds: 7 } };
    if (!isRoot) {
      expect(() => launch(options)).toThrow(NOT_ROOT_ERROR);
      return;
    }
    const outcome = await launch(options).outcome;
    expect(outcome.stderr.text).toBe('');
    expect(outcome.stdout.text).toBe(`${uid} ${uid} [${uid}] bar 7 8\n0000000000000000 0000000000000000 0000000000000000 1 `);
  });

  it('names the missing student command, not the wrapper', async () => {
    const outcome = await launch({ command: 'sockgrade-no-such-python', args: [], cwd: tmpdir(), wrapper: ['env', 'FOO=bar'] }).outcome;
    expect(describeOutcome(outcome, 'your server')).toBe('your server could not start: sockgrade-no-such-python was not found (ENOENT)');
  });

  it('names a missing wrapper as what could not start', async () => {
    const outcome = await launchPython('pass', { wrapper: ['sockgrade-no-such-sandbox', '--'] }).outcome;
    expect(outcome.spawnError).toMatchObject({ code: 'ENOENT', path: 'sockgrade-no-such-sandbox' });
  });
});
