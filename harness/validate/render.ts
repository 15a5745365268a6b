// The validation as text for a terminal: the reference's verdict, one row per mutant, the mutation score.
import type { Validation } from './types.js';

/** Renders a validation as plain text lines (ending in a newline). */
export function renderValidation(v: Validation): string {
  const lines: string[] = [];
  lines.push(`sockgrade validate · ${v.assignment.id} · ${v.assignment.file}`);
  const r = v.reference;
  if (r.failures.length === 0) {
    lines.push(`reference implementation: passed all ${r.checks} checks (${r.score}/${r.maxScore})`);
  } else {
    lines.push(`reference implementation: ${r.failures.length} of ${r.checks} checks did not pass (${r.score}/${r.maxScore})`);
    for (const f of r.failures) lines.push(`  ✗ ${f.id} ${f.status}: ${f.message.split('\n')[0] ?? ''}`);
  }
  lines.push('');
  const width = Math.max(6, ...v.mutants.map((m) => m.name.length)) + 2;
  lines.push(`${'mutant'.padEnd(width)}${'role'.padEnd(8)}caught by`);
  for (const m of v.mutants) {
    const fate =
      m.status === 'caught'
        ? m.caughtBy.join(', ')
        : m.status === 'survived'
          ? `SURVIVED — ${m.description}, and ${m.reason ?? 'no check failed'}`
          : m.status === 'skipped'
            ? `skipped: ${m.reason ?? ''}`
            : `ERRORED: ${m.reason ?? ''}`;
    lines.push(`${m.name.padEnd(width)}${m.role.padEnd(8)}${fate}`);
  }
  lines.push('');
  const { caught, applicable } = v.mutationScore;
  const percent = applicable === 0 ? 0 : Math.round((100 * caught) / applicable);
  lines.push(`mutation score ${caught}/${applicable} (${percent}%)`);
  lines.push(`${v.verdict}: ${v.summary}`);
  return `${lines.join('\n')}\n`;
}
