// The reference programs (and their mutants) as ProgramPlans, run like a student's program through the
// `reference` command: `node dist/bundle/reference-entry.js <program> --port {port} --transform … [--mutant …]`.
import path from 'node:path';
import type { MutantName } from '../../reference/mutants.js';
import type { Assignment } from '../spec/schema.js';
import type { ProgramPlan } from '../session/plan.js';
import { PACKAGE_ROOT } from '../version.js';

/** The sockgrade executable (a submission's file must exist: the plan names it, the template replaces it). */
export const SOCKGRADE_BIN = path.join(PACKAGE_ROOT, 'bin', 'sockgrade.js');

/** `sockgrade reference` alone, bundled into dist/bundle/: a quarter of the start-up time of the whole CLI. */
export const REFERENCE_ENTRY = path.join(PACKAGE_ROOT, 'dist', 'bundle', 'reference-entry.js');

/** The `--transform` arguments naming an assignment's transform. */
export function transformArgs(transform: Assignment['transform']): string[] {
  if (transform.kind === 'uppercase') return ['--transform', 'uppercase'];
  return ['--transform', `count-${transform.letter}`, ...(transform.caseSensitive ? [] : ['--ignore-case'])];
}

/** How to run the reference server or client of `assignment`, optionally as one of its mutants. */
export function referenceProgram(role: 'server' | 'client', assignment: Assignment, mutant?: MutantName): ProgramPlan {
  const program = `${assignment.transport}-${role}`;
  const where = role === 'client' ? ['--host', '{host}', '--port', '{port}'] : ['--port', '{port}'];
  const mutation = mutant ? ['--mutant', mutant] : [];
  const multi = assignment.multi ? ['--multi', '--quit-word', assignment.multi.quitWord] : [];
  return {
    file: `reference ${program}${mutant ? ` --mutant ${mutant}` : ''}`,
    cwd: PACKAGE_ROOT,
    template: [process.execPath, REFERENCE_ENTRY, program, ...where, ...transformArgs(assignment.transform), ...multi, ...mutation],
  };
}
