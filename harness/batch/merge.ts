// `sockgrade merge`: combine the results folders of shards (or of separate runs) of one assignment
// into one: per-student files, results.jsonl and the class files, rebuilt from the entries.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CommandIO } from '../cli/check-command.js';
import { UsageError } from '../spec/errors.js';
import { readMeta, type BatchMeta } from './meta.js';
import { OUTPUT_FILES, writeOutputs } from './outputs.js';
import { writeStudent } from './store.js';
import { BATCH_ENTRY_SCHEMA, type BatchEntry } from './types.js';

/** Merges `dirs` into `out`; resolves with the exit code (0, or 3 when some entries carry a harness error). Throws UsageError for folders that do not belong together. */
export async function mergeResults(dirs: string[], out: string, io: CommandIO): Promise<{ code: number; entries: BatchEntry[] }> {
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
  const byStudent = new Map<string, BatchEntry>();
  for (const [i, dir] of dirs.entries()) {
    for (const entry of await readJsonl(path.join(dir, OUTPUT_FILES.jsonl))) {
      const previous = byStudent.get(entry.student);
      if (previous && previous.contentHash !== entry.contentHash) {
        io.stderr.write(`sockgrade merge: ${entry.student} is in more than one folder with different submissions; keeping the one from ${dir}\n`);
      }
      byStudent.set(entry.student, entry);
    }
    if (metas[i]?.harnessVersion !== first.harnessVersion) io.stderr.write(`sockgrade merge: ${dir} was graded by sockgrade ${metas[i]?.harnessVersion}, ${dirs[0]} by ${first.harnessVersion}\n`);
  }
  await mkdir(out, { recursive: true });
  const entries = [...byStudent.values()];
  for (const entry of entries) await writeStudent(out, entry);
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

async function readJsonl(file: string): Promise<BatchEntry[]> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UsageError(`merge: ${file}: no such file (was the grading of that folder finished?)`);
  });
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const value = JSON.parse(line) as unknown;
      if (typeof value !== 'object' || value === null || (value as Record<string, unknown>).schema !== BATCH_ENTRY_SCHEMA) {
        throw new UsageError(`merge: ${file}:${i + 1}: not a sockgrade batch entry`);
      }
      return value as BatchEntry;
    });
}
