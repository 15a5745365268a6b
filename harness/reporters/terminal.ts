// The terminal reporter: a verdict per check as it ends, details for what did not pass, and a summary.
import pc from 'picocolors';
import type { CheckResult, Result, TranscriptEntry } from '../result/types.js';
import type { GradingPlan } from '../session/plan.js';
import { fillTemplate } from '../session/command.js';
import type { Reporter, TextSink } from './types.js';
import { HIDDEN_NOTE, hiddenAtGradingNote, visibleCheck } from './details.js';

type Colors = ReturnType<typeof pc.createColors>;

/** Options of the terminal reporter. */
export interface TerminalOptions {
  color: boolean;
  /** Show transcripts of passed checks too. */
  verbose?: boolean;
  /** Show hidden checks' details (by default only their verdict: a terminal may be a student's CI log). */
  showHidden?: boolean;
}

/** Prints the header, each check as it ends, and the summary. */
export function terminalReporter(sink: TextSink, options: TerminalOptions): Reporter {
  const c = pc.createColors(options.color);
  let role = '';
  return {
    name: 'terminal',
    onRunStart({ plan }) {
      sink.write(renderHeader(plan, c));
    },
    onCheckEnd(result) {
      if (result.role !== role) {
        role = result.role;
        sink.write(`\n${c.bold(role)}\n`);
      }
      sink.write(renderCheck(options.showHidden ? result : visibleCheck(result), c, options.verbose ?? false));
    },
    onRunEnd(result) {
      sink.write(renderSummary(result, c));
    },
  };
}

/** The lines naming the assignment, the programs and the port. */
export function renderHeader(plan: GradingPlan, c: Colors): string {
  const lines = [`${c.bold('sockgrade')} · ${plan.assignment.id} · ${plan.assignment.title}`];
  for (const role of ['server', 'client'] as const) {
    const program = plan[role];
    if (program) lines.push(`  ${role.padEnd(6)}  ${program.file}  ${c.dim(`(${fillTemplate(program, { host: plan.clientHost, port: plan.port }).join(' ')})`)}`);
  }
  lines.push(`  ${'port'.padEnd(6)}  ${plan.port} ${c.dim(`(${plan.portReason})`)}`);
  return `${lines.join('\n')}\n`;
}

const MARKS = { passed: '✓', failed: '✗', skipped: '○', errored: '!' } as const;

/** One check: mark, title, points, id; then message, expected/actual, hint and transcript unless it passed. */
export function renderCheck(r: CheckResult, c: Colors, verbose: boolean): string {
  const color = { passed: c.green, failed: c.red, skipped: c.yellow, errored: c.magenta }[r.status];
  const points = `${fmt(r.score)}/${fmt(r.maxScore)}`;
  const status = r.status === 'skipped' ? `skipped, blocked by ${r.blockedBy ?? '?'}` : r.status === 'errored' ? 'errored (not counted against you)' : '';
  let out = `  ${color(MARKS[r.status])} ${r.title}${r.hidden ? c.dim(' (hidden)') : ''}  ${c.dim(points)}  ${c.dim(r.id)}${status ? `  ${color(status)}` : ''}\n`;
  if ((r.status === 'passed' || r.status === 'skipped') && r.message === HIDDEN_NOTE) return out;
  if (r.status === 'passed' && !verbose) return out;
  const field = (label: string, value: string | undefined) => {
    if (value === undefined) return;
    const [first, ...rest] = value.split('\n');
    out += `      ${c.bold(label.padEnd(9))} ${first}\n`;
    for (const line of rest) out += `      ${' '.repeat(9)} ${line}\n`;
  };
  if (r.message && (r.status !== 'skipped' || r.message !== `skipped: ${r.blockedBy} did not pass`)) {
    out += r.message.split('\n').map((line) => `      ${line}\n`).join('');
  }
  field('expected', r.expected);
  field('actual', r.actual);
  if (r.hint) field('hint', c.cyan(r.hint));
  if (r.transcript.length > 0 && r.status !== 'skipped') {
    out += `      ${c.bold('transcript')}\n`;
    for (const entry of r.transcript) out += renderEntry(entry, c);
  }
  return out;
}

function renderEntry(e: TranscriptEntry, c: Colors): string {
  // → what sockgrade did, ← what the student's program did, · what sockgrade observed or decided.
  const arrow = { harness: '→', student: '←', sockgrade: '·' }[e.actor];
  const [first, ...rest] = e.text.split('\n');
  let out = `        ${c.dim(`${String(e.atMs).padStart(6)} ms`)}  ${arrow} ${first}\n`;
  for (const line of rest) out += `        ${' '.repeat(9)}    ${line}\n`;
  return out;
}

/** The closing line: score, counts, duration. */
export function renderSummary(result: Result, c: Colors): string {
  const count = (s: CheckResult['status']) => result.checks.filter((r) => r.status === s).length;
  const parts = [`${count('passed')} passed`, `${count('failed')} failed`, `${count('skipped')} skipped`];
  if (count('errored')) parts.push(`${count('errored')} errored`);
  const score = `score ${fmt(result.score)}/${fmt(result.maxScore)}`;
  const colored = result.status === 'passed' ? c.green(score) : result.status === 'errored' ? c.magenta(score) : c.red(score);
  const note = result.status === 'errored' ? `\n${c.magenta('some checks could not be run by sockgrade: this grade is incomplete and nothing was charged for them')}` : '';
  const hidden = hiddenAtGradingNote(result);
  return `\n${c.bold(colored)} · ${parts.join(' · ')} · ${(result.durationMs / 1000).toFixed(2)} s${note}${hidden ? `\n${c.dim(hidden)}` : ''}\n`;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}
