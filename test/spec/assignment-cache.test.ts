// Assignments already validated by this build are taken from the cache (spec/assignment-cache.ts):
// the same object as validating them again, used only for the very same text, never for a file with
// mistakes, and not at all with SOCKGRADE_CACHE=off.
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ASSIGNMENTS_DIR, bundledIds, loadAssignment } from '../../harness/cli/catalog.js';
import { assignmentCacheFile, loadAssignmentCached } from '../../harness/spec/assignment-cache.js';
import { loadAssignmentFile } from '../../harness/spec/load.js';

let work: string;
let saved: { XDG_CACHE_HOME?: string; SOCKGRADE_CACHE?: string };

beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), 'assignment-cache-'));
  saved = { XDG_CACHE_HOME: process.env.XDG_CACHE_HOME, SOCKGRADE_CACHE: process.env.SOCKGRADE_CACHE };
  process.env.XDG_CACHE_HOME = path.join(work, 'cache');
  delete process.env.SOCKGRADE_CACHE;
});

afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const lab = (title: string): string => readFileSync(path.join(ASSIGNMENTS_DIR, 'udp-uppercase.yaml'), 'utf8').replace(/^title: .*$/m, `title: ${title}`);

describe('the assignment cache', () => {
  test.each(bundledIds())('%s: the kept assignment is the one validation gives', async (id) => {
    const file = path.join(ASSIGNMENTS_DIR, `${id}.yaml`);
    const fresh = await loadAssignmentFile(file);
    const first = await loadAssignmentCached(file);
    const kept = assignmentCacheFile(readFileSync(file, 'utf8'));
    expect(kept !== undefined && existsSync(kept)).toBe(true);
    const second = await loadAssignmentCached(file);
    expect(first).toEqual(fresh);
    expect(second).toEqual(fresh);
  });

  test('is used for the same text only: a changed byte is validated again', async () => {
    const file = path.join(work, 'lab2.yaml');
    writeFileSync(file, lab('Lab 2'));
    expect((await loadAssignmentCached(file)).assignment.title).toBe('Lab 2');
    // What is kept is what is used: plant another title under the same text's key.
    const kept = assignmentCacheFile(lab('Lab 2')) as string;
    writeFileSync(kept, readFileSync(kept, 'utf8').replace('"title":"Lab 2"', '"title":"from the cache"'));
    expect((await loadAssignmentCached(file)).assignment.title).toBe('from the cache');
    expect((await loadAssignment(file, undefined, { cached: true })).assignment.title).toBe('from the cache');
    expect((await loadAssignment(file)).assignment.title).toBe('Lab 2'); // validate, gradescope: never the cache
    writeFileSync(file, `${lab('Lab 2')}\n`); // one byte more
    expect((await loadAssignmentCached(file)).assignment.title).toBe('Lab 2');
    process.env.SOCKGRADE_CACHE = 'off';
    writeFileSync(file, lab('Lab 2'));
    expect((await loadAssignmentCached(file)).assignment.title).toBe('Lab 2');
  });

  test('a file with mistakes is reported as always, and nothing is kept for it', async () => {
    const file = path.join(work, 'bad.yaml');
    writeFileSync(file, lab('Lab 2').replace(/^transport: .*$/m, 'transport: sctp'));
    await expect(loadAssignmentCached(file)).rejects.toThrow(`${file}:7: transport: expected "udp" or "tcp", got "sctp"`);
    expect(existsSync(path.join(work, 'cache', 'sockgrade', 'assignments')) ? readdirSync(path.join(work, 'cache', 'sockgrade', 'assignments')) : []).toEqual([]);
    await expect(loadAssignmentCached(path.join(work, 'missing.yaml'))).rejects.toThrow('cannot read the assignment file (ENOENT)');
  });

  test('a damaged entry is validated again and replaced', async () => {
    const file = path.join(work, 'lab2.yaml');
    writeFileSync(file, lab('Lab 2'));
    await loadAssignmentCached(file);
    const kept = assignmentCacheFile(lab('Lab 2')) as string;
    writeFileSync(kept, '{"schema": "sockgrade/assignment@1"');
    expect((await loadAssignmentCached(file)).assignment.title).toBe('Lab 2');
    expect(JSON.parse(readFileSync(kept, 'utf8'))).toMatchObject({ title: 'Lab 2' });
  });
});
