// The class-level files of a results folder, rebuilt at the end of every run (and by merge):
// results.jsonl, the two gradebooks, matching.txt, batch.json and report.html. All atomic.
// They are built from the entries' summaries; the two that hold full results (results.jsonl, and the
// report's drill-downs) read each student's stored files back in turn and write as they go, so the
// memory they need does not grow with the class.
import path from 'node:path';
import { writeFileAtomic, writeFileAtomicStreamed } from './atomic.js';
import { canvasGradebook, classMaxScore, moodleGradebook } from './gradebook.js';
import { renderMatching } from './matching.js';
import { writeReport } from './report-html.js';
import type { BatchMeta } from './meta.js';
import { readStoredEntry } from './store.js';
import type { BatchEntry, EntrySummary } from './types.js';

/** Names of the class-level files. */
export const OUTPUT_FILES = {
  jsonl: 'results.jsonl',
  canvas: 'gradebook-canvas.csv',
  moodle: 'gradebook-moodle.csv',
  matching: 'matching.txt',
  meta: 'batch.json',
  report: 'report.html',
} as const;

/**
 * Writes every class-level file for `entries` (sorted by student), all at once (each is flushed to
 * the disk before it is renamed into place: the waits overlap). Each entry's full grading is read
 * from its student folder in `outDir` (written by writeStudent), one at a time for each of the two
 * files that hold them.
 */
export async function writeOutputs(outDir: string, entries: EntrySummary[], meta: BatchMeta): Promise<void> {
  const sorted = [...entries].sort((a, b) => (a.student < b.student ? -1 : a.student > b.student ? 1 : 0));
  const load = (e: EntrySummary): BatchEntry => readStoredEntry(outDir, e);
  const max = classMaxScore(sorted);
  const writes = [
    writeFileAtomicStreamed(path.join(outDir, OUTPUT_FILES.jsonl), async (sink) => {
      for (const e of sorted) await sink.write(`${JSON.stringify(load(e))}\n`);
    }),
    writeFileAtomic(path.join(outDir, OUTPUT_FILES.canvas), canvasGradebook(sorted, meta.assignment, max)),
    writeFileAtomic(path.join(outDir, OUTPUT_FILES.moodle), moodleGradebook(sorted, max)),
    writeFileAtomic(path.join(outDir, OUTPUT_FILES.matching), renderMatching(sorted, meta)),
    writeFileAtomic(path.join(outDir, OUTPUT_FILES.meta), `${JSON.stringify(meta, null, 2)}\n`),
    writeClassReport(path.join(outDir, OUTPUT_FILES.report), sorted, meta, load),
  ];
  // Every write settles before the first error (if any) is thrown: none is left running.
  const failed = (await Promise.allSettled(writes)).find((w) => w.status === 'rejected');
  if (failed) throw failed.reason;
}

/** report.html, rendered by the class report module (report-html.ts) — the one call site of writeReport. */
function writeClassReport(file: string, entries: EntrySummary[], meta: BatchMeta, load: (e: EntrySummary) => BatchEntry): Promise<void> {
  return writeReport(file, entries, { assignment: { id: meta.assignment.id, title: meta.assignment.title }, generatedAt: meta.generatedAt }, load);
}
