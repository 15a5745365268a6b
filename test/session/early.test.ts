import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Each test gets fresh modules: the lookups are cached per process, and workers counted per module.
async function fresh(): Promise<{ startEarly: (argv: string[]) => void; stopEarly: () => Promise<void>; lookedUp: () => string[]; workersStarted: () => number }> {
  vi.resetModules();
  const { startEarly, stopEarly } = await import('../../harness/cli/early.js');
  const { lookedUp } = await import('../../harness/session/interpreters.js');
  const { workersStarted } = await import('../../harness/worker/run-in-worker.js');
  return { startEarly, stopEarly, lookedUp, workersStarted };
}

/** Whether grading workers can start here (under bubblewrap's namespaces): else none start early. */
const { likelyNamespacePrefix } = await import('../../harness/sandbox/detect.js');
const workersPossible = likelyNamespacePrefix() !== undefined;

/** This test process's children that are grading workers (none may outlive stopEarly). */
function liveWorkers(): string[] {
  const out = spawnSync('pgrep', ['-a', '-P', String(process.pid)], { encoding: 'utf8' }).stdout;
  return out.split('\n').filter((line) => line.includes('worker-main'));
}

const dir = mkdtempSync(path.join(tmpdir(), 'sockgrade-early-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(path.join(dir, 'class', 'ana'), { recursive: true });
writeFileSync(path.join(dir, 'class', 'ana', 'UDPServer.py'), 'print(1)\n');
mkdirSync(path.join(dir, 'java', 'ben'), { recursive: true });
writeFileSync(path.join(dir, 'java', 'ben', 'UDPServer.java'), 'class UDPServer {}\n');
const server = path.join(dir, 'class', 'ana', 'UDPServer.py');

describe('startEarly', () => {
  it("starts looking up the interpreter of a class folder's language for grade, and --jobs workers", async () => {
    const { startEarly, stopEarly, lookedUp, workersStarted } = await fresh();
    startEarly(['grade', 'udp-uppercase', path.join(dir, 'class'), '-o', path.join(dir, 'results'), '--jobs', '3']);
    expect(lookedUp()).toEqual(['python3']);
    expect(workersStarted()).toBe(workersPossible ? 3 : 0);
    await stopEarly();
    expect(liveWorkers()).toEqual([]);
  });

  it("starts check's one worker", async () => {
    const { startEarly, stopEarly, workersStarted } = await fresh();
    startEarly(['check', 'udp-uppercase', '--server', server, '--jobs', '4']);
    expect(workersStarted()).toBe(workersPossible ? 1 : 0);
    await stopEarly();
    expect(liveWorkers()).toEqual([]);
  });

  it('starts no worker for --sandbox none, for help or for other commands; as many as CPUs without a valid --jobs', async () => {
    const { startEarly, stopEarly, workersStarted } = await fresh();
    startEarly(['check', 'udp-uppercase', '--server', server, '--sandbox', 'none']);
    startEarly(['validate', server]);
    startEarly(['grade', 'udp-uppercase', path.join(dir, 'class'), '--sandbox', 'none']);
    startEarly(['grade', 'udp-uppercase', path.join(dir, 'class'), '--sandbox=none', '--jobs=2']);
    startEarly(['grade', '--help']);
    expect(workersStarted()).toBe(0);
    startEarly(['grade', 'udp-uppercase', path.join(dir, 'class'), '--jobs', '0']);
    expect(workersStarted()).toBe(workersPossible ? availableParallelism() : 0);
    await stopEarly();
    expect(liveWorkers()).toEqual([]);
  });

  it('starts looking up the interpreter of the files check is given, as --server FILE or --server=FILE', async () => {
    const a = await fresh();
    a.startEarly(['check', 'udp-uppercase', '--server', server]);
    expect(a.lookedUp()).toEqual(['python3']);
    const b = await fresh();
    b.startEarly(['check', 'udp-uppercase', `--client=${path.join(dir, 'java', 'ben', 'UDPServer.java')}`]);
    expect(b.lookedUp()).toEqual(['java']);
  });

  it('starts nothing for other commands, for help, or when nothing named exists', async () => {
    const { startEarly, lookedUp } = await fresh();
    startEarly(['validate', server]);
    startEarly(['grade', '--help', path.join(dir, 'class')]);
    startEarly(['grade', 'udp-uppercase', path.join(dir, 'no-such-class')]);
    startEarly([]);
    expect(lookedUp()).toEqual([]);
  });

  it('does not throw on an argument that cannot be looked at', async () => {
    const { startEarly, lookedUp } = await fresh();
    expect(() => startEarly(['check', 'udp-uppercase', '--server', path.join(server, 'not-a-folder'), '--client', '\0'])).not.toThrow();
    expect(lookedUp()).toEqual([]);
  });
});
