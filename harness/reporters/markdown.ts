// The markdown reporter: a feedback file a student reads (per-student feedback.md, a CI summary).
import type { CheckResult, Result } from '../result/types.js';
import type { Reporter, TextSink } from './types.js';
import { HIDDEN_NOTE, hiddenAtGradingNote } from './details.js';

/** How much of hidden checks to show. */
export interface MarkdownOptions {
  /** Hide the message, expected/actual and transcript of hidden checks (what a student sees before the due date). */
  maskHidden?: boolean;
}

const MARK = { passed: '✅', failed: '❌', skipped: '⏭️', errored: '⚠️' } as const;

/** Renders a result as Markdown: score, a table of checks, then the details of each check that did not pass. */
export function renderMarkdown(result: Result, options: MarkdownOptions = {}): string {
  const lines: string[] = [];
  const files = Object.entries(result.submission).map(([role, p]) => `${role} \`${p.file}\``);
  lines.push(`# ${escape(result.assignment.title)}`, '');
  lines.push(`**Score: ${fmt(result.score)} / ${fmt(result.maxScore)}** · ${files.join(' · ')}`, '');
  if (result.status === 'errored') lines.push('> ⚠️ Some checks could not be run by sockgrade: this grade is incomplete, and nothing was charged for them.', '');
  lines.push('| | check | points | |', '|---|---|---|---|');
  for (const c of result.checks) {
    const note = c.status === 'skipped' ? `blocked by \`${c.blockedBy ?? '?'}\`` : c.status === 'errored' ? 'not counted against you' : '';
    lines.push(`| ${MARK[c.status]} | ${escape(c.title)}${c.hidden ? ' *(hidden)*' : ''} | ${fmt(c.score)}/${fmt(c.maxScore)} | ${note} |`);
  }
  const hidden = hiddenAtGradingNote(result);
  if (hidden) lines.push('', `*${hidden}*`);
  for (const c of result.checks.filter((x) => x.status === 'failed' || x.status === 'errored')) lines.push('', ...details(c, options));
  lines.push('', `<sub>sockgrade ${result.environment.sockgrade} · ${result.environment.sandbox === 'namespace' ? 'isolated' : 'not isolated'} · seed ${result.environment.seed}</sub>`, '');
  return lines.join('\n');
}

/** Writes the Markdown rendering of the result once it is complete. */
export function markdownReporter(sink: TextSink, options: MarkdownOptions = {}): Reporter {
  return {
    name: 'markdown',
    onRunEnd(result) {
      sink.write(renderMarkdown(result, options));
    },
  };
}

function details(c: CheckResult, options: MarkdownOptions): string[] {
  const out = [`## ${MARK[c.status]} ${escape(c.title)} (\`${c.id}\`)`, ''];
  if (c.hidden && options.maskHidden) return [...out, HIDDEN_NOTE];
  if (c.message) out.push(escape(c.message), '');
  if (c.expected !== undefined || c.actual !== undefined) {
    out.push('```text');
    if (c.expected !== undefined) out.push(...labelled('expected', c.expected));
    if (c.actual !== undefined) out.push(...labelled('actual', c.actual));
    out.push('```', '');
  }
  if (c.hint) out.push(`**Hint:** ${escape(c.hint)}`, '');
  if (c.transcript.length > 0) {
    out.push('<details><summary>transcript</summary>', '', '```text');
    for (const e of c.transcript) out.push(`${String(e.atMs).padStart(6)} ms  ${{ harness: '→', student: '←', sockgrade: '·' }[e.actor]} ${fence(e.text)}`);
    out.push('```', '', '</details>');
  }
  return out;
}

function labelled(label: string, value: string): string[] {
  const [first, ...rest] = fence(value).split('\n');
  return [`${label.padEnd(8)} ${first ?? ''}`, ...rest.map((line) => `${' '.repeat(8)} ${line}`)];
}

/** Student text inside a code block: a line of backticks must not close the fence. */
function fence(text: string): string {
  return text.replace(/```/g, '`\u200b``');
}

/** Markdown-special characters in prose. */
function escape(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, '\\$1');
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}
