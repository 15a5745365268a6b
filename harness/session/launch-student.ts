// The one way a student program is started: its command filled in, host and port in its environment,
// the assignment's limits, its jail when the sandbox gives one, and an environment of its own (never
// the harness's, which may hold CI secrets).
import { launch } from '../launch/launcher.js';
import type { ResourceLimits, StudentProcess } from '../launch/types.js';
import { fillTemplate } from './command.js';
import { hostFolder, type GradingPlan, type ProgramPlan } from './plan.js';

/** A started student program and the argv it was started with as the student would type it (for transcripts). */
export interface LaunchedStudent {
  process: StudentProcess;
  argv: string[];
}

/** Variables passed through from the harness's environment; everything else is left out. */
const PASSED_THROUGH = ['PATH', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'JAVA_HOME', 'SYSTEMROOT', 'WINDIR'];

/** Starts `program` under `plan`, with optional stdin bytes. */
export function launchStudent(plan: GradingPlan, program: ProgramPlan, options: { stdin?: string } = {}): LaunchedStudent {
  const argv = fillTemplate(program, { host: plan.clientHost, port: plan.port });
  const [shown = '', ...args] = argv;
  const started = launch({
    command: program.executable ?? shown,
    args,
    // Where the helper starts: the program's own folder is made inside its jail from `source` (its --chdir).
    cwd: hostFolder(program),
    env: studentEnvironment(plan, program),
    inheritEnv: false,
    sweepTag: plan.runId,
    ...(program.wrapper ? { wrapper: program.wrapper } : {}),
    ...(program.helperJail ? { helperJail: program.helperJail } : {}),
    // A jailed program's uid: the launcher switches to it inside the jail, once its mounts are made.
    ...(program.uid !== undefined ? { switchUser: { uid: program.uid, gid: program.uid } } : {}),
    ...studentLimits(plan),
    ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
  });
  return { process: started, argv };
}

function studentEnvironment(plan: GradingPlan, program: ProgramPlan): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASSED_THROUGH) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  env.LANG ??= 'C.UTF-8';
  return { ...env, HOME: program.cwd, SERVER_HOST: plan.clientHost, SERVER_PORT: String(plan.port) };
}

/** The assignment's limits in the launcher's units. */
function studentLimits(plan: GradingPlan): { limits: ResourceLimits; maxOutputBytes: number } {
  const l = plan.assignment.limits;
  return {
    limits: {
      cpuSeconds: Math.ceil(l.cpuSeconds),
      memoryBytes: Math.round(l.memoryMb * 1024 * 1024),
      processes: l.processes,
      fileSizeBytes: Math.round(l.fileSizeMb * 1024 * 1024),
    },
    maxOutputBytes: Math.round(l.outputKb * 1024),
  };
}
