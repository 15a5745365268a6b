// The one result object (`sockgrade/result@1`) that every reporter renders.

/** Which side of the exchange a check grades. */
export type Role = 'server' | 'client' | 'pair';

/** A check's state: passed, failed (the student's program misbehaved), skipped (blocked), errored (harness or spec fault). */
export type CheckStatus = 'passed' | 'failed' | 'skipped' | 'errored';

/** One step of an interaction, as a student reads it: launch, bind, send, receive, close, exit, a note. */
export interface TranscriptEntry {
  /** ms since the check started. */
  atMs: number;
  /** Who acted: the harness, the student's program, or sockgrade's own observation. */
  actor: 'harness' | 'student' | 'sockgrade';
  kind: 'launch' | 'bound' | 'connect' | 'send' | 'receive' | 'close' | 'timeout' | 'exit' | 'output' | 'note';
  text: string;
}

/** The result of one check. */
export interface CheckResult {
  id: string;
  title: string;
  role: Role;
  group: string;
  status: CheckStatus;
  score: number;
  maxScore: number;
  hidden: boolean;
  /** For skipped checks: the id of the check that blocked this one. */
  blockedBy?: string;
  /** Plain words: what happened (for every status but passed, and for passed when useful). */
  message?: string;
  /** The likely cause, when recognisable. */
  hint?: string;
  /** Structured expectation and observation, bytes made visible. */
  expected?: string;
  actual?: string;
  durationMs: number;
  transcript: TranscriptEntry[];
}

/** The whole grading of one submission. */
export interface Result {
  schema: 'sockgrade/result@1';
  /** `privateFixtures`: the file of hidden sentence groups graded with (`--fixtures`), if any. */
  assignment: { id: string; title: string; file: string; privateFixtures?: string; transport: 'udp' | 'tcp' };
  submission: { server?: SubmittedProgram; client?: SubmittedProgram };
  /** passed: every check passed; failed: some check failed; errored: some check could not be run (harness or spec). */
  status: 'passed' | 'failed' | 'errored';
  score: number;
  maxScore: number;
  checks: CheckResult[];
  /** Hidden checks the assignment announces that did not run here (their sentences are added at grading time). */
  hiddenAtGrading?: { checks: number; points: number };
  environment: Environment;
  startedAt: string;
  durationMs: number;
}

/** A student program as it was launched. */
export interface SubmittedProgram {
  file: string;
  /** The command line used (argv, space-joined for display). */
  command: string;
}

/** Where and how the grading ran. */
export interface Environment {
  sockgrade: string;
  node: string;
  platform: string;
  /** Isolation used: 'namespace' (own network and PID namespaces) or 'none' (the machine's network, shared). */
  sandbox: 'namespace' | 'none';
  /** What the isolation left unprotected, in plain words. */
  unprotected: string[];
  /** Which readiness observation was used. */
  readiness: 'proc' | 'probe';
  /** The assignment's port and the port the programs were given. */
  port: { assignment: number; used: number; reason: string };
  seed: number;
  /** Unique id of the grading; every student process carried it as SOCKGRADE_RUN_TAG. */
  runId: string;
}

/** The version tag of the result format. */
export const RESULT_SCHEMA = 'sockgrade/result@1' as const;
