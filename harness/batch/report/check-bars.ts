// Pass rate per check: a table with one stacked bar per check (passed, failed, skipped, not charged).
import { esc, formatPercent } from './escape.js';
import type { CheckRate } from './stats.js';

const PARTS = [
  ['passed', 'passed'],
  ['failed', 'failed'],
  ['skipped', 'skipped (blocked)'],
  ['notCharged', 'not charged (harness error)'],
] as const;

/** Renders the pass-rate table; each row carries `data-check`, `data-passed`, `data-charged` and `data-rate`. */
export function renderCheckBars(checks: CheckRate[]): string {
  if (checks.length === 0) return '<p class="empty">No checks were run.</p>';
  const rows = checks.map((c) => {
    const total = c.passed + c.failed + c.skipped + c.notCharged;
    const charged = c.passed + c.failed + c.skipped;
    const segs = PARTS.filter(([key]) => c[key] > 0)
      .map(([key, label]) => `<span class="seg ${key}" style="width:${((100 * c[key]) / Math.max(1, total)).toFixed(2)}%" title="${c[key]} ${label}"></span>`)
      .join('');
    const detail = PARTS.filter(([key]) => c[key] > 0 && key !== 'passed').map(([key, label]) => `${c[key]} ${label}`).join(', ');
    return [
      `<tr data-check="${esc(c.id)}" data-passed="${c.passed}" data-charged="${charged}" data-rate="${c.rate === null ? '' : c.rate.toFixed(4)}">`,
      `<th scope="row"><span class="check-title">${esc(c.title)}</span> <code>${esc(c.id)}</code>${c.hidden ? ' <span class="tag">hidden</span>' : ''}</th>`,
      `<td class="rate">${c.rate === null ? '—' : formatPercent(c.rate)}</td>`,
      `<td class="counts">${c.passed} of ${charged} passed${detail ? `<span class="sub">${esc(detail)}</span>` : ''}</td>`,
      `<td class="barcell"><span class="stack" aria-hidden="true">${segs}</span></td>`,
      '</tr>',
    ].join('');
  });
  return [
    '<table class="checks">',
    '<caption class="sr-only">Pass rate of each check</caption>',
    '<thead><tr><th scope="col">check</th><th scope="col" class="rate">pass rate</th><th scope="col">submissions</th><th scope="col"><span class="sr-only">bar</span></th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody>`,
    '</table>',
    `<p class="legend" aria-hidden="true">${PARTS.map(([key, label]) => `<span><span class="swatch ${key}"></span>${label}</span>`).join(' ')}</p>`,
  ].join('\n');
}
