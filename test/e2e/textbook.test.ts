// The textbook programs, unchanged (port 12000 and host localhost hard-coded), graded on the
// assignment's own port. This is the only test file that uses port 12000, and its tests run one
// after another, so nothing else competes for the port.
import { describe, expect, it } from 'vitest';
import { cli, grade } from './grade.js';

describe('the textbook programs, unchanged, on port 12000', () => {
  it('gives the UDP pair full marks', async () => {
    const g = await grade('udp-uppercase', { server: 'textbook/UDPServer.py', client: 'textbook/UDPClient.py' }, []);
    expect(g.result.environment.port).toMatchObject({ assignment: 12000, used: 12000 });
    expect(g.result.environment.port.reason).toBe(
      g.result.environment.sandbox === 'namespace' ? "the assignment's port, in this submission's own network namespace" : "the assignment's port",
    );
    expect(Object.entries(g.statuses()).filter(([, status]) => status !== 'passed')).toEqual([]);
    expect(g.result.checks.map((c) => c.id)).toEqual([
      'server-binds',
      'server-replies-core',
      'server-replies-non-ascii',
      'server-replies-whitespace',
      'server-replies-long-line',
      'server-replies-empty',
      'server-keeps-serving',
      'server-udp-interleaved',
      'client-sends-sentence',
      'client-prints-reply',
      'client-exits',
    ]);
    expect([g.result.score, g.result.maxScore]).toEqual([20, 20]);
    expect(g.code).toBe(0);
  });

  it('gives the TCP pair full core marks, and costs its one-shot recv(1024) only the long line', async () => {
    const g = await grade('tcp-uppercase', { server: 'textbook/TCPServer.py', client: 'textbook/TCPClient.py' }, []);
    expect(g.coreStatuses()).toEqual({
      'server-binds': 'passed',
      'server-replies-core': 'passed',
      'server-keeps-serving': 'passed',
      'client-sends-sentence': 'passed',
      'client-prints-reply': 'passed',
      'client-exits': 'passed',
    });
    expect(g.result.checks.filter((c) => c.group === 'robustness').map((c) => `${c.id} ${c.status}`)).toEqual([
      'server-replies-non-ascii passed',
      'server-replies-whitespace passed',
      'server-replies-long-line failed',
    ]);
    expect(g.check('server-replies-long-line').hint).toBe(
      'Your server answered only the first 1024 bytes: one recv(1024) returns at most 1024 bytes. Use a larger buffer, or keep receiving while more bytes arrive.',
    );
    expect(g.check('server-replies-long-line').actual).toMatch(/ \(1024 bytes\)$/);
    expect([g.result.score, g.result.maxScore]).toEqual([19, 19.5]);
    expect(g.code).toBe(1);
  });

  it('grades the TCP server again at once on the same port (no TIME_WAIT left behind by sockgrade)', async () => {
    const g = await grade('tcp-uppercase', { server: 'textbook/TCPServer.py' }, []);
    expect(g.check('server-binds').status).toBe('passed');
    expect(g.result.environment.port.used).toBe(12000);
    expect(Object.values(g.coreStatuses()).every((status) => status === 'passed')).toBe(true);
  });

  it('runs the demo: textbook pairs at full marks, the faulty programs failing with a hint', async () => {
    const run = await cli(['demo', '--no-color']);
    expect(run.stdout.match(/^score .*$/gm)).toEqual([
      expect.stringMatching(/^score 20\/20 · 11 passed · 0 failed · 0 skipped · [\d.]+ s$/),
      expect.stringMatching(/^score 19\/19\.50 · 8 passed · 1 failed · 0 skipped · [\d.]+ s$/),
      expect.stringMatching(/^score 6\/12 · 3 passed · 1 failed · 4 skipped · [\d.]+ s$/),
      expect.stringMatching(/^score 5\/8 · 2 passed · 1 failed · 0 skipped · [\d.]+ s$/),
    ]);
    expect(run.stdout).toContain('      hint      Your client printed a bytes object (b\'...\'): decode the reply before printing it, e.g. print(modifiedMessage.decode()).\n');
    expect(run.stdout).toContain('demo: all 4 gradings came out as expected.\n');
    expect(run.code).toBe(0);
  });
});
