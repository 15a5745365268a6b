// Hostile and broken submissions: each ends within its budget with the right verdict, and nothing it
// started survives the grading.
import { describe, expect, it } from 'vitest';
import { grade, TEST_SANDBOX } from '../e2e/grade.js';
import { processesTagged, withTag } from './tagged.js';

const namespaced = TEST_SANDBOX !== 'none';

describe('hostile submissions are contained', () => {
  it('ends a server spinning before bind at the start-up budget, leaving nothing behind', async () => {
    const { value: g, tag } = await withTag(() => grade('udp-uppercase', { server: 'hostile/server-infinite-loop-before-bind.py' }));
    expect(g.check('server-binds').message).toMatch(/^your server did not bind UDP port \d+ within 5000 ms \(start-up; instructors: timeouts\.startupMs\)$/);
    expect(g.result.durationMs).toBeLessThan(30_000);
    expect(processesTagged(tag)).toEqual([]);
  });

  it('fails a server that never replies at the exchange budget, leaving nothing behind', async () => {
    const { value: g, tag } = await withTag(() => grade('udp-uppercase', { server: 'hostile/server-sleeps-in-recv.py' }));
    expect(g.statuses()).toEqual({
      'server-binds': 'passed',
      'server-replies-core': 'failed',
      'server-keeps-serving': 'skipped',
      'server-udp-interleaved': 'skipped',
    });
    expect(processesTagged(tag)).toEqual([]);
  });

  it('leaves no double-forked daemon behind', async () => {
    const { value: g, tag } = await withTag(() => grade('udp-uppercase', { server: 'hostile/server-double-fork-daemon.py' }));
    expect(g.result.score).toBe(g.result.maxScore);
    expect(processesTagged(tag)).toEqual([]);
  });

  it('tells a server that binds a fixed other port which port it bound', async () => {
    const g = await grade('udp-uppercase', { server: 'hostile/server-ignores-port.py' }, namespaced ? [] : ['--port', 'auto']);
    const c = g.check('server-binds');
    expect(c.status).toBe('failed');
    if (namespaced) {
      expect(c.message).toBe('your server bound UDP port 12001 instead of port 12000');
      expect(c.hint).toBe('This assignment uses port 12000: set serverPort = 12000.');
    } else {
      expect(c.message).toMatch(/^your server bound UDP port 12001 instead of port (\d+)$/);
      expect(c.hint).toMatch(
        /^--port auto asked for a free port, so sockgrade gave your program port \d+ \(argv\[2\] and SERVER_PORT\), and your server ignored it\. Read the port from sys\.argv\[2\] or os\.environ\['SERVER_PORT'\], defaulting to 12000\.$/,
      );
    }
  });

  it('takes nothing from what a client prints: a fake result, fake score text and workflow commands change nothing', async () => {
    const g = await grade('udp-uppercase', { client: 'hostile/client-prints-fake-result.py' });
    expect([g.result.score, g.result.maxScore, g.result.status]).toEqual([8, 8, 'passed']);
    expect(g.result.checks.map((c) => c.id)).toEqual(['client-sends-sentence', 'client-prints-reply', 'client-exits']);
  });

  it('ends a client spinning without sending at the exchange budget', async () => {
    const { value: g, tag } = await withTag(() => grade('udp-uppercase', { client: 'hostile/client-infinite-loop.py' }));
    expect(g.check('client-sends-sentence').status).toBe('failed');
    expect(g.check('client-sends-sentence').actual).toBe('nothing received; your client was still running and was stopped by sockgrade');
    expect(processesTagged(tag)).toEqual([]);
  });
});
