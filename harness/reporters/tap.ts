// The tap reporter: TAP version 14, one test point per check, details as a YAML diagnostic block.
import { stringify } from 'yaml';
import type { CheckResult, Result } from '../result/types.js';
import { checksToShow, hiddenAtGradingNote, points, transcriptLine, type HiddenOptions } from './details.js';
import type { Reporter, TextSink } from './types.js';

/** Renders the result as a TAP 14 stream; hidden checks show only their verdict (unless `showHidden`). */
export function renderTap(result: Result, options: HiddenOptions = {}): string {
  const out = ['TAP version 14', `1..${result.checks.length}`];
  checksToShow(result.checks, options).forEach((c, i) => out.push(...testPoint(c, i + 1)));
  out.push(`# score ${points(result.score)}/${points(result.maxScore)} (${result.status})`);
  const note = hiddenAtGradingNote(result);
  if (note) out.push(`# ${note}`);
  out.push('');
  return out.join('\n');
}

/** Writes the TAP stream once the result is complete. */
export function tapReporter(sink: TextSink, options: HiddenOptions = {}): Reporter {
  return { name: 'tap', onRunEnd: (result) => void sink.write(renderTap(result, options)) };
}

function testPoint(c: CheckResult, n: number): string[] {
  // A description must not hold `#` (a directive) unescaped; titles come from the assignment.
  const description = `${c.role}: ${c.title}`.replace(/\\/g, '\\\\').replace(/#/g, '\\#').replace(/\n/g, ' ');
  if (c.status === 'skipped') return [`ok ${n} - ${description} # SKIP blocked by ${c.blockedBy ?? '?'}`];
  const line = `${c.status === 'passed' ? 'ok' : 'not ok'} ${n} - ${description}`;
  if (c.status === 'passed') return [line];
  const diagnostic: Record<string, unknown> = {
    id: c.id,
    status: c.status,
    severity: c.status === 'failed' ? 'fail' : 'error',
    points: `${points(c.score)}/${points(c.maxScore)}`,
  };
  if (c.message) diagnostic.message = c.message;
  if (c.status === 'errored') diagnostic.note = 'sockgrade could not run this check: it is not counted against you';
  if (c.expected !== undefined) diagnostic.expected = c.expected;
  if (c.actual !== undefined) diagnostic.actual = c.actual;
  if (c.hint) diagnostic.hint = c.hint;
  if (c.transcript.length > 0) diagnostic.transcript = c.transcript.map(transcriptLine);
  const yaml = stringify(diagnostic, { lineWidth: 0 }).trimEnd().split('\n');
  return [line, '  ---', ...yaml.map((l) => `  ${l}`), '  ...'];
}
