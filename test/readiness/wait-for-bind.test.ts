import getPort from 'get-port';
import { afterEach, describe, expect, it } from 'vitest';
import { createBoundSocketReader, listBoundSockets } from '../../harness/readiness/bound-sockets.js';
import { waitForBind } from '../../harness/readiness/wait-for-bind.js';
import { programTracker } from './python-program.js';

const programs = programTracker();
afterEach(programs.killAll);

// Budgets are far beyond what any machine needs; a test only waits them out when it fails.
const GENEROUS_MS = 30_000;

/** A Python program that binds a free UDP port on 127.0.0.1 at once, and the port. */
async function startUdpServerOnLoopback() {
  const port = await getPort({ host: '127.0.0.1' });
  const p = programs.start(`
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('127.0.0.1', ${port}))
time.sleep(20)
`);
  return { port, p };
}

describe.runIf(process.platform === 'linux')('waitForBind', () => {
  it('finds a UDP server bound on 127.0.0.1, with the port it bound', async () => {
    const { port, p } = await startUdpServerOnLoopback();
    const result = await waitForBind({ pid: p.pid, transport: 'udp', port, timeoutMs: GENEROUS_MS, exited: p.exited });
    expect(result).toMatchObject({
      kind: 'bound',
      socket: { transport: 'udp', family: 4, address: '127.0.0.1', port, pid: p.pid },
    });
    expect(result.all).toHaveLength(1);
  });

  it('does not report a TCP server as bound while it has only bound, and does once it listens', async () => {
    const p = programs.start(`
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('127.0.0.1', 0))
print(s.getsockname()[1], flush=True)
sys.stdin.readline()
s.listen()
print('listening', flush=True)
time.sleep(20)
`);
    const port = Number(await p.nextLine());
    // The program now blocks on stdin, bound but not listening: nothing may count as ready.
    const before = await waitForBind({ pid: p.pid, transport: 'tcp', timeoutMs: 500, exited: p.exited });
    expect(before).toMatchObject({ kind: 'timeout', all: [] });
    expect(await listBoundSockets(p.pid)).toEqual([]);

    p.writeLine('listen now');
    const after = await waitForBind({ pid: p.pid, transport: 'tcp', port, timeoutMs: GENEROUS_MS, exited: p.exited });
    expect(after).toMatchObject({ kind: 'bound', socket: { transport: 'tcp', family: 4, address: '127.0.0.1', port } });
  });

  it('finds a TCP server listening on the IPv6 loopback ::1', async () => {
    const p = programs.start(`
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.bind(('::1', 0))
s.listen()
print(s.getsockname()[1], flush=True)
time.sleep(20)
`);
    const result = await waitForBind({ pid: p.pid, transport: 'tcp', timeoutMs: GENEROUS_MS, exited: p.exited });
    const port = Number(await p.nextLine());
    expect(result).toMatchObject({ kind: 'bound', socket: { transport: 'tcp', family: 6, address: '::1', port } });
  });

  it('reports a mismatch listing the TCP socket when a UDP server was expected', async () => {
    const p = programs.start(`
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('127.0.0.1', 0))
s.listen()
print(s.getsockname()[1], flush=True)
time.sleep(20)
`);
    const result = await waitForBind({ pid: p.pid, transport: 'udp', timeoutMs: GENEROUS_MS, exited: p.exited });
    const port = Number(await p.nextLine());
    expect(result.kind).toBe('mismatch');
    expect(result.all).toEqual([expect.objectContaining({ transport: 'tcp', address: '127.0.0.1', port, pid: p.pid })]);
    expect(result.waitedMs).toBeGreaterThanOrEqual(300); // the default grace was given in full
  });

  it('reports a mismatch with the port the server bound when it binds another port than expected', async () => {
    const expected = await getPort({ host: '127.0.0.1' });
    const other = await getPort({ host: '127.0.0.1', exclude: [expected] });
    const p = programs.start(`
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('127.0.0.1', ${other}))
time.sleep(20)
`);
    const result = await waitForBind({
      pid: p.pid,
      transport: 'udp',
      port: expected,
      timeoutMs: GENEROUS_MS,
      exited: p.exited,
      mismatchGraceMs: 100,
    });
    expect(result.kind).toBe('mismatch');
    expect(result.all).toEqual([expect.objectContaining({ transport: 'udp', address: '127.0.0.1', port: other })]);
    expect(result.waitedMs).toBeGreaterThanOrEqual(100);
  });

  it('keeps looking during the grace and reports the expected socket bound after a wrong one', async () => {
    const expected = await getPort({ host: '127.0.0.1' });
    const p = programs.start(`
first = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
first.bind(('127.0.0.1', 0))
print(first.getsockname()[1], flush=True)
sys.stdin.readline()
second = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
second.bind(('127.0.0.1', ${expected}))
time.sleep(20)
`);
    const waiting = waitForBind({
      pid: p.pid,
      transport: 'udp',
      port: expected,
      timeoutMs: GENEROUS_MS,
      exited: p.exited,
      mismatchGraceMs: GENEROUS_MS,
    });
    const first = Number(await p.nextLine());
    // Once the wrong socket is visible, let the program bind the expected one.
    expect(await waitForBind({ pid: p.pid, transport: 'udp', port: first, timeoutMs: GENEROUS_MS, exited: p.exited })).toMatchObject({
      kind: 'bound',
    });
    p.writeLine('bind the right one');
    const result = await waiting;
    expect(result).toMatchObject({ kind: 'bound', socket: { port: expected } });
    expect(result.all.map((s) => s.port).sort()).toEqual([first, expected].sort());
  });

  it('reports quickly that a program exited before binding anything', async () => {
    const p = programs.start('sys.exit(3)');
    const result = await waitForBind({ pid: p.pid, transport: 'udp', port: 12000, timeoutMs: GENEROUS_MS, exited: p.exited });
    expect(result).toMatchObject({ kind: 'exited', all: [] });
    expect(result.waitedMs).toBeLessThan(GENEROUS_MS / 2);
    expect(await p.exited).toBe(3);
  });

  it('reports at once that a program exited when its exit had already been observed', async () => {
    const p = programs.start('sys.exit(0)');
    await p.exited;
    const result = await waitForBind({ pid: p.pid, transport: 'tcp', timeoutMs: GENEROUS_MS, exited: p.exited });
    expect(result).toMatchObject({ kind: 'exited', all: [] });
    expect(result.waitedMs).toBeLessThan(GENEROUS_MS / 2);
  });

  it('finds a socket held by a grandchild in the same process group after its parent exited', async () => {
    // The middle process exits at once, so the grandchild is re-parented: only the group links it.
    const p = programs.start(`
child = os.fork()
if child == 0:
    if os.fork() == 0:
        signal.alarm(25)
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(('127.0.0.1', 0))
        print(os.getpid(), s.getsockname()[1], flush=True)
        time.sleep(20)
    os._exit(0)
os.waitpid(child, 0)
time.sleep(20)
`);
    const result = await waitForBind({ pid: p.pid, transport: 'udp', timeoutMs: GENEROUS_MS, exited: p.exited });
    const [grandchild, port] = (await p.nextLine()).split(' ').map(Number);
    expect(grandchild).not.toBe(p.pid);
    expect(result).toMatchObject({ kind: 'bound', socket: { transport: 'udp', address: '127.0.0.1', port, pid: grandchild } });
  });

  it('times out when nothing is bound within the budget', async () => {
    const p = programs.start('time.sleep(20)');
    const result = await waitForBind({ pid: p.pid, transport: 'udp', port: 12000, timeoutMs: 300, exited: p.exited });
    expect(result).toMatchObject({ kind: 'timeout', all: [] });
    expect(result.waitedMs).toBeGreaterThanOrEqual(300);
    expect(result.waitedMs).toBeLessThan(GENEROUS_MS);
  });

  it('leaves no timer behind when the program exits in the middle of a wait', async () => {
    const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const p = programs.start('time.sleep(20)');
    const before = timers();
    const waiting = waitForBind({ pid: p.pid, transport: 'udp', timeoutMs: GENEROUS_MS, exited: p.exited });
    await p.kill();
    expect(await waiting).toMatchObject({ kind: 'exited' });
    expect(timers()).toBe(before);
  });

  it('puts off its first look by firstLookMs, and still finds the socket then', async () => {
    const { port, p } = await startUdpServerOnLoopback();
    const real = createBoundSocketReader(p.pid, 'udp');
    const looks: number[] = [];
    const started = performance.now();
    const reader = { read: () => (looks.push(performance.now() - started), real.read()) };
    const result = await waitForBind({ reader, pid: p.pid, transport: 'udp', port, timeoutMs: GENEROUS_MS, exited: p.exited, firstLookMs: 400 });
    expect(result).toMatchObject({ kind: 'bound', socket: { transport: 'udp', port, pid: p.pid } });
    // Without firstLookMs the first look comes ~1 ms in. A timer never fires before its time by the
    // event loop's clock, which can lag performance.now() by what ran since the loop last woke: hence 300.
    expect(looks[0]).toBeGreaterThanOrEqual(300);
    expect(result.waitedMs).toBeGreaterThanOrEqual(300);
  });

  it('reports an exit at once while its first look is put off', async () => {
    const p = programs.start('sys.exit(3)');
    let looks = 0;
    const reader = { read: () => (looks++, []) };
    const result = await waitForBind({ reader, pid: p.pid, transport: 'udp', port: 12000, timeoutMs: GENEROUS_MS, exited: p.exited, firstLookMs: GENEROUS_MS / 2 });
    expect(result).toMatchObject({ kind: 'exited', all: [] });
    expect(result.waitedMs).toBeLessThan(GENEROUS_MS / 2);
    expect(looks).toBe(0);
  });

  it('looks at once when firstLookMs is not below the budget, and times out at the budget', async () => {
    const p = programs.start('time.sleep(20)');
    const real = createBoundSocketReader(p.pid, 'udp');
    const looks: number[] = [];
    const started = performance.now();
    const reader = { read: () => (looks.push(performance.now() - started), real.read()) };
    const result = await waitForBind({ reader, pid: p.pid, transport: 'udp', port: 12000, timeoutMs: 2000, exited: p.exited, firstLookMs: 5000 });
    expect(result).toMatchObject({ kind: 'timeout', all: [] });
    // Put off, the first look would come at the budget's end (2000 ms); made at once, it comes long before.
    expect(looks[0]).toBeLessThan(1000);
  });
});
