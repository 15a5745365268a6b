// The isolation report kept between runs (sandbox/isolation-cache.ts): kept only when every trial
// passed, used while the machine is the same and for an hour at most, never by `doctor`, which probes
// afresh and replaces (or forgets) it; and the CLI really grades with what was kept.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, test } from 'vitest';
import { probeAfresh, rememberedIsolation } from '../../harness/sandbox/detect.js';
import { MAX_AGE_MS, worthKeeping } from '../../harness/sandbox/isolation-cache.js';
import type { IsolationReport, Trial } from '../../harness/sandbox/types.js';

const work = mkdtempSync(path.join(tmpdir(), 'isolation-cache-'));
afterAll(() => rm(work, { recursive: true, force: true }));

interface Entry {
  key: string;
  at: number;
  report: IsolationReport;
}
const entries = (file: string): Entry[] => JSON.parse(readFileSync(file, 'utf8')) as Entry[];
const write = (file: string, list: Entry[]): void => writeFileSync(file, JSON.stringify(list));
let files = 0;
const newFile = (): string => path.join(work, `cache-${++files}`, 'isolation.json');

/** A report that says so when it is used: its problems list is the test's. */
function planted(report: IsolationReport): IsolationReport {
  return { ...report, problems: ['planted by the test'] };
}

/** A fresh cache file holding this machine's report, probed and kept; and that entry. */
async function keptReport(): Promise<{ file: string; first: IsolationReport; entry: Entry }> {
  const file = newFile();
  const first = await rememberedIsolation({}, file);
  const [entry] = entries(file) as [Entry];
  return { file, first, entry };
}

const trial = (ok: boolean): Trial => ({ ok, ms: 1, argv: ['true'], detail: ok ? '' : 'exit status 1' });

describe('worthKeeping', () => {
  const base = { platform: 'linux', trials: { netns: trial(true), pidns: trial(true), bwrap: null, setpriv: null, loopback: trial(true), loopbackKind: 'unshare', jail: null, helperJail: null } };
  test('a Linux report whose trials that ran all passed, and no other', () => {
    expect(worthKeeping(base as unknown as IsolationReport)).toBe(true);
    expect(worthKeeping({ ...base, trials: { ...base.trials, pidns: trial(false) } } as unknown as IsolationReport)).toBe(false);
    expect(worthKeeping({ ...base, platform: 'darwin' } as unknown as IsolationReport)).toBe(false);
  });
});

describe('rememberedIsolation on this machine (real trials)', async () => {
  const fresh = await rememberedIsolation({}, newFile());
  const keepable = worthKeeping(fresh);

  test('keeps a report whose trials all passed, and uses it for the same machine', async () => {
    const file = newFile();
    const first = await rememberedIsolation({}, file);
    if (!keepable) {
      expect(existsSync(file)).toBe(false); // a failed trial is tried again next time
      return;
    }
    const [entry] = entries(file);
    expect(entry?.report).toEqual(first);
    write(file, [{ ...(entry as Entry), report: planted(first) }]);
    expect((await rememberedIsolation({}, file)).problems).toEqual(['planted by the test']);
  });

  test('is not used once an hour old, nor from the future; the fresh report replaces it', async () => {
    if (!keepable) return;
    const { file, first, entry } = await keptReport();
    for (const at of [Date.now() - MAX_AGE_MS - 1, Date.now() + 60_000]) {
      write(file, [{ ...entry, at, report: planted(first) }]);
      expect((await rememberedIsolation({}, file)).problems).toEqual(first.problems);
      const [replaced] = entries(file) as [Entry];
      expect(replaced.key).toBe(entry.key);
      expect(replaced.at).toBeGreaterThan(Date.now() - MAX_AGE_MS);
      expect(replaced.at).toBeLessThanOrEqual(Date.now());
    }
  });

  test('is not used when other helper programs would be found: each set of tools has its own entry', async () => {
    if (!keepable) return;
    const { file, first, entry } = await keptReport();
    write(file, [{ ...entry, report: planted(first) }]);
    const tools = path.join(work, 'tools');
    await mkdir(tools, { recursive: true });
    if (first.tools.unshare !== null) await symlink(first.tools.unshare, path.join(tools, 'unshare'));
    const fewer = await rememberedIsolation({ searchPath: [tools] }, file);
    expect(fewer.problems).not.toEqual(['planted by the test']);
    expect(fewer.tools.bwrap).toBeNull();
    expect(entries(file).some((e) => e.key === entry.key)).toBe(true); // the first entry is still there
  });

  test('a probe with a failed trial is not kept', async () => {
    const file = newFile();
    const report = await rememberedIsolation({ timeoutMs: 1 }, file);
    expect(worthKeeping(report)).toBe(false);
    expect(existsSync(file)).toBe(false);
  });

  test('probeAfresh (doctor) ignores what was kept, replaces it, and forgets it when a trial fails', async () => {
    if (!keepable) return;
    const { file, first, entry } = await keptReport();
    write(file, [{ ...entry, report: planted(first) }]);
    expect((await probeAfresh({}, file)).problems).toEqual(first.problems);
    expect((entries(file)[0] as Entry).report.problems).toEqual(first.problems);
    write(file, [{ ...entry, report: planted(first) }]);
    const failing = await probeAfresh({ timeoutMs: 1 }, file);
    expect(worthKeeping(failing)).toBe(false);
    expect(entries(file)).toEqual([]);
  });

  test('a command whose grading sockgrade could not run forgets the kept report: the next command probes afresh', async () => {
    if (!keepable || fresh.namespace === null) return;
    const cache = path.join(work, 'cli-cache-stale');
    const server = path.resolve('fixtures/programs/styles/udp-server.py');
    const check = () => execa('node', ['bin/sockgrade.js', 'check', 'udp-uppercase', '--server', server, '--port', 'auto', '--format', 'json'], { env: { XDG_CACHE_HOME: cache }, reject: false });
    expect((await check()).exitCode).toBe(0);
    const file = path.join(cache, 'sockgrade', 'isolation.json');
    const [entry] = entries(file) as [Entry];
    // A kept report that no longer holds: the tools it names for the namespaces now fail at once.
    const plantStale = (): void => write(file, [{ ...entry, report: { ...entry.report, tools: { ...entry.report.tools, bwrap: '/bin/false', unshare: '/bin/false' } } }]);
    plantStale();
    const stale = await check();
    expect(stale.exitCode).toBe(3);
    expect(stale.stderr).toMatch(/^sockgrade: harness error \(not the student's fault\): the grading worker ended without a result \(exit code 1, signal null\)/);
    expect(entries(file)).toEqual([]);
    const again = await check();
    expect(again.exitCode).toBe(0);
    expect(entries(file).map((e) => e.key)).toEqual([entry.key]);
    // grade too: its gradings that could not run are retried by the next run, with the machine probed afresh.
    const klass = path.join(work, 'stale-class', 'ana');
    await mkdir(klass, { recursive: true });
    writeFileSync(path.join(klass, 'UDPServer.py'), readFileSync(server));
    const grade = () => execa('node', ['bin/sockgrade.js', 'grade', 'udp-uppercase', path.dirname(klass), '-o', path.join(work, 'stale-results')], { env: { XDG_CACHE_HOME: cache }, reject: false });
    plantStale();
    const failed = await grade();
    expect(failed.exitCode).toBe(3);
    expect(failed.stderr).toContain('sockgrade: 1 graded, 0 kept');
    expect(entries(file)).toEqual([]);
    const retried = await grade();
    expect(retried.exitCode).toBe(0);
    expect(retried.stderr).toContain('sockgrade: 1 graded, 0 kept');
  });

  test('the CLI grades with the kept report, not with SOCKGRADE_CACHE=off, and doctor replaces it', async () => {
    if (!keepable || fresh.namespace === null) return;
    const cache = path.join(work, 'cli-cache');
    const env = { XDG_CACHE_HOME: cache };
    const server = path.resolve('fixtures/programs/styles/udp-server.py');
    const check = async (extra: Record<string, string> = {}): Promise<{ sandbox: string; unprotected: string[] }> => {
      const run = await execa('node', ['bin/sockgrade.js', 'check', 'udp-uppercase', '--server', server, '--port', 'auto', '--format', 'json'], { env: { ...env, ...extra }, reject: false });
      expect(run.exitCode).toBe(0);
      return (JSON.parse(run.stdout) as { environment: { sandbox: string; unprotected: string[] } }).environment;
    };
    expect((await check()).sandbox).toBe('namespace');
    const file = path.join(cache, 'sockgrade', 'isolation.json');
    // Plant a machine where the loopback trial failed: no namespace, and the reason says where it came from.
    write(
      file,
      entries(file).map((e) => ({ ...e, report: { ...e.report, namespace: null, trials: { ...e.report.trials, loopback: { ok: false, ms: 1, argv: ['bwrap'], detail: 'planted by the test' } } } })),
    );
    const used = await check();
    expect(used.sandbox).toBe('none');
    expect(used.unprotected[0]).toBe(
      "network: loopback did not come up in a fresh namespace made with bwrap: planted by the test, so student programs share this machine's network: they can reach any local port, and gradings that need the assignment's fixed port take turns",
    );
    expect((await check({ SOCKGRADE_CACHE: 'off' })).sandbox).toBe('namespace');
    const doctor = await execa('node', ['bin/sockgrade.js', 'doctor'], { env, reject: false });
    expect(doctor.exitCode).toBe(0);
    expect((await check()).sandbox).toBe('namespace');
  });
});
