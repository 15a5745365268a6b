// The numbers of the class report, computed from the entries' summaries only (also embedded as JSON).
import type { CheckResult } from '../../result/types.js';
import type { CheckSummary, EntrySummary, ResultSummary } from '../types.js';
import { percentOf, scoreHistogram, type Histogram } from './histogram.js';

/** A student's state in the class: every check passed, some failed, some could not be run, or nothing graded. */
export type StudentStatus = 'passed' | 'failed' | 'incomplete' | 'ungraded';

/** One student as the table shows them. */
export interface StudentRow {
  /** Position in the entries given (ids in the page are derived from it, never from student text). */
  index: number;
  student: string;
  status: StudentStatus;
  score: number | null;
  maxScore: number | null;
  percent: number | null;
  durationMs: number | null;
  checks: Record<CheckResult['status'], number>;
  /** Ids of the checks this student failed. */
  failedChecks: string[];
}

/** How one check went across the class; skipped checks blocked by an errored one are not charged. */
export interface CheckRate {
  id: string;
  title: string;
  hidden: boolean;
  passed: number;
  failed: number;
  skipped: number;
  notCharged: number;
  /** passed / (passed + failed + skipped), in percent; null when no submission was charged for it. */
  rate: number | null;
}

/** A slow grading and its slowest check. */
export interface SlowEntry {
  index: number;
  student: string;
  durationMs: number;
  slowestCheck: { id: string; title: string; durationMs: number } | null;
}

/** A submission the harness could not fully grade: never the student's fault. */
export interface ErroringEntry {
  index: number;
  student: string;
  problems: string[];
}

/** Everything the report shows, as data (`<script type="application/json" id="sockgrade-data">`). */
export interface ReportData {
  schema: 'sockgrade/report-data@1';
  assignment: { id: string; title: string };
  generatedAt: string;
  students: number;
  byStatus: Record<StudentStatus, number>;
  /** Percent statistics over complete gradings (passed or failed) only. */
  meanPercent: number | null;
  medianPercent: number | null;
  histogram: Histogram;
  checks: CheckRate[];
  slowest: SlowEntry[];
  erroring: ErroringEntry[];
  rows: StudentRow[];
}

/** How many of the slowest gradings the report lists. */
export const SLOWEST_COUNT = 5;

/** Computes the report's numbers from the entries (their summaries are enough). */
export function computeReportData(entries: EntrySummary[], meta: { assignment: { id: string; title: string }; generatedAt: string }): ReportData {
  const rows = entries.map(studentRow);
  const byStatus: Record<StudentStatus, number> = { passed: 0, failed: 0, incomplete: 0, ungraded: 0 };
  for (const r of rows) byStatus[r.status] += 1;
  const complete = entries.flatMap((e) => (e.result && e.result.status !== 'errored' ? [e.result] : []));
  const percents = complete.map((r) => percentOf(r.score, r.maxScore)).sort((a, b) => a - b);
  return {
    schema: 'sockgrade/report-data@1',
    assignment: { id: meta.assignment.id, title: meta.assignment.title },
    generatedAt: meta.generatedAt,
    students: entries.length,
    byStatus,
    meanPercent: percents.length === 0 ? null : percents.reduce((a, b) => a + b, 0) / percents.length,
    medianPercent: median(percents),
    histogram: scoreHistogram(complete),
    checks: checkRates(entries.flatMap((e) => (e.result ? [e.result] : []))),
    slowest: slowest(entries),
    erroring: erroring(entries),
    rows,
  };
}

function studentRow(entry: EntrySummary, index: number): StudentRow {
  const r = entry.result;
  const checks = { passed: 0, failed: 0, skipped: 0, errored: 0 };
  for (const c of r?.checks ?? []) checks[c.status] += 1;
  const status: StudentStatus = !r ? 'ungraded' : r.status === 'errored' ? 'incomplete' : r.status;
  return {
    index,
    student: entry.student,
    status,
    score: r ? r.score : null,
    maxScore: r ? r.maxScore : null,
    percent: r ? percentOf(r.score, r.maxScore) : null,
    durationMs: r ? r.durationMs : null,
    checks,
    failedChecks: (r?.checks ?? []).filter((c) => c.status === 'failed').map((c) => c.id),
  };
}

/** Checks of a result that are not charged: errored ones, and those skipped because of them (transitively). */
export function notChargedIds(result: { checks: CheckSummary[] }): Set<string> {
  const byId = new Map(result.checks.map((c) => [c.id, c]));
  const out = new Set<string>();
  const blockedByError = (c: CheckSummary, seen: Set<string>): boolean => {
    if (c.status === 'errored') return true;
    if (c.status !== 'skipped' || c.blockedBy === undefined || seen.has(c.id)) return false;
    const parent = byId.get(c.blockedBy);
    return parent !== undefined && blockedByError(parent, seen.add(c.id));
  };
  for (const c of result.checks) if (blockedByError(c, new Set())) out.add(c.id);
  return out;
}

function checkRates(results: ResultSummary[]): CheckRate[] {
  const rates = new Map<string, CheckRate>();
  for (const result of results) {
    const free = notChargedIds(result);
    for (const c of result.checks) {
      let rate = rates.get(c.id);
      if (!rate) rates.set(c.id, (rate = { id: c.id, title: c.title, hidden: c.hidden, passed: 0, failed: 0, skipped: 0, notCharged: 0, rate: null }));
      if (free.has(c.id)) rate.notCharged += 1;
      else if (c.status !== 'errored') rate[c.status] += 1;
    }
  }
  for (const r of rates.values()) {
    const charged = r.passed + r.failed + r.skipped;
    r.rate = charged === 0 ? null : (100 * r.passed) / charged;
  }
  return [...rates.values()];
}

function slowest(entries: EntrySummary[]): SlowEntry[] {
  const graded = entries.flatMap((e, index) => (e.result ? [{ e, r: e.result, index }] : []));
  graded.sort((a, b) => b.r.durationMs - a.r.durationMs || a.index - b.index);
  return graded.slice(0, SLOWEST_COUNT).map(({ e, r, index }) => {
    const top = [...r.checks].sort((a, b) => b.durationMs - a.durationMs)[0];
    return { index, student: e.student, durationMs: r.durationMs, slowestCheck: top ? { id: top.id, title: top.title, durationMs: top.durationMs } : null };
  });
}

function erroring(entries: EntrySummary[]): ErroringEntry[] {
  return entries.flatMap((e, index) => {
    const problems = [
      ...(e.error !== undefined ? [e.error] : !e.result ? ['not graded'] : []),
      ...(e.result?.checks ?? []).filter((c) => c.status === 'errored').map((c) => `${c.id}: ${c.message ?? 'could not be run'}`),
    ];
    return problems.length > 0 ? [{ index, student: e.student, problems }] : [];
  });
}

function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
