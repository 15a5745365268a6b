// The table of students: sortable, filterable (by the inline script), one `<tbody>` per student with its drill-down.
import type { BatchEntry } from '../types.js';
import { renderDrilldown } from './drilldown.js';
import { esc, formatMs, formatPercent, formatScore } from './escape.js';
import type { CheckRate, StudentRow, StudentStatus } from './stats.js';

/** How each student status is named in the report. */
export const STATUS_LABEL: Record<StudentStatus, string> = { passed: 'all passed', failed: 'failed', incomplete: 'incomplete', ungraded: 'not graded' };

const COLUMNS = [
  ['student', 'Student'],
  ['score', 'Score'],
  ['status', 'Status'],
  ['checks', 'Checks'],
  ['duration', 'Time'],
] as const;

/**
 * The table's start: the filter controls, the table and its head. A `<tbody>` per student follows
 * (studentBody, in tableOrder, each on its own line), then STUDENT_TABLE_END. Rows carry `data-*`
 * sort keys; ids come from positions only.
 */
export function studentTableStart(rows: StudentRow[], checks: CheckRate[]): string {
  const head = COLUMNS.map(([key, label]) => {
    const sort = key === 'checks' ? '' : ` data-sort="${key}"`;
    const aria = key === 'student' ? ' aria-sort="ascending"' : '';
    return `<th scope="col" class="col-${key}"${aria}>${sort ? `<button type="button"${sort}>${label}<span class="arrow" aria-hidden="true"></span></button>` : label}</th>`;
  }).join('');
  return [controls(checks, rows.length),
    '<table class="students" id="students">',
    '<caption class="sr-only">Students, their scores and statuses; sort by a column header, open a row\'s details for each check</caption>',
    `<thead><tr>${head}</tr></thead>`,
  ].join('\n');
}

/** What closes the table. */
export const STUDENT_TABLE_END = ['</table>', '<p class="empty no-match" hidden>No student matches the filters.</p>'].join('\n');

/**
 * The order of the table's bodies: by name, then by position, exactly as the page's own sort by
 * name orders them (`key` in script.ts: the name in lower case, compared by code unit), so that
 * sorting by name in the page gives back the order it opened with. (Not `localeCompare`: its first
 * call loads the collation tables, ~6 ms at the end of every `grade`.)
 */
export function tableOrder(rows: StudentRow[]): StudentRow[] {
  const keyed = rows.map((row) => ({ row, key: row.student.toLowerCase() }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.row.index - b.row.index));
  return keyed.map((k) => k.row);
}

function controls(checks: CheckRate[], total: number): string {
  const statuses = (Object.keys(STATUS_LABEL) as StudentStatus[]).map((s) => `<option value="${s}">${STATUS_LABEL[s]}</option>`).join('');
  const failed = checks.map((c) => `<option value="${esc(c.id)}">${esc(c.id)}</option>`).join('');
  return [
    '<div class="controls" role="search" aria-label="Filter students">',
    '<div class="field"><label for="filter-text">Search</label><input type="search" id="filter-text" placeholder="student name" autocomplete="off"></div>',
    `<div class="field"><label for="filter-status">Status</label><select id="filter-status"><option value="">any</option>${statuses}</select></div>`,
    `<div class="field"><label for="filter-check">Failed check</label><select id="filter-check"><option value="">any</option>${failed}</select></div>`,
    '<div class="field buttons"><button type="button" id="expand-all">Expand all</button><button type="button" id="collapse-all">Collapse all</button></div>',
    `<p class="shown" id="shown" aria-live="polite">Showing ${total} of ${total} students</p>`,
    '</div>',
  ].join('\n');
}

/** A student's `<tbody>`: the row (from the summary's numbers) and the drill-down (from the full entry). */
export function studentBody(entry: BatchEntry, row: StudentRow): string {
  const i = row.index;
  const score = row.score === null || row.maxScore === null ? '—' : `${formatScore(row.score)} / ${formatScore(row.maxScore)}`;
  const pct = row.percent === null ? '' : `<span class="pct">${formatPercent(row.percent)}</span><span class="minibar" aria-hidden="true"><span style="width:${row.percent.toFixed(1)}%"></span></span>`;
  const c = row.checks;
  const counts = row.status === 'ungraded' ? '—' : [
    `<span class="c passed" title="passed">✓ ${c.passed}</span>`,
    c.failed > 0 ? `<span class="c failed" title="failed">✗ ${c.failed}</span>` : '',
    c.skipped > 0 ? `<span class="c skipped" title="skipped">↷ ${c.skipped}</span>` : '',
    c.errored > 0 ? `<span class="c errored" title="errored, not charged">! ${c.errored}</span>` : '',
  ].join(' ');
  const summary = row.status === 'ungraded' ? 'why it was not graded' : `checks of ${esc(row.student)}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped, ${c.errored} errored`;
  return [
    `<tbody class="student" id="student-${i}" data-index="${i}" data-student="${esc(row.student)}" data-status="${row.status}"` +
      ` data-score="${row.percent === null ? -1 : row.percent.toFixed(4)}" data-points="${row.score ?? ''}" data-max="${row.maxScore ?? ''}"` +
      ` data-duration="${row.durationMs ?? -1}" data-failed="${esc(row.failedChecks.join(' '))}">`,
    `<tr class="main"><th scope="row" class="col-student">${esc(row.student)}</th>`,
    `<td class="col-score"><span class="pts">${score}</span>${pct}</td>`,
    `<td class="col-status"><span class="badge ${row.status}">${STATUS_LABEL[row.status]}</span></td>`,
    `<td class="col-checks">${counts}</td>`,
    `<td class="col-duration num">${row.durationMs === null ? '—' : formatMs(row.durationMs)}</td></tr>`,
    `<tr class="more"><td colspan="${COLUMNS.length}"><details class="drilldown" id="details-${i}"><summary>${summary}</summary>`,
    `<div class="drill">${renderDrilldown(entry, i)}</div></details></td></tr>`,
    '</tbody>',
  ].join('\n');
}
