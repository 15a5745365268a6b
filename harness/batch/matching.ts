// matching.txt and the printed summary: which file was taken for each role of each student.
import type { BatchMeta } from './meta.js';
import type { EntrySummary } from './types.js';

/** One line per student: `<student>: server <file>; client <file>` (or what was looked for and not found). */
export function matchingLine(entry: Pick<EntrySummary, 'student' | 'matched'>, roles: BatchMeta['roles']): string {
  const parts = roles.map(({ role, patterns }) => {
    const file = entry.matched[role];
    return file ? `${role} ${file}` : `${role} none (no file matches ${patterns.join(' or ')})`;
  });
  return `${entry.student}: ${parts.join('; ')}`;
}

/** The whole matching.txt: a header, a line per student, and the names that were ignored. */
export function renderMatching(entries: EntrySummary[], meta: BatchMeta): string {
  const lines = [`${meta.assignment.id}: ${entries.length} submission${entries.length === 1 ? '' : 's'} (${layoutName(meta.layout)})`, ''];
  for (const e of entries) lines.push(matchingLine(e, meta.roles));
  if (meta.ignored.length > 0) lines.push('', `ignored (not part of any submission): ${meta.ignored.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** The summary printed before grading. */
export function matchingSummary(entries: Pick<EntrySummary, 'matched'>[], meta: BatchMeta): string {
  const counts = meta.roles.map(({ role }) => `${role} file found for ${entries.filter((e) => e.matched[role]).length}`);
  const ignored = meta.ignored.length > 0 ? `; ${meta.ignored.length} name${meta.ignored.length === 1 ? '' : 's'} ignored` : '';
  return `${entries.length} submission${entries.length === 1 ? '' : 's'} (${layoutName(meta.layout)}): ${counts.join(', ')}${ignored} (see matching.txt)`;
}

function layoutName(layout: BatchMeta['layout']): string {
  return layout === 'folders' ? 'one folder per student' : `${layout === 'canvas' ? 'Canvas' : layout === 'moodle' ? 'Moodle' : 'Gradescope'} export`;
}
