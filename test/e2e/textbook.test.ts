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
    expect(g.statuses()).toEqual({
      'server-binds': 'passed',
      'server-replies-core': 'passed',
      'server-keeps-serving': 'passed',
      'server-udp-interleaved': 'passed',
      'client-sends-sentence': 'passed',
      'client-prints-reply': 'passed',
      'client-exits': 'passed',
    });
    expect([g.result.score, g.result.maxScore]).toEqual([18, 18]);
    expect(g.code).toBe(0);
  });

  it('gives the TCP pair full marks', async () => {
    const g = await grade('tcp-uppercase', { server: 'textbook/TCPServer.py', client: 'textbook/TCPClient.py' }, []);
    expect(g.statuses()).toEqual({
      'server-binds': 'passed',
      'server-replies-core': 'passed',
      'server-keeps-serving': 'passed',
      'client-sends-sentence': 'passed',
      'client-prints-reply': 'passed',
      'client-exits': 'passed',
    });
    expect([g.result.score, g.result.maxScore]).toEqual([18, 18]);
    expect(g.code).toBe(0);
  });

  it('grades the TCP server again at once on the same port (no TIME_WAIT left behind by sockgrade)', async () => {
    const g = await grade('tcp-uppercase', { server: 'textbook/TCPServer.py' }, []);
    expect(g.check('server-binds').status).toBe('passed');
    expect(g.result.environment.port.used).toBe(12000);
    expect(g.code).toBe(0);
  });

  it('runs the demo: textbook pairs at full marks, the faulty programs failing with a hint', async () => {
    const run = await cli(['demo', '--no-color']);
    expect(run.stdout.match(/^score .*$/gm)).toEqual([
      expect.stringMatching(/^score 18\/18 · 7 passed · 0 failed · 0 skipped · [\d.]+ s$/),
      expect.stringMatching(/^score 18\/18 · 6 passed · 0 failed · 0 skipped · [\d.]+ s$/),
      expect.stringMatching(/^score 6\/10 · 3 passed · 1 failed · 0 skipped · [\d.]+ s$/),
      expect.stringMatching(/^score 5\/8 · 2 passed · 1 failed · 0 skipped · [\d.]+ s$/),
    ]);
    expect(run.stdout).toContain('      hint      Your client printed a bytes object (b\'...\'): decode the reply before printing it, e.g. print(modifiedMessage.decode()).\n');
    expect(run.stdout).toContain('demo: all 4 gradings came out as expected.\n');
    expect(run.code).toBe(0);
  });
});
