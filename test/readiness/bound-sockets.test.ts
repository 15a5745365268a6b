import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createBoundSocketReader, listBoundSockets } from '../../harness/readiness/bound-sockets.js';
import { procReadinessSupported } from '../../harness/readiness/support.js';
import { waitForBind } from '../../harness/readiness/wait-for-bind.js';
import { programTracker } from './python-program.js';

const programs = programTracker();
afterEach(programs.killAll);

describe('procReadinessSupported', () => {
  it('is true exactly on Linux', () => {
    expect(procReadinessSupported()).toBe(process.platform === 'linux');
  });
});

describe.runIf(process.platform === 'linux')('listBoundSockets', () => {
  it('lists only the listening TCP socket and the bound UDP socket, not connections nor stdio pipes', async () => {
    // A server with one accepted connection, its own client end, a connected UDP socket and a bound one.
    const p = programs.start(`
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.bind(('127.0.0.1', 0))
srv.listen()
cli = socket.create_connection(srv.getsockname())
conn, _ = srv.accept()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(('127.0.0.1', 0))
c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
c.connect(u.getsockname())
print(srv.getsockname()[1], u.getsockname()[1], flush=True)
time.sleep(20)
`);
    const [tcpPort, udpPort] = (await p.nextLine()).split(' ').map(Number);
    const sockets = await listBoundSockets(p.pid);
    expect(sockets.map((s) => [s.transport, s.address, s.port, s.pid]).sort()).toEqual(
      [
        ['tcp', '127.0.0.1', tcpPort, p.pid],
        ['udp', '127.0.0.1', udpPort, p.pid],
      ].sort(),
    );
    expect(sockets.every((s) => Number.isInteger(s.inode) && s.inode > 0)).toBe(true);
  });

  it('renders wildcard and IPv4-mapped IPv6 addresses', async () => {
    const p = programs.start(`
a = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
a.bind(('::', 0))
b = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
b.bind(('::ffff:127.0.0.1', 0))
c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
c.bind(('0.0.0.0', 0))
c.listen()
print(a.getsockname()[1], b.getsockname()[1], c.getsockname()[1], flush=True)
time.sleep(20)
`);
    const [wild6, mapped, wild4] = (await p.nextLine()).split(' ').map(Number);
    const sockets = await listBoundSockets(p.pid);
    expect(sockets.map((s) => [s.transport, s.family, s.address, s.port]).sort()).toEqual(
      [
        ['udp', 6, '::', wild6],
        ['udp', 6, '::ffff:127.0.0.1', mapped],
        ['tcp', 4, '0.0.0.0', wild4],
      ].sort(),
    );
  });

  it('lists nothing for a program that has exited', async () => {
    const p = programs.start(`
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('127.0.0.1', 0))
`);
    await p.exited;
    expect(await listBoundSockets(p.pid)).toEqual([]);
  });

  it('lists a socket again after the program closed it and bound a new one', async () => {
    const p = programs.start(`
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('127.0.0.1', 0))
print(s.getsockname()[1], flush=True)
sys.stdin.readline()
s.close()
t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
t.bind(('127.0.0.1', 0))
t.listen()
print(t.getsockname()[1], flush=True)
time.sleep(20)
`);
    const udpPort = Number(await p.nextLine());
    expect((await listBoundSockets(p.pid)).map((s) => [s.transport, s.port])).toEqual([['udp', udpPort]]);
    p.writeLine('switch');
    const tcpPort = Number(await p.nextLine());
    expect((await listBoundSockets(p.pid)).map((s) => [s.transport, s.port])).toEqual([['tcp', tcpPort]]);
    // The same through one waiting reader, which remembers what it has classified.
    expect(await waitForBind({ pid: p.pid, transport: 'tcp', port: tcpPort, timeoutMs: 30_000, exited: p.exited })).toMatchObject({
      kind: 'bound',
      all: [expect.objectContaining({ port: tcpPort })],
    });
  });

  it('lists the same sockets whichever transport is looked for first', async () => {
    // Both transports and families, an accepted connection and a connected UDP socket: every table is needed.
    const p = programs.start(`
srv = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
srv.bind(('::1', 0))
srv.listen()
cli = socket.create_connection(srv.getsockname()[:2])
conn, _ = srv.accept()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(('127.0.0.1', 0))
c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
c.connect(u.getsockname())
print(srv.getsockname()[1], u.getsockname()[1], flush=True)
time.sleep(20)
`);
    const [tcpPort, udpPort] = (await p.nextLine()).split(' ').map(Number);
    const want = [
      ['tcp', 6, '::1', tcpPort],
      ['udp', 4, '127.0.0.1', udpPort],
    ].sort();
    for (const prefer of [undefined, 'udp', 'tcp'] as const) {
      const sockets = await listBoundSockets(p.pid, prefer);
      expect(sockets.map((s) => [s.transport, s.family, s.address, s.port]).sort(), `prefer ${prefer}`).toEqual(want);
    }
  });
});

// A network namespace of its own, as a grading worker's: the tables read are the program's namespace's.
const ownNetns = process.platform === 'linux' && spawnSync('unshare', ['--net', 'true']).status === 0;
describe.runIf(ownNetns)('a reader in a network namespace of its own', () => {
  it('lists nothing while nothing is bound, then each socket as it is bound, and nothing once closed', async () => {
    const p = programs.start(
      `
print('started', flush=True)
sys.stdin.readline()
u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
u.bind(('::', 12000))
print('udp', flush=True)
sys.stdin.readline()
t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
t.bind(('127.0.0.1', 12000))
t.listen()
print('tcp', flush=True)
sys.stdin.readline()
u.close()
t.close()
print('closed', flush=True)
time.sleep(20)
`,
      ['unshare', '--net'],
    );
    const reader = createBoundSocketReader(p.pid, 'udp');
    const seen = (): unknown[] => reader.read().map((s) => [s.transport, s.family, s.address, s.port, s.pid]).sort();
    expect(await p.nextLine()).toBe('started');
    expect(seen()).toEqual([]);
    p.writeLine('bind udp');
    expect(await p.nextLine()).toBe('udp');
    expect(seen()).toEqual([['udp', 6, '::', 12000, p.pid]]);
    p.writeLine('bind tcp');
    expect(await p.nextLine()).toBe('tcp');
    expect(seen()).toEqual(
      [
        ['tcp', 4, '127.0.0.1', 12000, p.pid],
        ['udp', 6, '::', 12000, p.pid],
      ].sort(),
    );
    p.writeLine('close');
    expect(await p.nextLine()).toBe('closed');
    expect(seen()).toEqual([]);
  });
});
