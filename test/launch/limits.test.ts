import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeOutcome } from '../../harness/launch/headline.js';
import { launch, liveProcessCount, stopAllProcesses } from '../../harness/launch/launcher.js';
import { planLimits } from '../../harness/launch/limits.js';
import {
  ALLOCATES_2_GB,
  KILLS_ITSELF_WITH_SIGKILL,
  SPINS_20_S,
  SPINS_CATCHING_SIGXCPU,
  WRITES_10_MB_FILE,
  isRoot,
} from './limit-programs.js';
import { IGNORES_SIGTERM, StdoutWatcher, launchPython } from './programs.js';

const MIB = 1024 * 1024;
const scratch: string[] = [];

afterEach(async () => {
  await stopAllProcesses();
  expect(liveProcessCount()).toBe(0);
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('CPU limit', () => {
  it('ends a CPU-bound loop with SIGXCPU and says it exceeded its CPU time limit', async () => {
    const outcome = await launchPython(SPINS_20_S, { limits: { cpuSeconds: 1 } }).outcome;
    expect(outcome).toMatchObject({ exitCode: null, signal: 'SIGXCPU', cpuLimitExceeded: true, stoppedByHarness: false });
    expect(outcome.appliedLimits).toEqual({ cpuSeconds: 1 });
    expect(outcome.limitsNotApplied).toBeUndefined();
    expect(describeOutcome(outcome, 'your server')).toBe('your server exceeded its CPU time limit of 1 s');
  });

  it('ends a loop that catches SIGXCPU with SIGKILL at the hard limit, still named as the CPU limit', async () => {
    const outcome = await launchPython(SPINS_CATCHING_SIGXCPU, { limits: { cpuSeconds: 1 } }).outcome;
    expect(outcome.stdout.text).toBe('caught SIGXCPU\n');
    expect(outcome).toMatchObject({ signal: 'SIGKILL', cpuLimitExceeded: true, stoppedByHarness: false });
    expect(describeOutcome(outcome, 'your client')).toBe('your client exceeded its CPU time limit of 1 s');
  });

  it('does not blame the CPU limit for a SIGKILL that came before the program used its CPU time', async () => {
    const outcome = await launchPython(KILLS_ITSELF_WITH_SIGKILL, { limits: { cpuSeconds: 5 } }).outcome;
    expect(outcome.signal).toBe('SIGKILL');
    expect(outcome.cpuLimitExceeded).toBeUndefined();
    expect(describeOutcome(outcome, 'your server')).toBe('your server was killed by SIGKILL');
  });

  it('says sockgrade stopped a CPU-limited program that it stopped', async () => {
    const watcher = new StdoutWatcher();
    const program = launchPython(IGNORES_SIGTERM, { onStdout: watcher.onStdout, killGraceMs: 100, limits: { cpuSeconds: 5 } });
    await watcher.waitFor(/ready\n/);
    const outcome = await program.stop();
    expect(outcome).toMatchObject({ signal: 'SIGKILL', stoppedByHarness: true });
    expect(outcome.cpuLimitExceeded).toBeUndefined();
    expect(describeOutcome(outcome, 'your server')).toMatch(/^your server was stopped by sockgrade after \d+ ms$/);
  });
});

describe('memory limit', () => {
  it('makes a 2 GB allocation fail with MemoryError under 256 MiB of address space', async () => {
    const outcome = await launchPython(ALLOCATES_2_GB, { limits: { memoryBytes: 256 * MIB } }).outcome;
    expect(outcome).toMatchObject({ exitCode: 1, signal: null });
    expect(outcome.stderr.text).toContain('MemoryError');
    expect(outcome.stdout.text).toBe('');
    expect(describeOutcome(outcome, 'your server')).toBe('your server exited with code 1');
  });
});

describe('file size limit', () => {
  it('makes writing a 10 MB file fail with EFBIG: Python ignores SIGXFSZ, so the write raises OSError', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sockgrade-fsize-'));
    scratch.push(dir);
    const file = join(dir, 'big.bin');
    const outcome = await launch({
      command: 'python3',
      args: ['-c', WRITES_10_MB_FILE, file],
      cwd: dir,
      limits: { fileSizeBytes: MIB },
    }).outcome;
    expect(outcome).toMatchObject({ exitCode: 1, signal: null });
    expect(outcome.stdout.text).toBe('SIGXFSZ ignored: True\n');
    expect(outcome.stderr.text).toContain('OSError: [Errno 27] File too large');
    expect(statSync(file).size).toBeLessThanOrEqual(MIB);
  });
});

describe('limits without prlimit, and for root', () => {
  it('builds the prlimit prefix from the given limits only, CPU hard limit one second above the soft one', () => {
    const plan = planLimits({ cpuSeconds: 5, memoryBytes: 256 * MIB, processes: 20, fileSizeBytes: MIB }, '/usr/bin/prlimit', 61000);
    expect(plan.prefix).toEqual([
      '/usr/bin/prlimit',
      '--cpu=5:6',
      `--data=${256 * MIB}:${256 * MIB}`,
      '--nproc=20:20',
      `--fsize=${MIB}:${MIB}`,
      '--',
    ]);
    expect(plan.notApplied).toEqual([]);
    expect(planLimits({ fileSizeBytes: 0 }, '/usr/bin/prlimit', 61000).prefix).toEqual(['/usr/bin/prlimit', '--fsize=0:0', '--']);
    expect(planLimits({}, '/usr/bin/prlimit', 61000).prefix).toEqual([]);
  });

  it('runs without limits when prlimit is missing, and says which were not applied', () => {
    const plan = planLimits({ cpuSeconds: 1, memoryBytes: MIB }, undefined, 61000);
    expect(plan.prefix).toEqual([]);
    expect(plan.applied).toEqual({});
    const why = process.platform === 'linux' ? 'prlimit not found' : `no prlimit on ${process.platform}`;
    expect(plan.notApplied).toEqual([`cpuSeconds (${why})`, `memoryBytes (${why})`]);
  });

  it('reports a process limit as not applied when the program runs as root', async () => {
    const outcome = await launchPython('pass', { limits: { processes: 20, fileSizeBytes: MIB } }).outcome;
    expect(outcome.exitCode).toBe(0);
    if (isRoot) {
      expect(outcome.limitsNotApplied).toEqual(['processes (not enforced for uid 0: give a uid)']);
      expect(outcome.appliedLimits).toEqual({ fileSizeBytes: MIB });
    } else {
      expect(outcome.limitsNotApplied).toBeUndefined();
      expect(outcome.appliedLimits).toEqual({ processes: 20, fileSizeBytes: MIB });
    }
  });

  it('rejects limits that are not whole numbers as a harness bug', () => {
    expect(() => launchPython('pass', { limits: { cpuSeconds: 0.5 } })).toThrow('limits.cpuSeconds: expected an integer of at least 1, got 0.5');
    expect(() => launchPython('pass', { maxOutputBytes: -1 })).toThrow('maxOutputBytes: expected an integer of at least 0, got -1');
  });
});

describe('spawn errors behind a prefix', () => {
  it('still names the missing command, not prlimit', async () => {
    const outcome = await launch({ command: 'sockgrade-no-such-python', args: ['x.py'], cwd: tmpdir(), limits: { cpuSeconds: 5 } }).outcome;
    expect(outcome.spawnError).toEqual({ code: 'ENOENT', message: 'spawn sockgrade-no-such-python ENOENT', path: 'sockgrade-no-such-python' });
    expect(describeOutcome(outcome, 'your server')).toBe('your server could not start: sockgrade-no-such-python was not found (ENOENT)');
  });

  it('still names a missing working directory', async () => {
    const outcome = await launch({ command: 'python3', args: ['-c', 'pass'], cwd: '/nonexistent/sockgrade', limits: { cpuSeconds: 5 } }).outcome;
    expect(describeOutcome(outcome, 'your client')).toBe('your client could not start: working directory /nonexistent/sockgrade does not exist (ENOENT)');
  });

  it('still names a command that is missing or not executable by path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sockgrade-noexec-'));
    scratch.push(dir);
    const outcome = await launch({ command: './client.py', args: [], cwd: dir, limits: { cpuSeconds: 5 } }).outcome;
    expect(describeOutcome(outcome, 'your client')).toBe('your client could not start: ./client.py was not found (ENOENT)');
    writeFileSync(join(dir, 'client.py'), 'print(1)\n', { mode: 0o644 });
    const notExecutable = await launch({ command: './client.py', args: [], cwd: dir, limits: { cpuSeconds: 5 } }).outcome;
    expect(describeOutcome(notExecutable, 'your client')).toBe('your client could not start: ./client.py is not executable (EACCES)');
  });
});
