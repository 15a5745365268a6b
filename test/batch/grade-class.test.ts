// Grading a class end to end: real gradings of fixture programs, results.jsonl, both gradebooks, and resume.
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { CLASS, makeClass } from './make-class.js';
import { readEntries, run, scores } from './cli.js';
import { SCORES, writeAssignment } from './assignment.js';


const CANVAS_CSV = `Student,ID,SIS User ID,SIS Login ID,Section,"Lab 2, UDP upper-case"
Points Possible,,,,,18
alice,101,,,,18
bob,102,,,,18
carol,103,,,,14
dave,104,,,,10
erin,105,,,,10
frank,106,,,,0
grace,107,,,,8
heidi,108,,,,18
ivan,109,,,,14
judy,110,,,,15
mallory,111,,,,14
oscar,112,,,,18
`;

const MOODLE_CSV = `Identifier,Full name,Email address,Grade,Maximum Grade,Feedback comments
alice_101,alice,,18,18,18/18: all 7 checks passed.
bob_102,bob,,18,18,18/18: all 7 checks passed.
carol_103,carol,,14,18,14/18: 6 of 7 checks passed. Details are in your feedback file.
dave_104,dave,,10,18,10/18: 4 of 7 checks passed. No client program was found. Details are in your feedback file.
erin_105,erin,,10,18,10/18: 4 of 7 checks passed. Details are in your feedback file.
frank_106,frank,,0,18,0/18: 0 of 7 checks passed. No server program was found. No client program was found. Details are in your feedback file.
grace_107,grace,,8,18,8/18: 3 of 7 checks passed. Details are in your feedback file.
heidi_108,heidi,,18,18,18/18: all 7 checks passed.
ivan_109,ivan,,14,18,14/18: 5 of 7 checks passed. Details are in your feedback file.
judy_110,judy,,15,18,15/18: 6 of 7 checks passed. Details are in your feedback file.
mallory_111,mallory,,14,18,14/18: 6 of 7 checks passed. Details are in your feedback file.
oscar_112,oscar,,18,18,18/18: all 7 checks passed.
`;

describe('sockgrade grade', () => {
  test('grades a Canvas .zip of 12, writes every file, then resumes: unchanged work is kept, a changed submission alone is regraded, --force regrades all', { timeout: 300_000 }, async () => {
    const assignment = await writeAssignment();
    const zip = await makeClass('canvas', CLASS, { zip: true });
    const out = await mkdtemp(path.join(tmpdir(), 'sockgrade-results-'));

    const first = await run(['grade', assignment, zip, '-o', out, '--jobs', '4']);
    expect(first.stderr).toContain('sockgrade: 12 submissions (Canvas export): server file found for 11, client file found for 10 (see matching.txt)\n');
    expect(first.stderr).toContain('sockgrade: 12 graded, 0 kept, in ');
    expect(first.code).toBe(0);
    expect(await scores(out)).toEqual(SCORES);
    expect(await readFile(path.join(out, 'gradebook-canvas.csv'), 'utf8')).toBe(CANVAS_CSV);
    expect(await readFile(path.join(out, 'gradebook-moodle.csv'), 'utf8')).toBe(MOODLE_CSV);
    expect((await readFile(path.join(out, 'matching.txt'), 'utf8')).split('\n').slice(0, 3)).toEqual([
      'lab2-udp: 12 submissions (Canvas export)',
      '',
      'alice_101: server alice_101_5101_UDPServer.py; client alice_101_5101_UDPClient.py',
    ]);
    expect((await readdir(path.join(out, 'dave_104'))).sort()).toEqual(['entry.json', 'feedback.md', 'result.json']);
    const feedback = await readFile(path.join(out, 'dave_104', 'feedback.md'), 'utf8');
    expect(feedback).toContain('**Score: 10 / 18** · server `dave_104_5104_UDPServer.py`');
    expect(feedback).toContain('No client program was found in your submission, so this check could not run: expected a file named UDPClient.py or \\*client\\*.py.');
    expect(await readFile(path.join(out, 'report.html'), 'utf8')).toContain('<html');
    const dave = (await readEntries(out)).find((e) => e.student === 'dave_104');
    expect(dave).toMatchObject({ source: 'dave_104_5104_*', matched: { server: 'dave_104_5104_UDPServer.py' }, missing: ['client'], identity: { name: 'dave', canvasUserId: '104' } });

    const jsonl = await readFile(path.join(out, 'results.jsonl'), 'utf8');
    const report = await readFile(path.join(out, 'report.html'), 'utf8');
    const started = performance.now();
    const again = await run(['grade', assignment, zip, '-o', out]);
    expect(again.stderr).toContain('sockgrade: grading 0 submissions (12 unchanged since the last run, kept)');
    expect(again.stderr).toContain('sockgrade: 0 graded, 12 kept, in ');
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(await readFile(path.join(out, 'gradebook-canvas.csv'), 'utf8')).toBe(CANVAS_CSV);
    // Kept entries are summaries in memory: results.jsonl and the report are read back from the stored files, unchanged.
    expect(await readFile(path.join(out, 'results.jsonl'), 'utf8')).toBe(jsonl);
    const generated = (html: string): string => html.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'DATE');
    expect(generated(await readFile(path.join(out, 'report.html'), 'utf8'))).toBe(generated(report));

    // carol fixes her server: only she is regraded.
    const dir = await makeClass('canvas', CLASS);
    await writeFile(path.join(dir, 'carol_103_5103_UDPServer.py'), await readFile('fixtures/programs/textbook/UDPServer.py'));
    const changed = await run(['grade', assignment, dir, '-o', out]);
    expect(changed.stderr).toContain('sockgrade: grading 1 submission (11 unchanged since the last run, kept)');
    expect(changed.stderr).toContain('[1/1] carol_103: 18/18\n');
    expect(await scores(out)).toEqual({ ...SCORES, carol_103: '18/18' });

    const forced = await run(['grade', assignment, dir, '-o', out, '--force']);
    expect(forced.stderr).toContain('sockgrade: 12 graded, 0 kept, in ');
    expect(await scores(out)).toEqual({ ...SCORES, carol_103: '18/18' });
  });

  test('usage errors exit 2 with one clear line', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'sockgrade-results-'));
    expect(await run(['grade', 'no-such-assignment', out, '-o', out])).toMatchObject({ code: 2, stderr: expect.stringContaining('sockgrade: unknown assignment "no-such-assignment"; bundled: ') });
    expect(await run(['grade', 'udp-uppercase', path.join(out, 'missing'), '-o', out])).toEqual({ code: 2, stdout: '', stderr: `sockgrade: submissions ${path.join(out, 'missing')}: no such folder or .zip file\n` });
    expect(await run(['grade', 'udp-uppercase', out, '-o', out])).toEqual({ code: 2, stdout: '', stderr: `sockgrade: submissions ${out}: no submissions found (expected one folder per student, or a Canvas, Moodle or Gradescope export)\n` });
    expect(await run(['grade', 'udp-uppercase', out, '-o', out, '--shard', '5/4'])).toMatchObject({ code: 2, stderr: 'sockgrade: --shard: expected i/n with 1 ≤ i ≤ n (for example 2/4), got "5/4"\n' });
    expect(await run(['grade', 'udp-uppercase', out, '-o', out, '--jobs', '0'])).toMatchObject({ code: 2, stderr: 'sockgrade: --jobs: expected a positive integer, got "0"\n' });
  });
});

describe('sockgrade grade --fixtures', () => {
  test('grades hidden sentences, masks them in feedback.md, keeps them in result.json, and regrades when the private file changes', { timeout: 300_000 }, async () => {
    const assignment = await writeAssignment();
    const alice = CLASS.find((s) => s.key === 'alice');
    const carol = CLASS.find((s) => s.key === 'carol');
    if (!alice || !carol) throw new Error('CLASS changed');
    const dir = await makeClass('folders', [alice, carol]);
    const out = await mkdtemp(path.join(tmpdir(), 'sockgrade-results-'));
    const secret = path.join(path.dirname(assignment), 'private.yaml');
    const privateYaml = (sentence: string) => `schema: sockgrade/fixtures@1\nassignment: lab2-udp\nfixtures:\n  - id: secret\n    points: 2\n    sentences: ["${sentence}"]\n`;
    await writeFile(secret, privateYaml('a hidden sentence'));

    const first = await run(['grade', assignment, dir, '-o', out, '--fixtures', secret]);
    expect(first.code).toBe(0);
    const hidden = (await readEntries(out)).map((e) => [e.student, e.result?.score, e.result?.maxScore, ...(e.result?.checks.filter((c) => c.hidden).map((c) => `${c.id} ${c.status}`) ?? [])]);
    expect(hidden).toEqual([
      ['alice', 22, 22, 'server-replies-secret passed', 'client-handles-secret passed'],
      ['carol', 16, 22, 'server-replies-secret failed', 'client-handles-secret passed'],
    ]);
    const carolResult = JSON.parse(await readFile(path.join(out, 'carol', 'result.json'), 'utf8')) as { checks: { id: string; message?: string }[] };
    expect(carolResult.checks.find((c) => c.id === 'server-replies-secret')?.message).toBe('for the sentence "a hidden sentence" your server replied "a hidden sentence"; expected the sentence in upper case');
    const feedback = await readFile(path.join(out, 'carol', 'feedback.md'), 'utf8');
    expect(feedback).toContain('## ❌ replies to each secret sentence with the sentence in upper case (`server-replies-secret`)\n\nThis is a hidden check: its details are shown after grading.');
    expect(feedback).not.toMatch(/hidden sentence|HIDDEN SENTENCE/);

    expect((await run(['grade', assignment, dir, '-o', out, '--fixtures', secret])).stderr).toContain('sockgrade: grading 0 submissions (2 unchanged since the last run, kept)');
    await writeFile(secret, privateYaml('another hidden sentence'));
    expect((await run(['grade', assignment, dir, '-o', out, '--fixtures', secret])).stderr).toContain('sockgrade: grading 2 submissions, ');
  });
});
