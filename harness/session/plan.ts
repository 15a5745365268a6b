// The resolved plan of one grading: which programs, launched how, on which port, with which seed.
import type { Assignment } from '../spec/schema.js';

/** A student program, resolved to an argv template (placeholders filled at launch). */
export interface ProgramPlan {
  /** The file as the user named it (for display). */
  file: string;
  /** Absolute directory the program runs in (as the program sees it). */
  cwd: string;
  /**
   * The host folder holding the program's files when `cwd` exists only inside its jail (sockgrade-exec
   * copies this folder there at each launch): where it is started from and where hints read its source.
   */
  source?: string;
  /** argv template: tokens may contain {file}, {host}, {port}, {dir}. */
  template: string[];
  /** The program actually run for template[0] (e.g. python3 resolved past a pyenv shim); shown as template[0]. */
  executable?: string;
  /** Argv prefix that jails the program (bwrap …), set when the sandbox jails with bwrap. */
  wrapper?: string[];
  /** sockgrade-exec's options that jail the program (`--jail …`), set when the sandbox jails with sockgrade-exec itself (then no wrapper). */
  helperJail?: string[];
  /** The unprivileged user the program runs as inside its jail (the launcher switches to it there). */
  uid?: number;
}

/** The host folder holding the program's files: `source` when its folder exists only inside its jail, else `cwd`. */
export function hostFolder(program: ProgramPlan): string {
  return program.source ?? program.cwd;
}

/** Everything the runner needs, resolved up front. */
export interface GradingPlan {
  assignment: Assignment;
  assignmentFile: string;
  /** The private fixtures file whose hidden groups the assignment holds (`--fixtures`), if any. */
  privateFixturesFile?: string;
  server?: ProgramPlan;
  client?: ProgramPlan;
  /** The port student programs are given (the assignment's when free). */
  port: number;
  /** Why that port: "the assignment's port", or why another one was used. */
  portReason: string;
  /** Host name given to student clients (the assignment's, e.g. localhost). */
  clientHost: string;
  /** Address the harness uses to reach a student server. */
  connectHost: string;
  /** Unique id of this grading (marks its processes, so that none outlives it). */
  runId: string;
  /** Seed of the unpredictable replies (recorded in the result for reproduction). */
  seed: number;
  /** How this grading is isolated. */
  sandbox: SandboxPlan;
  /** Pair mode: also grade the student's client against the student's server. */
  pair?: boolean;
  /** How a server's readiness is observed: its bound sockets in /proc, or probing where /proc is unavailable. */
  readiness: 'proc' | 'probe';
}

/** The isolation of one grading, as decided before it starts. */
export interface SandboxPlan {
  /** namespace: its own network and PID namespaces; none: the machine's network, shared. */
  mode: 'namespace' | 'none';
  /** What the mode leaves unprotected, in plain words (recorded in the result). */
  unprotected: string[];
}
