// The results folder, one sub-folder per student: result.json, feedback.md, and entry.json (the batch
// entry without its result), written last, so a stored grading counts only once it is complete.
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Result } from '../result/types.js';
import { renderMarkdown } from '../reporters/markdown.js';
import { writeFileAtomic } from './atomic.js';
import { BATCH_ENTRY_SCHEMA, type BatchEntry } from './types.js';

/** The folder name of a student's results: the id with anything unusual in a file name replaced. */
export function studentFolder(student: string): string {
  const safe = student.replace(/[^A-Za-z0-9._@-]+/g, '_').replace(/^\.+/, '_');
  return safe.length > 0 ? safe.slice(0, 120) : '_';
}

/** Writes a student's files: result.json and feedback.md (or removes them when there is no result), then entry.json. */
export async function writeStudent(outDir: string, entry: BatchEntry): Promise<void> {
  const dir = path.join(outDir, studentFolder(entry.student));
  await mkdir(dir, { recursive: true });
  const { result, ...rest } = entry;
  if (result) {
    await writeFileAtomic(path.join(dir, 'result.json'), `${JSON.stringify(result, null, 2)}\n`);
    await writeFileAtomic(path.join(dir, 'feedback.md'), renderMarkdown(result, { maskHidden: true }));
  } else {
    await rm(path.join(dir, 'result.json'), { force: true });
    await rm(path.join(dir, 'feedback.md'), { force: true });
  }
  await writeFileAtomic(path.join(dir, 'entry.json'), `${JSON.stringify(rest, null, 2)}\n`);
}

/** Reads every complete stored entry of a results folder, by student id. */
export async function readStored(outDir: string): Promise<Map<string, BatchEntry>> {
  const out = new Map<string, BatchEntry>();
  const dirs = await readdir(outDir, { withFileTypes: true }).catch(() => []);
  for (const d of dirs) {
    if (!d.isDirectory()) continue;
    const entry = await readStudent(path.join(outDir, d.name));
    if (entry) out.set(entry.student, entry);
  }
  return out;
}

/** A student folder's entry with its result attached; undefined when incomplete or unreadable. */
export async function readStudent(dir: string): Promise<BatchEntry | undefined> {
  const entry = await readJson(path.join(dir, 'entry.json'));
  if (!isEntry(entry)) return undefined;
  const result = await readJson(path.join(dir, 'result.json'));
  return isResult(result) ? { ...entry, result } : entry;
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
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
