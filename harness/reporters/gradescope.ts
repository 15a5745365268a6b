// Gradescope's results.json (autograder specification), rendered from the result or from a run in progress.
import type { CheckResult, Result } from '../result/types.js';
import { detailsText, points } from './details.js';

/** Gradescope's visibility of a test case or of the whole result. */
export type GradescopeVisibility = 'hidden' | 'after_due_date' | 'after_published' | 'visible';

/** Options of the gradescope format. */
export interface GradescopeOptions {
  /** Visibility of hidden checks (default after_published: shown once the instructor publishes grades). */
  hiddenVisibility: GradescopeVisibility;
}

/** One test case of results.json. */
export interface GradescopeTest {
  name: string;
  number: string;
  score: number;
  max_score?: number;
  status: 'passed' | 'failed';
  output: string;
  tags: string[];
  visibility: GradescopeVisibility;
}

/** The results.json object. */
export interface GradescopeResults {
  score: number;
  execution_time: number;
  output: string;
  output_format: 'md';
  test_output_format: 'text';
  stdout_visibility: 'hidden';
  tests: GradescopeTest[];
  extra_data: { sockgrade: Record<string, string | number | boolean> };
}

/** A run in progress: the planned checks, those finished, and what the run start told. */
export interface ProvisionalRun {
  planned: { id: string; title: string; role: string }[];
  done: CheckResult[];
  startedMs: number;
  nowMs: number;
  extra: Record<string, string | number | boolean>;
}

/** The final results.json of a complete grading (passed or failed; an errored one is not gradable). */
export function renderGradescope(result: Result, options: GradescopeOptions): GradescopeResults {
  const numbers = numberer();
  const files = Object.entries(result.submission).map(([role, p]) => `${role} \`${p.file}\``);
  const lines = [`**Score: ${points(result.score)} / ${points(result.maxScore)}** · ${files.join(' · ')}`];
  const hidden = result.checks.filter((c) => c.hidden).length;
  if (hidden > 0) lines.push('', `${hidden} hidden check${hidden === 1 ? '' : 's'}: shown after grading.`);
  lines.push('', `<sub>sockgrade ${result.environment.sockgrade} · ${result.environment.sandbox === 'namespace' ? 'isolated' : 'not isolated'} · seed ${result.environment.seed}</sub>`);
  return {
    score: result.score,
    execution_time: seconds(result.durationMs),
    output: lines.join('\n'),
    output_format: 'md',
    test_output_format: 'text',
    stdout_visibility: 'hidden',
    tests: result.checks.map((c) => test(c, numbers(c.role), options)),
    extra_data: {
      sockgrade: {
        version: result.environment.sockgrade,
        assignment: result.assignment.id,
        status: result.status,
        complete: true,
        sandbox: result.environment.sandbox,
        seed: result.environment.seed,
        runId: result.environment.runId,
      },
    },
  };
}

/** A valid results.json for a run that has not finished (written while it runs, left behind if it is killed). */
export function renderProvisional(run: ProvisionalRun, options: GradescopeOptions): GradescopeResults {
  const numbers = numberer();
  const score = round(run.done.reduce((sum, c) => sum + c.score, 0));
  const tests = run.planned.map((p): GradescopeTest => {
    const done = run.done.find((c) => c.id === p.id);
    if (done) return test(done, numbers(done.role), options);
    return {
      name: `${p.role}: ${p.title}`,
      number: numbers(p.role),
      score: 0,
      status: 'failed',
      output: 'not run: the grading stopped before this check (a timeout or crash of the autograder, not a judgement of your program)',
      tags: [p.role],
      visibility: 'visible',
    };
  });
  return {
    score,
    execution_time: seconds(run.nowMs - run.startedMs),
    output: [
      '⚠️ **Grading did not finish.** This is not your grade: only the checks that ran are scored, and the others are marked *not run*.',
      'Please ask the course staff to rerun the autograder.',
    ].join('\n\n'),
    output_format: 'md',
    test_output_format: 'text',
    stdout_visibility: 'hidden',
    tests,
    extra_data: { sockgrade: { ...run.extra, complete: false } },
  };
}

function test(c: CheckResult, number: string, options: GradescopeOptions): GradescopeTest {
  return {
    name: `${c.role}: ${c.title}`,
    number,
    score: c.score,
    max_score: c.maxScore,
    status: c.status === 'passed' ? 'passed' : 'failed',
    output: detailsText(c),
    tags: [c.role, c.group, c.id],
    visibility: c.hidden ? options.hiddenVisibility : 'visible',
  };
}

/** Numbers "1.1", "1.2", "2.1": one major number per role, in order of appearance. */
function numberer(): (role: string) => string {
  const roles: string[] = [];
  const counts = new Map<string, number>();
  return (role) => {
    if (!roles.includes(role)) roles.push(role);
    counts.set(role, (counts.get(role) ?? 0) + 1);
    return `${roles.indexOf(role) + 1}.${counts.get(role)}`;
  };
}

function seconds(ms: number): number {
  return Math.round(ms / 10) / 100;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
