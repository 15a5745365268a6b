// `--shard i/n` partitions a class; `sockgrade merge` of the shards equals the unsharded run.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { CLASS, makeClass } from './make-class.js';
import { readEntries, run } from './cli.js';
import { writeAssignment } from './assignment.js';
import { inShard, parseShard } from '../../harness/batch/shard.js';
import type { BatchEntry } from '../../harness/batch/types.js';

/**
 * An entry without what differs between two gradings of the same work: timings, times, run ids, ephemeral
 * ports, and the step-by-step transcripts (a restart or retry may show in one run and not the other).
 */
function timeless(entry: BatchEntry): unknown {
  const text = JSON.stringify(entry, (key, value: unknown) => (key === 'transcript' ? [] : value))
    .replace(/"(durationMs|atMs)":\d+(\.\d+)?/g, '"$1":0')
    .replace(/"(startedAt|runId)":"[^"]*"/g, '"$1":""')
    .replace(/\d+(\.\d+)? ms/g, 'N ms')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
    .replace(/port \d+/g, 'port N')
    .replace(/sockgrade-scratch-\w+/g, 'sockgrade-scratch-X');
  return JSON.parse(text) as unknown;
}

describe('shards and merge', () => {
  test('every student is in exactly one of n shards, whatever n', () => {
    for (const n of [1, 2, 4, 7]) {
      for (const s of CLASS) expect(Array.from({ length: n }, (_, i) => inShard(s.key, { index: i + 1, count: n })).filter(Boolean)).toHaveLength(1);
    }
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
  });

  test('4 shards merged equal the unsharded run (entries minus timings), with the same gradebooks', { timeout: 300_000 }, async () => {
    const assignment = await writeAssignment();
    const dir = await makeClass('moodle', CLASS);
    const base = await mkdtemp(path.join(tmpdir(), 'sockgrade-shards-'));
    const whole = path.join(base, 'whole');
    expect((await run(['grade', assignment, dir, '-o', whole])).code).toBe(0);
    const shards = [1, 2, 3, 4].map((i) => path.join(base, `shard-${i}`));
    const sizes: number[] = [];
    for (const [i, out] of shards.entries()) {
      expect((await run(['grade', assignment, dir, '-o', out, '--shard', `${i + 1}/4`])).code).toBe(0);
      sizes.push((await readEntries(out)).length);
    }
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(12);
    const merged = path.join(base, 'merged');
    const merge = await run(['merge', ...shards, '-o', merged]);
    expect(merge).toEqual({ code: 0, stdout: '', stderr: `sockgrade merge: 12 submissions from 4 folders; results in ${merged}\n` });
    expect((await readEntries(merged)).map(timeless)).toEqual((await readEntries(whole)).map(timeless));
    for (const file of ['gradebook-canvas.csv', 'gradebook-moodle.csv', 'matching.txt']) {
      expect(await readFile(path.join(merged, file), 'utf8')).toBe(await readFile(path.join(whole, file), 'utf8'));
    }
    expect(await readFile(path.join(merged, 'Alice Adams_101', 'feedback.md'), 'utf8')).toBe(await readFile(path.join(whole, 'Alice Adams_101', 'feedback.md'), 'utf8'));
    const moodle = (await readFile(path.join(merged, 'gradebook-moodle.csv'), 'utf8')).split('\n');
    expect(moodle[1]).toBe('Participant 101,Alice Adams,,18,18,18/18: all 7 checks passed.');
  });

  test('merge refuses folders graded against different assignments, and folders that are not results', async () => {
    const base = await mkdtemp(path.join(tmpdir(), 'sockgrade-mismatch-'));
    const a = path.join(base, 'a');
    const b = path.join(base, 'b');
    const dir = await makeClass('folders', CLASS.filter((s) => s.key === 'frank'));
    expect((await run(['grade', await writeAssignment(), dir, '-o', a])).code).toBe(0);
    const other = await writeAssignment('Lab 2, UDP upper-case (resubmission)');
    expect((await run(['grade', other, dir, '-o', b])).code).toBe(0);
    const hash = (p: string): Promise<string> => readFile(path.join(p, 'batch.json'), 'utf8').then((t) => (JSON.parse(t) as { assignmentHash: string; assignment: { file: string } }).assignmentHash.slice(0, 12));
    const fileOf = (p: string): Promise<string> => readFile(path.join(p, 'batch.json'), 'utf8').then((t) => (JSON.parse(t) as { assignment: { file: string } }).assignment.file);
    expect(await run(['merge', a, b, '-o', path.join(base, 'm')])).toEqual({
      code: 2,
      stdout: '',
      stderr: `sockgrade: merge: ${b} was graded against a different assignment than ${a}: lab2-udp (${await fileOf(b)}, sha256 ${await hash(b)}) vs lab2-udp (${await fileOf(a)}, sha256 ${await hash(a)}); merge only results of the same assignment file\n`,
    });
    await writeFile(path.join(base, 'notes.txt'), 'x');
    expect(await run(['merge', a, base, '-o', path.join(base, 'm')])).toEqual({
      code: 2,
      stdout: '',
      stderr: `sockgrade: merge: ${base} is not a sockgrade results folder (it has no batch.json; was \`sockgrade grade\` run with -o ${base}?)\n`,
    });
  });
});
