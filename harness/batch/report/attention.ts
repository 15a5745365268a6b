// "Needs a look": the slowest gradings and the submissions the harness could not fully grade.
import { esc, formatMs } from './escape.js';
import type { ErroringEntry, SlowEntry } from './stats.js';

/** Renders the slowest gradings as an ordered list linking to each student's row. */
export function renderSlowest(slow: SlowEntry[]): string {
  if (slow.length === 0) return '<p class="empty">No gradings.</p>';
  const items = slow.map((s) => {
    const check = s.slowestCheck ? `<span class="sub">slowest check <code>${esc(s.slowestCheck.id)}</code>, ${formatMs(s.slowestCheck.durationMs)}</span>` : '';
    return `<li data-student-index="${s.index}"><a href="#student-${s.index}">${esc(s.student)}</a> <span class="num">${formatMs(s.durationMs)}</span>${check}</li>`;
  });
  return `<ol class="slowest">${items.join('\n')}</ol>`;
}

/** Renders the submissions with harness errors or errored checks (never charged to the student). */
export function renderErroring(list: ErroringEntry[]): string {
  if (list.length === 0) return '<p class="empty ok">None: every submission was graded completely.</p>';
  const items = list.map(
    (e) =>
      `<li data-student-index="${e.index}"><a href="#student-${e.index}">${esc(e.student)}</a><ul>${e.problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul></li>`,
  );
  return `<ul class="erroring">${items.join('\n')}</ul><p class="note">Nothing here is charged to the student: fix the cause and grade these again.</p>`;
}
