// `--reporter` on the command line: several at once, unknown names and bad specs as usage errors,
// and one failing reporter never losing another's output.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { check, read, tempDir, validateJUnit } from './helpers.js';
import { gradescopeErrors } from './gradescope-schema.js';

describe('choosing reporters', () => {
  it('writes several reports from one grading, with the terminal on stdout', async () => {
    const dir = tempDir();
    const run = await check('udp-uppercase', { server: 'faulty/udp-server-does-not-uppercase.py' }, [
      '--reporter', `junit=${dir}/junit.xml`, '--reporter', `gradescope=${dir}/results.json`, '--reporter', `tap=${dir}/out.tap`, '--reporter', `markdown=${dir}/feedback.md`, '--reporter', `json=${dir}/result.json`,
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('score 6/12 · 3 passed · 1 failed · 4 skipped');
    expect((await validateJUnit(`${dir}/junit.xml`)).code).toBe(0);
    expect(gradescopeErrors(JSON.parse(read(`${dir}/results.json`)))).toEqual([]);
    expect(read(`${dir}/out.tap`).startsWith('TAP version 14\n1..8\n')).toBe(true);
    expect(read(`${dir}/feedback.md`).split('\n').slice(0, 3)).toEqual(['# UDP upper-case client and server (textbook §2.7)', '', '**Score: 6 / 12** · server `fixtures/programs/faulty/udp-server-does-not-uppercase.py`']);
    expect(JSON.parse(read(`${dir}/result.json`))).toMatchObject({ schema: 'sockgrade/result@1', score: 6, maxScore: 12 });
  });

  it('prints a reporter named without a file on stdout instead of the terminal', async () => {
    const run = await check('udp-uppercase', { server: 'styles/udp-server.py' }, ['--reporter', 'tap']);
    expect(run.stdout.startsWith('TAP version 14\n')).toBe(true);
    expect(run.code).toBe(0);
  });

  it('names an unknown reporter and lists the known ones, exit 2', async () => {
    const run = await check('udp-uppercase', { server: 'styles/udp-server.py' }, ['--reporter', 'xml=out.xml']);
    expect(run.stderr).toBe('sockgrade: --reporter: unknown reporter "xml"; known: github, gradescope, json, junit, markdown, tap, terminal\n');
    expect(run.code).toBe(2);
  });

  it('refuses an empty file name, exit 2', async () => {
    const run = await check('udp-uppercase', { server: 'styles/udp-server.py' }, ['--reporter', 'junit=']);
    expect(run.stderr).toBe('sockgrade: --reporter: expected NAME or NAME=FILE, got "junit="\n');
    expect(run.code).toBe(2);
  });

  it('refuses two reporters on stdout, exit 2', async () => {
    const run = await check('udp-uppercase', { server: 'styles/udp-server.py' }, ['--format', 'json', '--reporter', 'tap']);
    expect(run.stderr).toBe('sockgrade: --reporter: only one reporter can write to stdout, got json and tap; give the others a file (NAME=FILE)\n');
    expect(run.code).toBe(2);
  });

  it('refuses two reporters writing the same file, exit 2', async () => {
    const run = await check('udp-uppercase', { server: 'styles/udp-server.py' }, ['--reporter', 'tap=x.out', '--reporter', 'junit=x.out']);
    expect(run.stderr).toBe('sockgrade: --reporter: two reporters write to x.out\n');
    expect(run.code).toBe(2);
  });

  it("still writes every other report when one reporter fails, and exits 3 naming the failure", async () => {
    const dir = tempDir();
    const blocked = path.join(dir, 'not-a-folder');
    writeFileSync(blocked, 'a file where a folder should be\n');
    const run = await check('udp-uppercase', { server: 'styles/udp-server.py' }, ['--reporter', `tap=${blocked}/out.tap`, '--reporter', `junit=${dir}/junit.xml`, '--format', 'json']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(new RegExp(`^sockgrade: reporter failed: tap=${blocked}/out.tap: onRunEnd: EEXIST: file already exists, mkdir '${blocked}'\\n$`));
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'passed' });
    expect((await validateJUnit(`${dir}/junit.xml`)).code).toBe(0);
  });
});
