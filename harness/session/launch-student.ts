// The one way a student program is started: its command filled in, host and port in its environment.
// Isolation (jail, limits, user) is applied here, so every role and check gets the same treatment.
import { launch } from '../launch/launcher.js';
import type { ResourceLimits, StudentProcess } from '../launch/types.js';
import { fillTemplate } from './command.js';
import type { GradingPlan, ProgramPlan } from './plan.js';

/** A started student program and the argv it was started with (for transcripts). */
export interface LaunchedStudent {
  process: StudentProcess;
  argv: string[];
}

/** Starts `program` under `plan`, with optional stdin bytes. */
export function launchStudent(plan: GradingPlan, program: ProgramPlan, options: { stdin?: string } = {}): LaunchedStudent {
  const argv = fillTemplate(program, { host: plan.clientHost, port: plan.port });
  const [command = '', ...args] = argv;
  const process = launch({
    command,
    args,
    cwd: program.cwd,
    env: { SERVER_HOST: plan.clientHost, SERVER_PORT: String(plan.port) },
    sweepTag: plan.runId,
    ...studentLimits(plan),
    ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
  });
  return { process, argv };
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
