// Choosing each role's file in a submission from the assignment's `files` patterns
// (e.g. `[UDPServer.py, "*server*.py"]`): the first pattern that matches any file wins.
import type { Assignment } from '../spec/schema.js';
import type { SubmittedFile } from './discover.js';

/** A role graded in a batch. */
export type BatchRole = 'server' | 'client';

/** What was found for one role: the file (if any), the patterns tried, and other candidates not taken. */
export interface RoleMatch {
  role: BatchRole;
  patterns: string[];
  file?: SubmittedFile;
  alsoMatched: string[];
}

/** The roles an assignment grades (those it configures; both when it configures neither). */
export function assignmentRoles(assignment: Assignment): BatchRole[] {
  const roles = (['server', 'client'] as const).filter((r) => assignment[r] !== undefined);
  return roles.length > 0 ? roles : ['server', 'client'];
}

/** The patterns that pick a role's file: the assignment's, else any file whose name contains the role. */
export function rolePatterns(assignment: Assignment, role: BatchRole): string[] {
  return assignment[role]?.files ?? [`*${role}*`];
}

/** Matches each role of the assignment to at most one file; a file is given to one role only. */
export function matchRoles(assignment: Assignment, files: SubmittedFile[]): RoleMatch[] {
  const taken = new Set<string>();
  return assignmentRoles(assignment).map((role) => {
    const patterns = rolePatterns(assignment, role);
    for (const pattern of patterns) {
      const re = globToRegExp(pattern);
      const hits = files
        .filter((f) => !taken.has(f.name) && re.test(pattern.includes('/') ? f.name : baseName(f.name)))
        .sort((a, b) => depth(a.name) - depth(b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const [first, ...rest] = hits;
      if (first) {
        taken.add(first.name);
        return { role, patterns, file: first, alsoMatched: rest.map((f) => f.display) };
      }
    }
    return { role, patterns, alsoMatched: [] };
  });
}

/** A glob (`*`, `?`, `[abc]`) as a case-insensitive whole-name regular expression. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (const ch of glob) {
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else if (ch === '[' || ch === ']') re += ch;
    else re += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i');
}

function baseName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

function depth(name: string): number {
  return name.split('/').length;
}
