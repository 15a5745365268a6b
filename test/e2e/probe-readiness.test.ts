// Where /proc is missing (macOS, Windows), readiness is probed. Forced here with --readiness probe:
// the verdicts are the same, and a single-shot server's one client is not consumed by the probe.
import { describe, expect, it } from 'vitest';
import { grade } from './grade.js';

const probe = ['--port', 'auto', '--readiness', 'probe'];

describe('readiness by probing, without /proc', () => {
  it('gives a correct UDP server full marks, and says it probed', async () => {
    const g = await grade('udp-uppercase', { server: 'styles/udp-server.py' }, probe);
    expect(g.result.environment.readiness).toBe('probe');
    expect(Object.values(g.coreStatuses())).toEqual(['passed', 'passed', 'passed', 'passed']);
    expect(g.check('server-binds').transcript[1]?.text).toMatch(/^your server answered on UDP 127\.0\.0\.1:\d+ after \d+ ms \(probed: this system has no \/proc\)$/);
  });

  it('gives a correct TCP server full marks', async () => {
    const g = await grade('tcp-uppercase', { server: 'styles/tcp-server.py' }, probe);
    expect(Object.values(g.coreStatuses())).toEqual(['passed', 'passed', 'passed']);
  });

  it('hands the probe connection to the first exchange, so a server that serves one client still answers it', async () => {
    const g = await grade('tcp-uppercase', { server: 'faulty/tcp-server-exits-after-first-client.py' }, probe);
    expect(g.coreStatuses()).toEqual({ 'server-binds': 'passed', 'server-replies-core': 'passed', 'server-keeps-serving': 'failed' });
    expect(g.check('server-keeps-serving').message).toBe('your server exited normally (code 0) after serving 1 client; client 2 got no reply');
  });

  it('keeps the UDP probe reply for the first sentence of a server that serves one datagram', async () => {
    const g = await grade('udp-uppercase', { server: 'faulty/udp-server-exits-after-first-client.py' }, probe);
    expect(g.coreStatuses()).toEqual({
      'server-binds': 'passed',
      'server-replies-core': 'passed',
      'server-keeps-serving': 'failed',
      'server-udp-interleaved': 'skipped',
    });
  });

  it('reports a crash at start-up at the exit, with its hint', async () => {
    const g = await grade('udp-uppercase', { server: 'faulty/udp-server-bind-typo.py' }, probe);
    expect(g.check('server-binds').message).toMatch(/^your server exited with code 1 before binding UDP port \d+$/);
    expect(g.check('server-binds').hint).toMatch(/^bind\(\) takes one argument, a \(host, port\) tuple/);
  });

  it('reports a server that never answers at the start-up budget', async () => {
    const g = await grade('tcp-uppercase', { server: 'faulty/udp-server-never-binds.py' }, probe);
    expect(g.check('server-binds').message).toMatch(/^your server did not answer on TCP port \d+ within 5000 ms \(start-up; instructors: timeouts\.startupMs\)$/);
  });
});
