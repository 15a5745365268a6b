// The score histogram as inline SVG (no script, no external resources), with its counts as text for screen readers.
import { esc } from './escape.js';
import type { Histogram } from './histogram.js';

const W = 1000;
const H = 260;
const PAD = { left: 44, right: 12, top: 22, bottom: 48 };

/** Renders the histogram as a `<figure>` holding an accessible SVG; each bar carries `data-count`. */
export function renderHistogram(h: Histogram, excluded: number): string {
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const top = Math.max(1, ...h.bins.map((b) => b.count));
  const step = niceStep(top);
  const yMax = Math.ceil(top / step) * step;
  const y = (v: number): number => PAD.top + plotH - (v / yMax) * plotH;
  const slot = plotW / Math.max(1, h.bins.length);
  const unit = h.unit === 'points' ? 'points' : 'percent of the maximum';
  const grid: string[] = [];
  for (let v = 0; v <= yMax; v += step) {
    grid.push(`<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v)}" y2="${y(v)}"/>`);
    grid.push(`<text class="tick" x="${PAD.left - 8}" y="${y(v) + 4}" text-anchor="end">${v}</text>`);
  }
  const bars = h.bins.map((b, i) => {
    const x = PAD.left + i * slot + slot * 0.12;
    const w = slot * 0.76;
    const cx = x + w / 2;
    const what = `${b.count} ${b.count === 1 ? 'submission' : 'submissions'} scored ${esc(binText(h, b.label))}`;
    return [
      `<g class="bin" data-label="${esc(b.label)}" data-count="${b.count}">`,
      `<rect class="bar${b.count === 0 ? ' empty' : ''}" x="${r(x)}" y="${r(y(b.count))}" width="${r(w)}" height="${r(PAD.top + plotH - y(b.count))}"><title>${what}</title></rect>`,
      b.count > 0 ? `<text class="count" x="${r(cx)}" y="${r(y(b.count) - 6)}" text-anchor="middle">${b.count}</text>` : '',
      `<text class="tick" x="${r(cx)}" y="${H - PAD.bottom + 16}" text-anchor="middle">${esc(b.label)}</text>`,
      '</g>',
    ].join('');
  });
  const desc = h.bins.filter((b) => b.count > 0).map((b) => `${binText(h, b.label)}: ${b.count}`).join('; ');
  const caption = h.total === 0 ? 'No complete gradings yet.' : `${h.total} complete ${h.total === 1 ? 'grading' : 'gradings'}`;
  const note = excluded > 0 ? ` (${excluded} incomplete or ungraded not shown)` : '';
  return [
    `<figure class="histogram" data-total="${h.total}" data-unit="${h.unit}">`,
    `<svg viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="hist-title hist-desc" preserveAspectRatio="xMidYMid meet">`,
    `<title id="hist-title">Score distribution, in ${unit}</title>`,
    `<desc id="hist-desc">${esc(desc || 'no gradings')}</desc>`,
    ...grid,
    `<line class="axis" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(0)}" y2="${y(0)}"/>`,
    ...bars,
    `<text class="axis-title" x="${PAD.left + plotW / 2}" y="${H - 8}" text-anchor="middle">score (${h.unit === 'points' ? `points out of ${h.maxScore ?? '?'}` : '% of maximum'})</text>`,
    `<text class="axis-title" transform="translate(12 ${PAD.top + plotH / 2}) rotate(-90)" text-anchor="middle">submissions</text>`,
    '</svg>',
    `<figcaption>${caption}${note}.</figcaption>`,
    '</figure>',
  ].join('\n');
}

function binText(h: Histogram, label: string): string {
  return h.unit === 'points' ? `${label} ${label === '1' ? 'point' : 'points'}` : label;
}

/** A tick step of 1, 2 or 5 times a power of ten giving at most ~5 grid lines. */
function niceStep(max: number): number {
  const raw = max / 5;
  const pow = 10 ** Math.floor(Math.log10(Math.max(1, raw)));
  for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return Math.max(1, m * pow);
  return Math.max(1, 10 * pow);
}

function r(n: number): string {
  return String(Math.round(n * 10) / 10);
}
