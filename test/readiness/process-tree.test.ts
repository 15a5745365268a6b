import { afterEach, describe, expect, it } from 'vitest';
import { parseProcStat, processTreePids, selectTree, watchProcessTree } from '../../harness/readiness/process-tree.js';
import { programTracker } from './python-program.js';

const programs = programTracker();
afterEach(programs.killAll);

/** A watcher that never rescans after its first look: every later answer comes from children lists. */
const NEVER = Number.MAX_SAFE_INTEGER;

describe('parseProcStat', () => {
  it('reads pid, parent and process group', () => {
    const text = '3681 (cat) R 3678 3678 2331 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 0 25027 3133440 388';
    expect(parseProcStat(text)).toEqual({ pid: 3681, ppid: 3678, pgid: 3678 });
  });

  it('reads the fields after the last parenthesis when the command name has spaces and parentheses', () => {
    const text = '4242 (evil) S 1 2 (x) ) S 4000 4100 4100 0 -1 4194560 0 0 0 0';
    expect(parseProcStat(text)).toEqual({ pid: 4242, ppid: 4000, pgid: 4100 });
  });

  it('rejects text that is not a stat line', () => {
    expect(parseProcStat('')).toBeUndefined();
    expect(parseProcStat('12 (x')).toBeUndefined();
    expect(parseProcStat('12 (x) R')).toBeUndefined();
  });
});

describe('selectTree', () => {
  const stats = [
    { pid: 1, ppid: 0, pgid: 1 },
    { pid: 50, ppid: 1, pgid: 50 }, // the harness
    { pid: 100, ppid: 50, pgid: 100 }, // the student's program, a group leader
    { pid: 90, ppid: 1, pgid: 100 }, // an orphaned grandchild: its parent exited, its group remains
    { pid: 130, ppid: 100, pgid: 130 }, // a child that made a group of its own
    { pid: 131, ppid: 130, pgid: 130 }, // …and its child
    { pid: 200, ppid: 50, pgid: 200 }, // another student's program
  ];

  it('takes the process group and the descendants of the root, root first', () => {
    expect(selectTree(100, stats)).toEqual([100, 90, 130, 131]);
  });

  it('still finds the group once the root itself is gone', () => {
    expect(selectTree(100, stats.filter((s) => s.pid !== 100))).toEqual([90]);
  });

  it('finds nothing for a pid that no longer exists', () => {
    expect(selectTree(4242, stats)).toEqual([]);
  });
});

describe.runIf(process.platform === 'linux')('processTreePids', () => {
  it('finds the calling process itself in /proc', () => {
    expect(processTreePids(process.pid)[0]).toBe(process.pid);
  });
});

describe.runIf(process.platform === 'linux')('watchProcessTree', () => {
  it('follows children forked after its first look, from any thread', async () => {
    const p = programs.start(`
import threading
print('started', flush=True)
sys.stdin.readline()
forked = threading.Event()
def spawn():
    if os.fork() == 0:
        time.sleep(20)
        os._exit(0)
    forked.set()
    time.sleep(20)  # the child stays on this thread's list of children while it lives
threading.Thread(target=spawn, daemon=True).start()
forked.wait()
print('forked', flush=True)
time.sleep(20)
`);
    // Python itself by now: behind a pyenv shim, the shim's own children (its version lookup) have come and gone.
    await p.nextLine();
    const tree = watchProcessTree(p.pid, NEVER);
    expect(tree.pids()).toEqual([p.pid]); // the full scan, before the fork
    p.writeLine('go');
    await p.nextLine();
    const pids = tree.pids();
    expect(pids).toHaveLength(2);
    expect(pids).toEqual(processTreePids(p.pid));
  });

  it('keeps a grandchild it saw once its parent exits and it is re-parented, as a full scan does', async () => {
    const p = programs.start(`
r, w = os.pipe()
born_r, born_w = os.pipe()
middle = os.fork()
if middle == 0:
    if os.fork() == 0:
        os.write(born_w, b'x')
        time.sleep(20)
        os._exit(0)
    os.read(r, 1)
    os._exit(0)
os.read(born_r, 1)
print(middle, flush=True)
sys.stdin.readline()
os.write(w, b'x')
os.waitpid(middle, 0)
print('middle gone', flush=True)
time.sleep(20)
`);
    const middle = Number(await p.nextLine());
    const tree = watchProcessTree(p.pid, NEVER);
    const before = tree.pids();
    expect(before).toHaveLength(3);
    expect(before).toContain(middle);
    p.writeLine('go');
    await p.nextLine();
    const after = tree.pids();
    expect(after).toEqual(before.filter((pid) => pid !== middle));
    expect(after).toEqual(processTreePids(p.pid));
  });
});
