// A student's drill-down: submission, environment, and every check with verdict, message, expected/actual, hint, transcript.
import type { CheckResult, TranscriptEntry } from '../../result/types.js';
import type { BatchEntry } from '../types.js';
import { esc, formatMs, formatScore } from './escape.js';

const ACTOR = { harness: 'sockgrade →', student: 'student ←', sockgrade: '·' } as const;

/**
 * Most characters of one text (expected, actual, a transcript step) the report shows. Texts of a
 * normal grading are far shorter (the longest fixture line is ~1,600); a program that floods its
 * output could otherwise put hundreds of KiB per student into a page that holds the whole class.
 * The student's result.json and feedback.md keep the whole text.
 */
export const REPORT_TEXT_LIMIT = 4096;

/** `text` cut to REPORT_TEXT_LIMIT characters (never inside a surrogate pair), saying how much was left out. */
export function clip(text: string): string {
  if (text.length <= REPORT_TEXT_LIMIT) return text;
  const cut = /[\uD800-\uDBFF]/.test(text.charAt(REPORT_TEXT_LIMIT - 1)) ? REPORT_TEXT_LIMIT - 1 : REPORT_TEXT_LIMIT;
  return `${text.slice(0, cut)}\n… ${text.length - cut} more characters, not shown here (the student's result.json has all of it)`;
}

/** The inside of a student's `<details>`: everything known about the grading, all of it escaped. */
export function renderDrilldown(entry: BatchEntry, index: number): string {
  const out: string[] = [];
  const facts: [string, string][] = [['source', entry.source]];
  const who = entry.identity;
  if (who?.name !== undefined && who.name !== entry.student) facts.push(['name', who.name]);
  if (who?.sid !== undefined) facts.push(['student id', who.sid]);
  if (who?.late === true) facts.push(['late', 'the export marks this submission late']);
  if (entry.missing && entry.missing.length > 0) facts.push(['missing', `no ${entry.missing.join(' or ')} program found: those checks failed with 0 points`]);
  for (const role of ['server', 'client'] as const) {
    const program = entry.result?.submission[role];
    const matched = entry.matched[role];
    if (program) facts.push([role, `${program.file}  —  ${program.command}`]);
    else if (matched !== undefined) facts.push([role, matched]);
  }
  const env = entry.result?.environment;
  if (env) {
    facts.push(['isolation', env.sandbox === 'namespace' ? 'own namespaces' : `none (unprotected: ${env.unprotected.join('; ') || 'nothing listed'})`]);
    facts.push(['port', `${env.port.used} — ${env.port.reason}`], ['seed', String(env.seed)]);
  }
  if (entry.error !== undefined) out.push(`<p class="harness-error" role="note"><strong>Harness:</strong> ${esc(entry.error)} <em>(not the student's fault)</em></p>`);
  out.push(`<dl class="facts">${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`);
  for (const check of entry.result?.checks ?? []) out.push(renderCheck(check, `s${index}-${check.id}`));
  return out.join('\n');
}

function renderCheck(c: CheckResult, id: string): string {
  const out: string[] = [];
  const hidden = c.hidden ? ' <span class="tag">hidden</span>' : '';
  out.push(`<section class="check is-${c.status}" data-check="${esc(c.id)}" data-status="${c.status}" aria-labelledby="${esc(id)}">`);
  const blocked = c.status === 'skipped' && c.blockedBy !== undefined ? ` · <span class="blocked">blocked by <code>${esc(c.blockedBy)}</code></span>` : '';
  out.push(
    `<h4 id="${esc(id)}"><span class="badge ${c.status}">${c.status}</span> <span class="check-title">${esc(c.title)}</span>${hidden}` +
      ` <span class="meta"><code>${esc(c.id)}</code> · ${formatScore(c.score)}/${formatScore(c.maxScore)} pts · ${formatMs(c.durationMs)}${blocked}</span></h4>`,
  );
  if (c.status === 'errored') out.push('<p class="not-charged">sockgrade could not run this check: not charged to the student.</p>');
  if (c.message !== undefined && !blocked) out.push(`<p class="message">${esc(c.message)}</p>`);
  if (c.expected !== undefined || c.actual !== undefined) {
    out.push('<dl class="io">');
    if (c.expected !== undefined) out.push(`<dt>expected</dt><dd><pre class="expected">${esc(clip(c.expected))}</pre></dd>`);
    if (c.actual !== undefined) out.push(`<dt>actual</dt><dd><pre class="actual">${esc(clip(c.actual))}</pre></dd>`);
    out.push('</dl>');
  }
  if (c.hint !== undefined) out.push(`<p class="hint"><strong>Hint:</strong> ${esc(c.hint)}</p>`);
  if (c.transcript.length > 0) out.push(renderTranscript(c.transcript));
  out.push('</section>');
  return out.join('\n');
}

function renderTranscript(steps: TranscriptEntry[]): string {
  const rows = steps.map(
    (t) =>
      `<tr class="actor-${t.actor}"><td class="num">${t.atMs} ms</td><td class="who">${ACTOR[t.actor]}</td><td class="kind">${esc(t.kind)}</td><td><pre>${esc(clip(t.text))}</pre></td></tr>`,
  );
  return [
    `<details class="transcript"><summary>transcript (${steps.length} ${steps.length === 1 ? 'step' : 'steps'})</summary>`,
    '<table><thead><tr><th scope="col">at</th><th scope="col">who</th><th scope="col">what</th><th scope="col">text</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody></table>`,
    '</details>',
  ].join('');
}
