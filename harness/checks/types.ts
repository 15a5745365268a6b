// The check contract: a small named unit with a student-facing title, points, at most one dependency,
// and a run() that interacts with the student's program and returns a verdict (a value, never a throw).
import type { Assignment } from '../spec/schema.js';
import type { Role } from '../result/types.js';
import type { Transcript } from './transcript.js';
import type { StudentServer } from '../session/student-server.js';
import type { ClientSession } from '../session/client-session.js';
import type { GradingPlan } from '../session/plan.js';

/** What a check concluded. `failed` is the student's; `errored` is the harness's or the spec's. */
export type Verdict =
  | { status: 'passed'; message?: string }
  | { status: 'failed'; message: string; expected?: string; actual?: string; hint?: string }
  | { status: 'skipped'; blockedBy: string; message: string }
  | { status: 'errored'; message: string; hint?: string };

/** Everything a check may use: the plan, its transcript, and the role sessions. */
export interface CheckContext {
  assignment: Assignment;
  plan: GradingPlan;
  log: Transcript;
  server?: StudentServer;
  client?: ClientSession;
}

/** A named, scored unit of grading. */
export interface Check {
  /** Stable kebab-case id, e.g. `server-binds`. */
  id: string;
  /** One student-facing line, e.g. "replies to each core sentence in upper case". */
  title: string;
  role: Role;
  /** `core`, `robustness`, or a fixture group of the assignment. */
  group: string;
  points: number;
  /** The id of the check that must pass first; when it did not, this one is skipped. */
  dependsOn?: string;
  /** A check of a hidden fixture group: its details are masked in student-visible output. */
  hidden?: boolean;
  run(ctx: CheckContext): Promise<Verdict>;
}

/** A verdict that explains why something could not be done: the student's fault or the harness's. */
export type Problem = Extract<Verdict, { status: 'failed' | 'errored' }>;
