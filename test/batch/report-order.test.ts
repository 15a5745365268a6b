// The class report's rows open in the order the page's own sort by name gives (script.ts `key`).
import { expect, test } from 'vitest';
import { tableOrder } from '../../harness/batch/report/student-table.js';
import type { StudentRow } from '../../harness/batch/report/stats.js';

const row = (student: string, index: number): StudentRow => ({
  index,
  student,
  status: 'passed',
  score: 1,
  maxScore: 1,
  percent: 100,
  durationMs: 1,
  checks: { passed: 1, failed: 0, skipped: 0, errored: 0 },
  failedChecks: [],
});

test('by name in lower case, compared by code unit, then by position (as the page sorts by name)', () => {
  const names = ['zoe', 'Émile', 'bob', 'alice', 'Alice', '_x', 'Bob'];
  const ordered = tableOrder(names.map(row)).map((r) => `${r.student}#${r.index}`);
  expect(ordered).toEqual(['_x#5', 'alice#3', 'Alice#4', 'bob#2', 'Bob#6', 'zoe#0', 'Émile#1']);
});
