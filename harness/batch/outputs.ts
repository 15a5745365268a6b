// The class-level files of a results folder, rebuilt from the entries at the end of every run (and by
// merge): results.jsonl, the two gradebooks, matching.txt, batch.json and report.html. All atomic.
import path from 'node:path';
import { writeFileAtomic } from './atomic.js';
import { canvasGradebook, classMaxScore, moodleGradebook } from './gradebook.js';
import { renderMatching } from './matching.js';
import { renderReport } from './report-html.js';
import type { BatchMeta } from './meta.js';
import type { BatchEntry } from './types.js';

/** Names of the class-level files. */
export const OUTPUT_FILES = {
  jsonl: 'results.jsonl',
  canvas: 'gradebook-canvas.csv',
  moodle: 'gradebook-moodle.csv',
  matching: 'matching.txt',
  meta: 'batch.json',
  report: 'report.html',
} as const;

/** Writes every class-level file for `entries` (sorted by student). */
export async function writeOutputs(outDir: string, entries: BatchEntry[], meta: BatchMeta): Promise<void> {
  const sorted = [...entries].sort((a, b) => (a.student < b.student ? -1 : a.student > b.student ? 1 : 0));
  const max = classMaxScore(sorted);
  await writeFileAtomic(path.join(outDir, OUTPUT_FILES.jsonl), sorted.map((e) => `${JSON.stringify(e)}\n`).join(''));
  await writeFileAtomic(path.join(outDir, OUTPUT_FILES.canvas), canvasGradebook(sorted, meta.assignment, max));
  await writeFileAtomic(path.join(outDir, OUTPUT_FILES.moodle), moodleGradebook(sorted, max));
  await writeFileAtomic(path.join(outDir, OUTPUT_FILES.matching), renderMatching(sorted, meta));
  await writeFileAtomic(path.join(outDir, OUTPUT_FILES.meta), `${JSON.stringify(meta, null, 2)}\n`);
  await writeFileAtomic(path.join(outDir, OUTPUT_FILES.report), renderClassReport(sorted, meta));
}

/** report.html, rendered by the class report module (report-html.ts) — the one call site of renderReport. */
function renderClassReport(entries: BatchEntry[], meta: BatchMeta): string {
  return renderReport(entries, { assignment: { id: meta.assignment.id, title: meta.assignment.title }, generatedAt: meta.generatedAt });
}
