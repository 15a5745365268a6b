// The results folder, one sub-folder per student: result.json, feedback.md, and entry.json (the batch
// entry without its result), written last, so a stored grading counts only once it is complete.
// These files are where a batch's full results live: a run keeps only summaries in memory and reads a
// student's files back, one student at a time, when it writes results.jsonl and the report.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Result } from '../result/types.js';
import { renderMarkdown } from '../reporters/markdown.js';
import { writeFileAtomic } from './atomic.js';
import { BATCH_ENTRY_SCHEMA, joinEntry, summarize, type BatchEntry, type EntrySummary } from './types.js';

/**
 * The folder name of a student's results: the id itself when it makes a plain file name (letters and
 * digits of any script, spaces, `._@,()'-`); otherwise the id with anything else replaced, plus 8 hex
 * digits of its hash, so that two ids never share a folder and the same id always gets the same one.
 */
export function studentFolder(student: string): string {
  const safe = student.replace(/[^\p{L}\p{N} ._@,()'-]+/gu, '_').replace(/^[.\s]+|\s+$/g, '_');
  if (safe === student && safe.length > 0 && safe.length <= 120) return safe;
  return `${safe.slice(0, 100) || '_'}-${createHash('sha256').update(student).digest('hex').slice(0, 8)}`;
}

/** Writes a student's files: result.json and feedback.md (or removes them when there is no result), then entry.json. */
export async function writeStudent(outDir: string, entry: BatchEntry): Promise<void> {
  const dir = path.join(outDir, studentFolder(entry.student));
  mkdirSync(dir, { recursive: true });
  const { result, ...rest } = entry;
  if (result) {
    await writeFileAtomic(path.join(dir, 'result.json'), `${JSON.stringify(result, null, 2)}\n`);
    await writeFileAtomic(path.join(dir, 'feedback.md'), renderMarkdown(result, { maskHidden: true }));
  } else {
    rmSync(path.join(dir, 'result.json'), { force: true });
    rmSync(path.join(dir, 'feedback.md'), { force: true });
  }
  await writeFileAtomic(path.join(dir, 'entry.json'), `${JSON.stringify(rest, null, 2)}\n`);
}

/** The summary of every complete stored entry of a results folder, by student id (one full result in memory at a time). */
export async function readStored(outDir: string): Promise<Map<string, EntrySummary>> {
  const out = new Map<string, EntrySummary>();
  const dirs = await readdir(outDir, { withFileTypes: true }).catch(() => []);
  for (const d of dirs) {
    if (!d.isDirectory()) continue;
    const entry = readStudent(path.join(outDir, d.name));
    if (entry) out.set(entry.student, summarize(entry));
  }
  return out;
}

/**
 * A student folder's entry with its result attached; undefined when incomplete or unreadable. Read
 * with synchronous calls: these are small files (~15 KB), read one student after another when a run
 * starts (to resume) and when it writes results.jsonl and the report at its end, where nothing else
 * waits on the event loop; a promise-based read is four thread-pool round trips per file (open,
 * stat, read, close), awaited in turn: ~25 ms more at the end of a class of 40 (docs/benchmarks-history.md, session 15).
 */
export function readStudent(dir: string): BatchEntry | undefined {
  const entry = readJson(path.join(dir, 'entry.json'));
  if (!isEntry(entry)) return undefined;
  const result = readJson(path.join(dir, 'result.json'));
  return joinEntry(entry, isResult(result) ? result : undefined);
}

/**
 * The full stored entry of `summary`'s student, read back from its folder in `outDir`. Throws when the
 * folder holds no complete entry of that student, or another grading of them (the stored files are the
 * record of a run: a run writes them before it counts a grading).
 */
export function readStoredEntry(outDir: string, summary: EntrySummary): BatchEntry {
  const dir = path.join(outDir, studentFolder(summary.student));
  const entry = readStudent(dir);
  if (!entry || entry.student !== summary.student || entry.contentHash !== summary.contentHash) {
    const found = entry ? (entry.student !== summary.student ? `${JSON.stringify(entry.student)}'s` : 'another grading') : 'no complete entry';
    throw new Error(`${dir}: expected the stored grading of ${JSON.stringify(summary.student)}, found ${found} (were two students given the same results folder, or was the folder changed during the run?)`);
  }
  if ((entry.result === undefined) !== (summary.result === undefined)) {
    throw new Error(`${dir}: the stored grading of ${JSON.stringify(summary.student)} ${entry.result ? 'has' : 'lacks'} a result.json the run did not expect (was the folder changed during the run?)`);
  }
  return entry;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function isEntry(value: unknown): value is BatchEntry {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.schema === BATCH_ENTRY_SCHEMA && typeof v.student === 'string' && typeof v.contentHash === 'string' && typeof v.assignmentHash === 'string' && typeof v.harnessVersion === 'string';
}

function isResult(value: unknown): value is Result {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>).schema === 'sockgrade/result@1';
}
