// Test helpers: run the sockgrade CLI (in-process, with captured streams) on fixture programs.
import path from 'node:path';
import { main } from '../../harness/cli/main.js';
import type { CheckResult, Result } from '../../harness/result/types.js';

/** Folder of the fixture programs. */
export const PROGRAMS = path.resolve('fixtures/programs');

/** A fixture program's path relative to the repo, e.g. program('faulty/udp-server-bind-typo.py'); an absolute path stays. */
export function program(name: string): string {
  return path.isAbsolute(name) ? name : path.join('fixtures/programs', name);
}

/** Output and exit code of one CLI run. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The isolation the e2e suites run under (the vitest project sets it): 'auto' or 'none'. */
export const TEST_SANDBOX = process.env.SOCKGRADE_TEST_SANDBOX === 'none' ? 'none' : 'auto';

/** Runs `sockgrade <args>` in-process and captures what it writes (`check` and `grade` run under TEST_SANDBOX unless told). */
export async function cli(args: string[]): Promise<CliRun> {
  if ((args[0] === 'check' || args[0] === 'grade') && !args.includes('--sandbox')) args = [...args, '--sandbox', TEST_SANDBOX];
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stdout, stderr };
}

/** What grading one submission gave: exit code, the result, and a lookup of checks by id. */
export interface Graded {
  code: number;
  result: Result;
  check(id: string): CheckResult;
  statuses(): Record<string, string>;
  /** Statuses of the core checks only (robustness groups, beyond the textbook, left out). */
  coreStatuses(): Record<string, string>;
}

/** Grades with `--format json` and parses the one JSON object printed. */
export async function grade(assignment: string, roles: { server?: string; client?: string }, extra: string[] = ['--port', 'auto']): Promise<Graded> {
  const args = ['check', assignment, '--format', 'json', ...extra];
  if (roles.server) args.push('--server', program(roles.server));
  if (roles.client) args.push('--client', program(roles.client));
  const run = await cli(args);
  let result: Result;
  try {
    result = JSON.parse(run.stdout) as Result;
  } catch {
    throw new Error(`expected one JSON object on stdout, got:\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
  return {
    code: run.code,
    result,
    check(id) {
      const found = result.checks.find((c) => c.id === id);
      if (!found) throw new Error(`no check ${id} in ${result.checks.map((c) => c.id).join(', ')}`);
      return found;
    },
    statuses() {
      return Object.fromEntries(result.checks.map((c) => [c.id, c.status]));
    },
    coreStatuses() {
      return Object.fromEntries(result.checks.filter((c) => c.group !== 'robustness').map((c) => [c.id, c.status]));
    },
  };
}
