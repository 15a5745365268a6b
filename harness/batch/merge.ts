// `sockgrade merge`: combine the results folders of shards (or of separate runs) of one assignment
// into one: per-student files, results.jsonl and the class files, rebuilt from the entries (read from
// each folder's results.jsonl line by line, never a whole file at once).
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import type { CommandIO } from '../cli/check-command.js';
import { UsageError } from '../spec/errors.js';
import { readMeta, type BatchMeta } from './meta.js';
import { OUTPUT_FILES, writeOutputs } from './outputs.js';
import { writeStudent } from './store.js';
import { BATCH_ENTRY_SCHEMA, summarize, type BatchEntry, type EntrySummary } from './types.js';

/** Merges `dirs` into `out`; resolves with the exit code (0, or 3 when some entries carry a harness error). Throws UsageError for folders that do not belong together. */
export async function mergeResults(dirs: string[], out: string, io: CommandIO): Promise<{ code: number; entries: EntrySummary[] }> {
  if (dirs.length === 0) throw new UsageError('merge: give at least one results folder');
  const metas: BatchMeta[] = [];
  for (const dir of dirs) {
    const meta = await readMeta(dir);
    if (!meta) throw new UsageError(`merge: ${dir} is not a sockgrade results folder (it has no ${OUTPUT_FILES.meta}; was \`sockgrade grade\` run with -o ${dir}?)`);
    metas.push(meta);
  }
  const first = metas[0] as BatchMeta;
  metas.forEach((meta, i) => {
    if (meta.assignmentHash !== first.assignmentHash) {
      throw new UsageError(
        `merge: ${dirs[i]} was graded against a different assignment than ${dirs[0]}: ${describe(meta)} vs ${describe(first)}; merge only results of the same assignment file`,
      );
    }
  });
  // First pass: which entry is kept for each student (the last one read), as a summary and where it
  // is; then a second pass writes the kept entries' files, one entry at a time. No full results are held.
  const kept = new Map<string, { summary: EntrySummary; dir: number; line: number }>();
  for (const [i, dir] of dirs.entries()) {
    await forEachEntry(path.join(dir, OUTPUT_FILES.jsonl), (entry, line) => {
      const previous = kept.get(entry.student);
      if (previous && previous.summary.contentHash !== entry.contentHash) {
        io.stderr.write(`sockgrade merge: ${entry.student} is in more than one folder with different submissions; keeping the one from ${dir}\n`);
      }
      kept.set(entry.student, { summary: summarize(entry), dir: i, line });
    });
    if (metas[i]?.harnessVersion !== first.harnessVersion) io.stderr.write(`sockgrade merge: ${dir} was graded by sockgrade ${metas[i]?.harnessVersion}, ${dirs[0]} by ${first.harnessVersion}\n`);
  }
  await mkdir(out, { recursive: true });
  for (const [i, dir] of dirs.entries()) {
    await forEachEntry(path.join(dir, OUTPUT_FILES.jsonl), async (entry, line) => {
      const k = kept.get(entry.student);
      if (k?.dir !== i || k.line !== line) return;
      await writeStudent(out, entry);
    });
  }
  const entries = [...kept.values()].map((k) => k.summary);
  const { shard: _shard, ...rest } = first;
  const meta: BatchMeta = { ...rest, ignored: [...new Set(metas.flatMap((m) => m.ignored))].sort(), generatedAt: new Date().toISOString() };
  await writeOutputs(out, entries, meta);
  const errors = entries.filter((e) => e.error).length;
  io.stderr.write(`sockgrade merge: ${entries.length} submissions from ${dirs.length} folders${errors > 0 ? `, ${errors} with harness errors` : ''}; results in ${out}\n`);
  return { code: errors > 0 ? 3 : 0, entries };
}

function describe(meta: BatchMeta): string {
  return `${meta.assignment.id} (${meta.assignment.file}, sha256 ${meta.assignmentHash.slice(0, 12)})`;
}

/** Calls `each` with every entry of a results.jsonl and its number among the file's non-blank lines, reading line by line. */
async function forEachEntry(file: string, each: (entry: BatchEntry, line: number) => void | Promise<void>): Promise<void> {
  const handle = await open(file).catch(() => {
    throw new UsageError(`merge: ${file}: no such file (was the grading of that folder finished?)`);
  });
  try {
    let n = 0;
    for await (const line of handle.readLines({ encoding: 'utf8' })) {
      if (line.trim() === '') continue;
      n += 1;
      const value = JSON.parse(line) as unknown;
      if (typeof value !== 'object' || value === null || (value as Record<string, unknown>).schema !== BATCH_ENTRY_SCHEMA) {
        throw new UsageError(`merge: ${file}:${n}: not a sockgrade batch entry`);
      }
      await each(value as BatchEntry, n);
    }
  } finally {
    await handle.close();
  }
}
