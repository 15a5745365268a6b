// A role without a file is graded 0: its checks go into the result as failed, each saying what was
// looked for, so the score is out of the whole assignment and the student reads why.
import { randomUUID } from 'node:crypto';
import type { LoadedAssignment } from '../spec/load.js';
import type { CheckResult, Result } from '../result/types.js';
import type { SandboxPlan } from '../session/plan.js';
import { RESULT_SCHEMA } from '../result/types.js';
import { procReadinessSupported } from '../readiness/support.js';
import { VERSION } from '../version.js';
import type { RoleMatch } from './match-roles.js';

/** The message of a check whose role had no file. */
export function missingMessage(match: RoleMatch): string {
  return `No ${match.role} program was found in your submission, so this check could not run: expected a file named ${match.patterns.join(' or ')}.`;
}

/**
 * `result` (or an empty one when nothing ran) with the checks of the missing roles added as failed, and
 * totals recomputed. The checks are loaded only then: the command grades in workers, and needs them for
 * nothing else.
 */
export async function withMissingRoles(loaded: LoadedAssignment, result: Result | undefined, missing: RoleMatch[], base: { sandbox: SandboxPlan; seed: number }): Promise<Result> {
  const graded = result ?? emptyResult(loaded, base);
  const ids = new Set(graded.checks.map((c) => c.id));
  const added: CheckResult[] = [];
  if (missing.length > 0) {
    const { buildChecks } = await import('../checks/build.js');
    for (const match of missing) {
      for (const check of buildChecks(loaded.assignment, { server: match.role === 'server', client: match.role === 'client' })) {
        if (ids.has(check.id)) continue;
        added.push({ id: check.id, title: check.title, role: check.role, group: check.group, status: 'failed', score: 0, maxScore: check.points, hidden: false, message: missingMessage(match), durationMs: 0, transcript: [] });
      }
    }
  }
  const checks = [...graded.checks, ...added];
  const round = (n: number): number => Math.round(n * 100) / 100;
  const status = checks.some((c) => c.status === 'errored') ? 'errored' : checks.every((c) => c.status === 'passed') ? 'passed' : 'failed';
  return {
    ...graded,
    checks,
    status,
    score: round(checks.reduce((s, c) => s + c.score, 0)),
    maxScore: round(checks.reduce((s, c) => s + c.maxScore, 0)),
  };
}

function emptyResult(loaded: LoadedAssignment, base: { sandbox: SandboxPlan; seed: number }): Result {
  const { assignment } = loaded;
  return {
    schema: RESULT_SCHEMA,
    assignment: { id: assignment.id, title: assignment.title, file: loaded.file, transport: assignment.transport },
    submission: {},
    status: 'failed',
    score: 0,
    maxScore: 0,
    checks: [],
    environment: {
      sockgrade: VERSION,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      sandbox: base.sandbox.mode,
      unprotected: base.sandbox.unprotected,
      readiness: procReadinessSupported() ? 'proc' : 'probe',
      port: { assignment: assignment.port, used: assignment.port, reason: 'nothing was run: the submission has no program to grade' },
      seed: base.seed,
      runId: randomUUID(),
    },
    startedAt: new Date().toISOString(),
    durationMs: 0,
  };
}
