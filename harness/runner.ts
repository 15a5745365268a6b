// The engine: runs a plan's checks in order, honouring dependencies, and returns the one result
// object. It emits typed events and never prints; reporters render.
import type { Check, CheckContext, Verdict } from './checks/types.js';
import { Transcript } from './checks/transcript.js';
import { buildChecks, clientSentences, pendingHiddenChecks } from './checks/build.js';
import { StudentServer } from './session/student-server.js';
import { ClientSession } from './session/client-session.js';
import type { GradingPlan } from './session/plan.js';
import type { CheckResult, Result } from './result/types.js';
import { RESULT_SCHEMA } from './result/types.js';
import { fillTemplate } from './session/command.js';
import { VERSION } from './version.js';

/** Events the runner emits while grading (all optional for listeners). */
export interface RunEvents {
  onRunStart?(info: { plan: GradingPlan; checks: { id: string; title: string; role: string }[] }): void;
  onCheckStart?(check: { id: string; title: string; role: string }): void;
  onCheckEnd?(result: CheckResult): void;
}


/** Grades one submission according to `plan`; never throws for anything a student program does. */
export async function runGrading(plan: GradingPlan, events: RunEvents = {}): Promise<Result> {
  const startedAt = new Date();
  const started = performance.now();
  const checks = buildChecks(plan.assignment, { server: !!plan.server, client: !!plan.client, pair: plan.pair === true });
  const server = plan.server ? new StudentServer(plan, plan.server) : undefined;
  const client = plan.client ? new ClientSession(plan, plan.client, clientSentences(plan.assignment)) : undefined;
  events.onRunStart?.({ plan, checks: checks.map(({ id, title, role }) => ({ id, title, role })) });
  const results: CheckResult[] = [];
  try {
    for (const check of checks) {
      // The student's server holds the port: end it before sockgrade's own server takes the port for the client role.
      if (check.role === 'client') await server?.stop();
      events.onCheckStart?.({ id: check.id, title: check.title, role: check.role });
      const result = await runCheck(check, results, { assignment: plan.assignment, plan, log: new Transcript(), ...(server ? { server } : {}), ...(client ? { client } : {}) });
      results.push(result);
      events.onCheckEnd?.(result);
    }
  } finally {
    await server?.stop();
  }
  const score = results.reduce((sum, r) => sum + r.score, 0);
  const maxScore = results.reduce((sum, r) => sum + r.maxScore, 0);
  const status = results.some((r) => r.status === 'errored') ? 'errored' : results.every((r) => r.status === 'passed') ? 'passed' : 'failed';
  const pending = pendingHiddenChecks(plan.assignment, { server: !!plan.server, client: !!plan.client });
  return {
    schema: RESULT_SCHEMA,
    assignment: {
      id: plan.assignment.id,
      title: plan.assignment.title,
      file: plan.assignmentFile,
      ...(plan.privateFixturesFile ? { privateFixtures: plan.privateFixturesFile } : {}),
      transport: plan.assignment.transport,
    },
    submission: {
      ...(plan.server ? { server: { file: plan.server.file, command: fillTemplate(plan.server, { host: plan.clientHost, port: plan.port }).join(' ') } } : {}),
      ...(plan.client ? { client: { file: plan.client.file, command: fillTemplate(plan.client, { host: plan.clientHost, port: plan.port }).join(' ') } } : {}),
    },
    status,
    score: round(score),
    maxScore: round(maxScore),
    checks: results,
    ...(pending.checks > 0 ? { hiddenAtGrading: pending } : {}),
    environment: {
      sockgrade: VERSION,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      sandbox: plan.sandbox.mode,
      unprotected: plan.sandbox.unprotected,
      readiness: plan.readiness,
      port: { assignment: plan.assignment.port, used: plan.port, reason: plan.portReason },
      seed: plan.seed,
      runId: plan.runId,
    },
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
  };
}

async function runCheck(check: Check, done: CheckResult[], ctx: CheckContext): Promise<CheckResult> {
  const started = performance.now();
  const parent = check.dependsOn ? done.find((r) => r.id === check.dependsOn) : undefined;
  let verdict: Verdict;
  if (parent && parent.status !== 'passed') {
    // Name the check that really blocked this one: a skipped parent passes on its own blocker.
    const root = parent.status === 'skipped' && parent.blockedBy ? parent.blockedBy : parent.id;
    verdict = { status: 'skipped', blockedBy: root, message: `skipped: ${root} did not pass` };
  } else {
    try {
      verdict = await check.run(ctx);
    } catch (error) {
      verdict = { status: 'errored', message: `sockgrade failed while running this check: ${error instanceof Error ? error.stack ?? error.message : String(error)}` };
    }
  }
  return {
    id: check.id,
    title: check.title,
    role: check.role,
    group: check.group,
    status: verdict.status,
    score: verdict.status === 'passed' ? check.points : 0,
    maxScore: check.points,
    hidden: check.hidden === true,
    ...('blockedBy' in verdict ? { blockedBy: verdict.blockedBy } : {}),
    ...(verdict.message ? { message: verdict.message } : {}),
    ...('hint' in verdict && verdict.hint ? { hint: verdict.hint } : {}),
    ...('expected' in verdict && verdict.expected !== undefined ? { expected: verdict.expected } : {}),
    ...('actual' in verdict && verdict.actual !== undefined ? { actual: verdict.actual } : {}),
    durationMs: Math.round(performance.now() - started),
    transcript: ctx.log.entries,
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
