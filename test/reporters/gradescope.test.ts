// The gradescope reporter: results.json of real gradings, validated against a JSON Schema written
// from Gradescope's specification; hidden checks' visibility; a harness error leaves no file.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { check, read, tempDir } from './helpers.js';
import { gradescopeErrors } from './gradescope-schema.js';
import { renderGradescope, renderProvisional, type GradescopeResults } from '../../harness/reporters/gradescope.js';
import type { Result } from '../../harness/result/types.js';

async function gradescope(roles: { server?: string; client?: string }, extra: string[] = []): Promise<{ code: number; file: string; stdout: string }> {
  const file = path.join(tempDir(), 'results', 'results.json');
  const run = await check('udp-uppercase', roles, ['--reporter', `gradescope=${file}`, ...extra]);
  return { code: run.code, file, stdout: run.stdout };
}

describe('the gradescope reporter', () => {
  it('gives the textbook pair full marks in a valid results.json, and keeps the terminal on stdout', async () => {
    const run = await gradescope({ server: 'textbook/UDPServer.py', client: 'textbook/UDPClient.py' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('score 20/20');
    const results = JSON.parse(read(run.file)) as GradescopeResults;
    expect(gradescopeErrors(results)).toEqual([]);
    expect(results.score).toBe(20);
    expect(results.tests.map((t) => [t.number, t.status, t.score, t.max_score])).toEqual([
      ['1.1', 'passed', 2, 2], ['1.2', 'passed', 4, 4], ['1.3', 'passed', 0.5, 0.5], ['1.4', 'passed', 0.5, 0.5],
      ['1.5', 'passed', 0.5, 0.5], ['1.6', 'passed', 0.5, 0.5], ['1.7', 'passed', 2, 2], ['1.8', 'passed', 2, 2],
      ['2.1', 'passed', 3, 3], ['2.2', 'passed', 3, 3], ['2.3', 'passed', 2, 2],
    ]);
    expect(results.output.replace(/seed \d+/, 'seed N')).toBe(
      '**Score: 20 / 20** · server `fixtures/programs/textbook/UDPServer.py` · client `fixtures/programs/textbook/UDPClient.py`\n\n<sub>sockgrade 0.1.0 · ' +
        `${results.extra_data.sockgrade.sandbox === 'namespace' ? 'isolated' : 'not isolated'} · seed N</sub>`,
    );
    expect(results).toMatchObject({ output_format: 'md', stdout_visibility: 'hidden', extra_data: { sockgrade: { version: '0.1.0', assignment: 'udp-uppercase', status: 'passed', complete: true } } });
    expect(Object.keys(results.extra_data.sockgrade)).toEqual(['version', 'assignment', 'status', 'complete', 'sandbox', 'seed', 'runId']);
  });

  it('scores a faulty server by the checks it passed and tells the student what went wrong', async () => {
    const run = await gradescope({ server: 'faulty/udp-server-does-not-uppercase.py' });
    expect(run.code).toBe(1);
    const results = JSON.parse(read(run.file)) as GradescopeResults;
    expect(gradescopeErrors(results)).toEqual([]);
    expect(results.score).toBe(6);
    const core = results.tests[1];
    expect(core).toMatchObject({
      name: 'server: replies to each core sentence with the sentence in upper case',
      number: '1.2',
      score: 0,
      max_score: 4,
      status: 'failed',
      tags: ['server', 'core', 'server-replies-core'],
      visibility: 'visible',
    });
    expect(core?.output.split('\n').slice(0, 5)).toEqual([
      'for the sentence "hello world" your server replied "hello world"; expected the sentence in upper case',
      'expected  "HELLO WORLD"',
      'actual    "hello world"',
      'hint      Your server sent the sentence back unchanged: it must reply with the sentence in upper case.',
      'transcript',
    ]);
    expect(results.tests[2]).toMatchObject({ status: 'failed', score: 0, max_score: 0.5, output: 'skipped: blocked by server-replies-core' });
  });

  it('leaves no results.json when sockgrade could not run a check, so Gradescope records no score', async () => {
    const run = await gradescope({ server: 'styles/udp-server.py' }, ['--server-cmd', 'no-such-python3 {file}']);
    expect(run.code).toBe(3);
    expect(existsSync(run.file)).toBe(false);
  });

  it('shows hidden checks after grades are published, or when the instructor chooses', async () => {
    const run = await check('udp-uppercase', { server: 'faulty/udp-server-does-not-uppercase.py' }, ['--format', 'json']);
    const result = JSON.parse(run.stdout) as Result;
    result.checks = result.checks.map((c) => (c.id === 'server-replies-core' ? { ...c, hidden: true } : c));
    const published = renderGradescope(result, { hiddenVisibility: 'after_published' });
    expect(gradescopeErrors(published)).toEqual([]);
    expect(published.tests.map((t) => t.visibility)).toEqual(['visible', 'after_published', 'visible', 'visible', 'visible', 'visible', 'visible', 'visible']);
    expect(published.output).toContain('\n\n1 hidden check: shown after grading.\n\n');
    expect(renderGradescope(result, { hiddenVisibility: 'after_due_date' }).tests[1]?.visibility).toBe('after_due_date');
  });

  it('writes a valid provisional file for a run that has not finished, scoring only what ran', async () => {
    const run = await check('udp-uppercase', { server: 'faulty/udp-server-does-not-uppercase.py' }, ['--format', 'json']);
    const result = JSON.parse(run.stdout) as Result;
    const planned = result.checks.map(({ id, title, role }) => ({ id, title, role }));
    const provisional = renderProvisional({ planned, done: result.checks.slice(0, 2), startedMs: 0, nowMs: 1234, extra: { assignment: 'udp-uppercase' } }, { hiddenVisibility: 'after_published' });
    expect(gradescopeErrors(provisional)).toEqual([]);
    expect(provisional.score).toBe(2);
    expect(provisional.execution_time).toBe(1.23);
    expect(provisional.tests[2]).toEqual({
      name: 'server: replies correctly to sentences with non-ASCII letters (beyond the textbook)',
      number: '1.3',
      score: 0,
      status: 'failed',
      output: 'not run: the grading stopped before this check (a timeout or crash of the autograder, not a judgement of your program)',
      tags: ['server'],
      visibility: 'visible',
    });
    expect(provisional.output).toBe(
      '⚠️ **Grading did not finish.** This is not your grade: only the checks that ran are scored, and the others are marked *not run*.\n\nPlease ask the course staff to rerun the autograder.',
    );
    expect(provisional.extra_data.sockgrade).toEqual({ assignment: 'udp-uppercase', complete: false });
  });
});
