// The github reporter: student output fenced from workflow commands, annotation data escaped, the
// score as step outputs, the job summary under GitHub's limit.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { check, read, tempDir } from './helpers.js';
import { renderGithubLog, renderGithubSummary, MAX_ERROR_ANNOTATIONS } from '../../harness/reporters/github.js';
import { escapeData, escapeProperty } from '../../harness/reporters/github-commands.js';
import type { Result } from '../../harness/result/types.js';

/** Lines the runner would treat as commands: outside any stop-commands fence, starting with `::`. */
function commandsSeen(log: string): string[] {
  const seen: string[] = [];
  let token: string | undefined;
  for (const line of log.split('\n')) {
    if (token) {
      if (line === `::${token}::`) token = undefined;
      continue;
    }
    const stop = /^::stop-commands::(.+)$/.exec(line);
    if (stop) token = stop[1];
    else if (line.startsWith('::')) seen.push(line.slice(0, line.indexOf('::', 2) + 2));
  }
  return seen;
}

async function hostileResult(): Promise<Result> {
  const run = await check('tcp-uppercase', { client: 'hostile/client-prints-fake-result.py' }, ['--format', 'json']);
  return JSON.parse(run.stdout) as Result;
}

describe('the github reporter', () => {
  it("fences a hostile client's output so that only sockgrade's own commands reach the runner", async () => {
    const dir = tempDir();
    const env = { GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md'), GITHUB_OUTPUT: path.join(dir, 'output') };
    writeFileSync(env.GITHUB_OUTPUT, 'earlier=1\n');
    const previous = { ...process.env };
    Object.assign(process.env, env);
    const run = await check('tcp-uppercase', { client: 'hostile/client-prints-fake-result.py' }, ['--format', 'github']).finally(() => {
      process.env = previous;
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::set-output name=score::100');
    expect(commandsSeen(run.stdout)).toEqual(['::group::', '::endgroup::', '::error file=fixtures/programs/hostile/client-prints-fake-result.py,title=sockgrade%3A sends exactly the sentence typed on stdin (0/3)::']);
    expect(run.stdout.split('\n').at(-2)).toBe(
      '::error file=fixtures/programs/hostile/client-prints-fake-result.py,title=sockgrade%3A sends exactly the sentence typed on stdin (0/3)::your client sent over UDP, but this assignment uses TCP%0AHint: Create the client socket with socket(AF_INET, SOCK_STREAM).',
    );
    expect(read(env.GITHUB_OUTPUT)).toBe('earlier=1\nscore=0\nmax-score=8\nstatus=failed\n');
    expect(read(env.GITHUB_STEP_SUMMARY)).toContain('**Score: 0 / 8** · client `fixtures/programs/hostile/client-prints-fake-result.py`');
  });

  it('escapes %, carriage returns and newlines in annotation data, and : and , in properties', async () => {
    expect(escapeData('100% done\r\n::set-output name=score::100')).toBe('100%25 done%0D%0A::set-output name=score::100');
    expect(escapeProperty('a: b, c%')).toBe('a%3A b%2C c%25');
    const result = await hostileResult();
    const first = result.checks[0];
    if (!first) throw new Error('no checks');
    first.message = 'your client printed:\n::set-output name=score::100\r\n::error::injected 100%';
    const log = renderGithubLog(result, 'TOKEN');
    expect(commandsSeen(log)).toHaveLength(3);
    expect(log).toContain('title=sockgrade%3A sends exactly the sentence typed on stdin (0/3)::your client printed:%0A::set-output name=score::100%0D%0A::error::injected 100%25%0AHint:');
    expect(log.split('\n').slice(0, 3)).toEqual(['::group::sockgrade tcp-uppercase: score 0/8', '::stop-commands::TOKEN', '✗ client: sends exactly the sentence typed on stdin  0/3  client-sends-sentence']);
  });

  it(`makes at most ${MAX_ERROR_ANNOTATIONS} error annotations, and masks hidden checks`, async () => {
    const result = await hostileResult();
    const failed = result.checks[0];
    if (!failed) throw new Error('no checks');
    result.checks = Array.from({ length: 14 }, (_, i) => ({ ...failed, id: `c${i}`, hidden: i === 0 }));
    const log = renderGithubLog(result, 'TOKEN');
    expect(log.split('\n').filter((l) => l.startsWith('::error '))).toHaveLength(10);
    expect(log).toContain('title=sockgrade%3A sends exactly the sentence typed on stdin (0/3)::This is a hidden check: its details are shown after grading.\n');
    expect(log).toContain('✗ client: sends exactly the sentence typed on stdin  0/3  c0\n    This is a hidden check: its details are shown after grading.\n✗');
  });

  it("keeps the job summary under GitHub's 1 MiB limit, closing what it cut open", async () => {
    const result = await hostileResult();
    const first = result.checks[0];
    if (!first) throw new Error('no checks');
    first.transcript = Array.from({ length: 20000 }, (_, i) => ({ atMs: i, actor: 'student' as const, kind: 'output' as const, text: `line ${i} ${'x'.repeat(80)}` }));
    const summary = renderGithubSummary(result);
    expect(Buffer.byteLength(summary)).toBeLessThan(1024 * 1024);
    expect(summary.endsWith("```\n\n</details>\n\n*The summary was cut to stay under GitHub's 1 MiB limit; the whole result is in the job log.*\n")).toBe(true);
  });
});
