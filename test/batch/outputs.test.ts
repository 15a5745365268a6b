// The class files are written from summaries: results.jsonl and the report's drill-downs are read back
// from each student's stored files, one at a time, and come out exactly as if every full entry had
// been held; resume reads summaries; merge streams; students sharing a folder name keep their results.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { CLASS, makeClass } from './make-class.js';
import { readEntries, run } from './cli.js';
import { writeAssignment } from './assignment.js';
import { writeFileAtomicStreamed } from '../../harness/batch/atomic.js';
import { mergeResults } from '../../harness/batch/merge.js';
import { BATCH_META_SCHEMA, type BatchMeta } from '../../harness/batch/meta.js';
import { writeOutputs } from '../../harness/batch/outputs.js';
import { REPORT_TEXT_LIMIT, clip } from '../../harness/batch/report/drilldown.js';
import { renderReport } from '../../harness/batch/report-html.js';
import { readStored, studentFolder, writeStudent } from '../../harness/batch/store.js';
import { BATCH_ENTRY_SCHEMA, summarize, type BatchEntry } from '../../harness/batch/types.js';
import { RESULT_SCHEMA, type CheckResult, type Result } from '../../harness/result/types.js';

const GENERATED = '2026-01-15T09:30:00.000Z';
const META: BatchMeta = {
  schema: BATCH_META_SCHEMA,
  assignment: { id: 'lab2-udp', title: 'Lab 2, UDP upper-case', file: '/tmp/lab2-udp.yaml' },
  assignmentHash: 'a'.repeat(64),
  harnessVersion: '0.1.0',
  layout: 'folders',
  roles: [
    { role: 'server', patterns: ['UDPServer.py'] },
    { role: 'client', patterns: ['UDPClient.py'] },
  ],
  ignored: [],
  generatedAt: GENERATED,
};

function check(id: string, status: CheckResult['status'], points: number, extra: Partial<CheckResult> = {}): CheckResult {
  return {
    id,
    title: `the ${id} check`,
    role: 'server',
    group: 'server',
    status,
    score: status === 'passed' ? points : 0,
    maxScore: points,
    hidden: false,
    durationMs: 40,
    transcript: [
      { atMs: 0, actor: 'harness', kind: 'send', text: 'hello world' },
      { atMs: 3, actor: 'student', kind: 'receive', text: status === 'passed' ? 'HELLO WORLD' : 'hello world' },
    ],
    ...(status === 'passed' ? {} : { message: `${id}: the reply was not upper-cased`, expected: 'HELLO WORLD', actual: 'hello world', hint: 'call .upper()' }),
    ...extra,
  };
}

function result(checks: CheckResult[], durationMs: number): Result {
  const errored = checks.some((c) => c.status === 'errored');
  return {
    schema: RESULT_SCHEMA,
    assignment: { id: 'lab2-udp', title: 'Lab 2, UDP upper-case', file: '/tmp/lab2-udp.yaml', transport: 'udp' },
    submission: { server: { file: 'UDPServer.py', command: 'python3 UDPServer.py' } },
    status: errored ? 'errored' : checks.every((c) => c.status === 'passed') ? 'passed' : 'failed',
    score: checks.reduce((s, c) => s + c.score, 0),
    maxScore: checks.reduce((s, c) => s + c.maxScore, 0),
    checks,
    environment: {
      sockgrade: '0.1.0',
      node: 'v20.0.0',
      platform: 'linux-x64',
      sandbox: 'namespace',
      unprotected: [],
      readiness: 'proc',
      port: { assignment: 12000, used: 12000, reason: 'own network namespace' },
      seed: 7,
      runId: 'run',
    },
    startedAt: GENERATED,
    durationMs,
  };
}

function entry(student: string, r: Result | undefined, extra: Partial<BatchEntry> = {}): BatchEntry {
  return {
    schema: BATCH_ENTRY_SCHEMA,
    student,
    source: `${student}/`,
    matched: { server: `${student}/UDPServer.py` },
    contentHash: `hash-of-${student}`,
    assignmentHash: META.assignmentHash,
    harnessVersion: '0.1.0',
    identity: { name: student },
    ...(r ? { result: r } : {}),
    ...extra,
  };
}

/** A small class: passed, failed with a flood of output, errored (with a harness error), and ungraded. */
function classEntries(): BatchEntry[] {
  const flood = 'x'.repeat(REPORT_TEXT_LIMIT * 3);
  return [
    entry('bob', result([check('server-binds', 'passed', 2), check('server-replies', 'passed', 4)], 300)),
    entry('alice', result([check('server-binds', 'passed', 2), check('server-replies', 'failed', 4, { actual: flood })], 500)),
    {
      ...entry('carol', result([check('server-binds', 'errored', 2, { message: 'could not start bwrap' }), check('server-replies', 'skipped', 4, { blockedBy: 'server-binds' })], 200)),
      error: 'some checks could not be run by sockgrade (not the student\'s fault): server-binds',
    },
    entry('dave', undefined, { matched: {}, error: 'no server or client program found' }),
  ];
}

async function tempDir(name: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `sockgrade-${name}-`));
}

describe('class files from summaries', () => {
  test('results.jsonl and report.html read each stored result back, and equal what the full entries give', async () => {
    const out = await tempDir('outputs');
    const entries = classEntries();
    for (const e of entries) await writeStudent(out, e);
    await writeOutputs(out, entries.map(summarize), META);

    const sorted = [...entries].sort((a, b) => (a.student < b.student ? -1 : 1));
    expect(await readFile(path.join(out, 'results.jsonl'), 'utf8')).toBe(sorted.map((e) => `${JSON.stringify(e)}\n`).join(''));
    expect(await readFile(path.join(out, 'report.html'), 'utf8')).toBe(renderReport(sorted, { assignment: META.assignment, generatedAt: GENERATED }));
    expect((await readdir(out)).filter((f) => f.startsWith('.sockgrade-tmp-'))).toEqual([]);
  });

  test('a stored grading changed under the run: writing the class files fails naming the folder, and keeps the previous files', async () => {
    const out = await tempDir('outputs-changed');
    const entries = classEntries();
    for (const e of entries) await writeStudent(out, e);
    await writeOutputs(out, entries.map(summarize), META);
    const before = await readFile(path.join(out, 'results.jsonl'), 'utf8');
    const report = await readFile(path.join(out, 'report.html'), 'utf8');
    // Another run graded another submission of alice into the same folder meanwhile.
    await writeStudent(out, { ...(entries[1] as BatchEntry), contentHash: 'hash-of-a-newer-alice' });

    await expect(writeOutputs(out, entries.map(summarize), META)).rejects.toThrow(
      `${path.join(out, 'alice')}: expected the stored grading of "alice", found another grading (were two students given the same results folder, or was the folder changed during the run?)`,
    );
    expect(await readFile(path.join(out, 'results.jsonl'), 'utf8')).toBe(before);
    expect(await readFile(path.join(out, 'report.html'), 'utf8')).toBe(report);
    expect((await readdir(out)).filter((f) => f.startsWith('.sockgrade-tmp-'))).toEqual([]);
  });

  test('a summary keeps what the class files need and nothing of the details', () => {
    const [bob, alice, carol] = classEntries().map(summarize);
    expect(bob?.result).toEqual({
      status: 'passed', score: 6, maxScore: 6, durationMs: 300,
      checks: [
        { id: 'server-binds', title: 'the server-binds check', hidden: false, status: 'passed', score: 2, maxScore: 2, durationMs: 40 },
        { id: 'server-replies', title: 'the server-replies check', hidden: false, status: 'passed', score: 4, maxScore: 4, durationMs: 40 },
      ],
    });
    expect(JSON.stringify(alice)).not.toContain('xxxx');
    expect(carol?.result?.checks).toEqual([
      expect.objectContaining({ id: 'server-binds', status: 'errored', message: 'could not start bwrap' }),
      expect.objectContaining({ id: 'server-replies', status: 'skipped', blockedBy: 'server-binds' }),
    ]);
    expect(carol?.result?.checks[1]).not.toHaveProperty('message');
  });

  test('resume reads summaries of the stored entries: hashes and error, no transcripts', async () => {
    const out = await tempDir('stored');
    for (const e of classEntries()) await writeStudent(out, e);
    await writeFile(path.join(out, 'results.jsonl'), '');
    const stored = await readStored(out);
    expect([...stored.keys()].sort()).toEqual(['alice', 'bob', 'carol', 'dave']);
    expect(stored.get('alice')).toEqual(summarize(classEntries()[1] as BatchEntry));
    expect(stored.get('dave')).toMatchObject({ contentHash: 'hash-of-dave', error: 'no server or client program found' });
    expect(JSON.stringify([...stored.values()])).not.toContain('transcript');
  });

  test('the report shows at most REPORT_TEXT_LIMIT characters of a text; the result keeps all of it', async () => {
    const long = `${'y'.repeat(REPORT_TEXT_LIMIT - 1)}😀tail`;
    expect(clip('short')).toBe('short');
    const clipped = clip(long);
    expect(clipped.startsWith('y'.repeat(REPORT_TEXT_LIMIT - 1))).toBe(true);
    expect(clipped).not.toContain('\uD83D');
    expect(clipped).toContain(`… ${long.length - (REPORT_TEXT_LIMIT - 1)} more characters, not shown here`);
    const html = renderReport(classEntries(), { assignment: META.assignment, generatedAt: GENERATED });
    expect(html).not.toContain('x'.repeat(REPORT_TEXT_LIMIT + 1));
    expect(html).toContain(`${'x'.repeat(REPORT_TEXT_LIMIT)}\n… ${REPORT_TEXT_LIMIT * 2} more characters`);
  });

  test('every student gets a folder of their own: plain ids as they are, others made safe and told apart by a hash', () => {
    for (const id of ['alice', 'a.b@uni.edu', 'Alice Adams_101', '李明', 'Zoë Smith']) expect(studentFolder(id)).toBe(id);
    const folders = ['Zoë/Smith', 'Zoë:Smith', '../etc', '.hidden', 'tab\there', 'x'.repeat(200)].map(studentFolder);
    expect(folders.map((f) => f.replace(/-[0-9a-f]{8}$/, '-HASH'))).toEqual(['Zoë_Smith-HASH', 'Zoë_Smith-HASH', '__etc-HASH', '_hidden-HASH', 'tab_here-HASH', `${'x'.repeat(100)}-HASH`]);
    expect(new Set(folders).size).toBe(folders.length);
    expect(studentFolder('Zoë/Smith')).toBe(folders[0]);
  });

  test('a real class with two names that make the same safe name: both are graded, reported and resumed', { timeout: 120_000 }, async () => {
    const alice = CLASS.find((s) => s.key === 'alice');
    const carol = CLASS.find((s) => s.key === 'carol');
    if (!alice || !carol) throw new Error('CLASS changed');
    const dir = await makeClass('folders', [{ ...alice, key: '李明' }, { ...carol, key: '王芳' }]);
    const out = await tempDir('shared-run');
    const assignment = await writeAssignment();
    const scores = async (): Promise<Record<string, string>> =>
      Object.fromEntries((await readEntries(out)).map((e) => [e.student, `${e.result?.score}/${e.result?.maxScore} ${e.result?.submission.server?.file}`]));
    const want = { 李明: '18/18 李明/UDPServer.py', 王芳: '14/18 王芳/UDPServer.py' };
    expect((await run(['grade', assignment, dir, '-o', out])).code).toBe(0);
    expect(await scores()).toEqual(want);
    const again = await run(['grade', assignment, dir, '-o', out]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('sockgrade: grading 0 submissions (2 unchanged since the last run, kept)');
    expect(await scores()).toEqual(want);
  });

  test('merge reads results.jsonl line by line: the later folder wins, the output is the same as a grade of the union', async () => {
    const [bob, alice, carol, dave] = classEntries() as [BatchEntry, BatchEntry, BatchEntry, BatchEntry];
    const one = await tempDir('merge-1');
    const two = await tempDir('merge-2');
    for (const [dir, list] of [[one, [bob, alice]], [two, [carol, dave, { ...alice, contentHash: 'resubmitted' }]]] as const) {
      for (const e of list) await writeStudent(dir, e);
      await writeOutputs(dir, list.map(summarize), META);
    }
    const merged = await tempDir('merged');
    let stderr = '';
    const outcome = await mergeResults([one, two], merged, { stdout: { write: () => {} }, stderr: { write: (s: string) => (stderr += s) } });
    expect(outcome.code).toBe(3);
    expect(stderr).toContain(`sockgrade merge: alice is in more than one folder with different submissions; keeping the one from ${two}\n`);
    expect(outcome.entries.map((e) => [e.student, e.contentHash])).toEqual([['alice', 'resubmitted'], ['bob', 'hash-of-bob'], ['carol', 'hash-of-carol'], ['dave', 'hash-of-dave']]);
    const expected = [{ ...alice, contentHash: 'resubmitted' }, bob, carol, dave];
    expect(await readFile(path.join(merged, 'results.jsonl'), 'utf8')).toBe(expected.map((e) => `${JSON.stringify(e)}\n`).join(''));
    const report = await readFile(path.join(merged, 'report.html'), 'utf8');
    const generatedAt = (JSON.parse(await readFile(path.join(merged, 'batch.json'), 'utf8')) as BatchMeta).generatedAt;
    expect(report).toBe(renderReport(expected, { assignment: META.assignment, generatedAt }));
  });

  test('a streamed atomic write that fails leaves the previous file and no temp file', async () => {
    const dir = await tempDir('atomic');
    const file = path.join(dir, 'results.jsonl');
    await writeFile(file, 'before\n');
    await expect(
      writeFileAtomicStreamed(file, async (sink) => {
        for (let i = 0; i < 10_000; i++) await sink.write(`${'line '.repeat(20)}${i}\n`);
        throw new Error('stopped');
      }),
    ).rejects.toThrow('stopped');
    expect(await readFile(file, 'utf8')).toBe('before\n');
    expect(await readdir(dir)).toEqual(['results.jsonl']);
    await writeFileAtomicStreamed(file, async (sink) => {
      for (let i = 0; i < 10_000; i++) await sink.write(`${i}\n`);
    });
    expect((await readFile(file, 'utf8')).split('\n')).toHaveLength(10_001);
    await rm(dir, { recursive: true, force: true });
  });
});
