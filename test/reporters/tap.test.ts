// The tap reporter: TAP 14 of real gradings, read back by tap-parser.
import { describe, expect, it } from 'vitest';
import { Parser } from 'tap-parser';
import { check } from './helpers.js';

describe('the tap reporter', () => {
  it('writes TAP 14 that tap-parser reads as the same verdicts, with the failure as a YAML diagnostic', async () => {
    const run = await check('udp-uppercase', { server: 'faulty/udp-server-does-not-uppercase.py' }, ['--format', 'tap']);
    expect(run.code).toBe(1);
    const parsed = Parser.parse(run.stdout);
    const complete = parsed.find((e) => e[0] === 'complete')?.[1] as { ok: boolean; count: number; pass: number; fail: number; skip: number; failures: unknown[] };
    expect({ ok: complete.ok, count: complete.count, pass: complete.pass, fail: complete.fail, skip: complete.skip, failures: complete.failures.length }).toEqual({ ok: false, count: 8, pass: 7, fail: 1, skip: 4, failures: 1 });
    const failed = parsed.find((e) => e[0] === 'assert' && (e[1] as { ok: boolean }).ok === false)?.[1] as { name: string; diag: Record<string, unknown> };
    expect(failed.name).toBe('server: replies to each core sentence with the sentence in upper case');
    expect(failed.diag).toMatchObject({
      id: 'server-replies-core',
      status: 'failed',
      severity: 'fail',
      points: '0/4',
      message: 'for the sentence "hello world" your server replied "hello world"; expected the sentence in upper case',
      expected: '"HELLO WORLD"',
      actual: '"hello world"',
      hint: 'Your server sent the sentence back unchanged: it must reply with the sentence in upper case.',
    });
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual(['TAP version 14', '1..8', 'ok 1 - server: starts and binds UDP port 12000']);
    expect(lines).toContain('ok 3 - server: replies correctly to sentences with non-ASCII letters (beyond the textbook) # SKIP blocked by server-replies-core');
    expect(lines.at(-2)).toBe('# score 6/12 (failed)');
  });

  it('keeps the stream parseable when a student prints TAP of its own', async () => {
    const run = await check('tcp-uppercase', { client: 'hostile/client-prints-fake-result.py' }, ['--format', 'tap']);
    expect(run.code).toBe(1);
    const parsed = Parser.parse(run.stdout);
    const complete = parsed.find((e) => e[0] === 'complete')?.[1] as { ok: boolean; count: number; fail: number; skip: number };
    expect({ ok: complete.ok, count: complete.count, fail: complete.fail, skip: complete.skip }).toEqual({ ok: false, count: 3, fail: 1, skip: 2 });
    expect(parsed.filter((e) => e[0] === 'extra')).toEqual([]);
  });
});
