// Hostile and broken submissions: each ends within its budget with the right verdict, and nothing it
// started survives the grading.
import { describe, expect, it } from 'vitest';
import { chmod, copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { grade, program, TEST_SANDBOX } from '../e2e/grade.js';
import { leftBehind } from './tagged.js';

const namespaced = TEST_SANDBOX !== 'none';

describe('hostile submissions are contained', () => {
  it('ends a server spinning before bind at the start-up budget, leaving nothing behind', async () => {
    const g = await grade('udp-uppercase', { server: 'hostile/server-infinite-loop-before-bind.py' });
    expect(g.check('server-binds').message).toMatch(/^your server did not bind UDP port \d+ within 5000 ms \(start-up; instructors: timeouts\.startupMs\)$/);
    expect(g.result.durationMs).toBeLessThan(30_000);
    expect(leftBehind(g.result)).toEqual([]);
  });

  it('fails a server that never replies at the exchange budget, leaving nothing behind', async () => {
    const g = await grade('udp-uppercase', { server: 'hostile/server-sleeps-in-recv.py' });
    expect(g.coreStatuses()).toEqual({
      'server-binds': 'passed',
      'server-replies-core': 'failed',
      'server-keeps-serving': 'skipped',
      'server-udp-interleaved': 'skipped',
    });
    expect(leftBehind(g.result)).toEqual([]);
  });

  it('leaves no double-forked daemon behind', async () => {
    const g = await grade('udp-uppercase', { server: 'hostile/server-double-fork-daemon.py' });
    expect(g.result.score).toBe(g.result.maxScore);
    expect(leftBehind(g.result)).toEqual([]);
  });

  it('tells a server that binds a fixed other port which port it bound', async () => {
    const g = await grade('udp-uppercase', { server: 'hostile/server-ignores-port.py' }, namespaced ? [] : ['--port', 'auto']);
    const c = g.check('server-binds');
    expect(c.status).toBe('failed');
    if (namespaced) {
      expect(c.message).toBe('your server bound UDP port 12002 instead of port 12000');
      expect(c.hint).toBe('This assignment uses port 12000: set serverPort = 12000.');
    } else {
      expect(c.message).toMatch(/^your server bound UDP port 12002 instead of port (\d+)$/);
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
    const g = await grade('udp-uppercase', { client: 'hostile/client-infinite-loop.py' });
    expect(g.check('client-sends-sentence').status).toBe('failed');
    expect(g.check('client-sends-sentence').actual).toBe('nothing received; your client was still running and was stopped by sockgrade');
    expect(leftBehind(g.result)).toEqual([]);
  });
});

describe('limits and the filesystem', () => {
  it('cuts a 200 MiB stdout flood at the output limit, flags it, and ends the program', async () => {
    const before = process.memoryUsage().rss;
    const g = await grade('udp-uppercase', { server: 'hostile/server-stdout-flood.py' });
    // It serves only after flooding 2 MiB, so it is always cut at 1 MiB before it answers: first in
    // server-binds (often before its bind is seen, a millisecond before the cut) or in the first exchange.
    const flagged = g.result.checks.filter((c) => c.message?.includes('was stopped after writing more than 1 MiB to stdout (output limit)'));
    // Checks that start it again see it flooded again: each flagged check failed.
    expect(['server-binds', 'server-replies-core']).toContain(flagged[0]?.id);
    expect(new Set(flagged.map((c) => c.status))).toEqual(new Set(['failed']));
    if (flagged[0]?.id === 'server-binds') {
      expect(flagged[0].message).toMatch(/^your server was stopped after writing more than 1 MiB to stdout \(output limit\) before sockgrade saw it bind UDP port \d+$/);
    }
    expect(g.result.durationMs).toBeLessThan(30_000);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
    expect(leftBehind(g.result)).toEqual([]);
  });

  it('ends a bounded fork bomb with its grading, leaving no process', async () => {
    const g = await grade('udp-uppercase', { server: 'hostile/server-fork-bomb.py' });
    expect(g.check('server-binds').status).toBe('passed');
    expect(g.result.durationMs).toBeLessThan(30_000);
    expect(leftBehind(g.result)).toEqual([]);
  });

  it(namespaced ? 'keeps a server from reading hidden files or writing outside its scratch copy' : 'cannot keep a server from reading or writing files without a sandbox, and says so', async () => {
    // The secret sits inside sockgrade's own folder (hidden from jailed programs); the write target is a
    // world-writable folder under /tmp (the jail has a fresh /tmp of its own).
    await mkdir('.sockgrade-tmp', { recursive: true });
    const inside = await mkdtemp(path.resolve('.sockgrade-tmp', 'secrets-'));
    const outside = await mkdtemp(path.join(tmpdir(), 'sockgrade-escape-'));
    try {
      await chmod(outside, 0o777);
      await mkdir(path.join(inside, 'submission'));
      await writeFile(path.join(inside, 'secret.txt'), 'the hidden sentences\n', { mode: 0o644 });
      await copyFile(program('hostile/server-reads-secrets.py'), path.join(inside, 'submission', 'server.py'));
      await writeFile(path.join(inside, 'submission', 'canary-paths.txt'), `read=${path.join(inside, 'secret.txt')}\nwrite=${path.join(outside, 'escape.txt')}\n`);
      await chmod(inside, 0o755);
      const g = await grade('udp-uppercase', { server: path.join(inside, 'submission', 'server.py') });
      if (namespaced) {
        expect(Object.values(g.statuses()).every((x) => x === 'passed')).toBe(true);
        expect(existsSync(path.join(outside, 'escape.txt'))).toBe(false);
        expect(await readdir(path.join(inside, 'submission'))).toEqual(['canary-paths.txt', 'server.py']);
        expect(g.result.environment.unprotected).toEqual([]);
      } else {
        expect(g.check('server-replies-core').actual).toBe(
          `"HELLO WORLD [LEAKED: read ${path.join(inside, 'secret.txt')}; write ${path.join(outside, 'escape.txt')}]"`,
        );
        expect(existsSync(path.join(outside, 'escape.txt'))).toBe(true);
        expect(g.result.environment.unprotected).toContain(
          "filesystem: no jail, so student programs can read and write whatever sockgrade's user can (other submissions, results, the harness's files)",
        );
      }
    } finally {
      await rm(inside, { recursive: true, force: true });
      await rm(outside, { recursive: true, force: true });
    }
  });
});
