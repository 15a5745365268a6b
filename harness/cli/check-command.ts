// `sockgrade check`: grade one submission (server, client, or both) and report it.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PlanRequest } from '../session/make-plan.js';
import { gradeSubmission, type SandboxChoice } from '../grade-one.js';
import type { LoadedAssignment } from '../spec/load.js';
import { stopKeepingWorkers, stopReadyWorkers } from '../worker/run-in-worker.js';
import { lookUpInterpreterOf } from '../session/interpreters.js';
import { probeAfreshNextTime, whileChoosingSandbox, type SandboxRequest } from '../session/isolation.js';
import { loadAssignment } from './catalog.js';
import { ReporterMultiplexer } from '../reporters/multiplexer.js';
import { createReporters } from '../reporters/registry.js';
import type { ReporterName, ReporterSpec } from '../reporters/names.js';
import type { GradescopeVisibility } from '../reporters/gradescope.js';
import type { Reporter, TextSink } from '../reporters/types.js';
import type { Result } from '../result/types.js';
import { EXIT } from './exit-codes.js';
import { UsageError } from '../spec/errors.js';

/** Options of `sockgrade check` as parsed from the command line. */
export interface CheckOptions extends PlanRequest {
  /** The one reporter on stdout (default: terminal, unless a --reporter writes to stdout). */
  format?: ReporterName;
  /** `--reporter NAME[=FILE]`, repeatable. */
  reporter?: ReporterSpec[];
  /** Gradescope visibility of hidden checks (default after_published). */
  hiddenVisibility?: GradescopeVisibility;
  sandbox?: SandboxRequest;
  /** A private fixtures file: hidden sentence groups added to the assignment's. */
  fixtures?: string;
  /** Show the details of hidden checks in the terminal and the Markdown/CI formats (instructors). */
  showHidden?: boolean;
  out?: string;
  color: boolean;
  verbose?: boolean;
}

/** Streams the command writes to (injected for tests). */
export interface CommandIO {
  stdout: TextSink;
  stderr: TextSink;
}

/** Runs a grading and returns the exit code: 0 passed, 1 failed, 3 harness error (2 is thrown as UsageError). */
export async function checkCommand(assignmentRef: string, options: CheckOptions, io: CommandIO, env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; result: Result }> {
  const reporters = checkReporters(options, io, env);
  // The worker of the grading starts while the machine is probed, the assignment loads and the interpreters are looked up.
  const loading = loadAssignment(assignmentRef, options.fixtures, { cached: true }).then((loaded) => {
    if (options.server) lookUpInterpreterOf(options.server, 'server', options.serverCmd ?? loaded.assignment.server?.command);
    if (options.client) lookUpInterpreterOf(options.client, 'client', options.clientCmd ?? loaded.assignment.client?.command);
    return loaded;
  });
  const [loaded, chosen] = await whileChoosingSandbox(options.sandbox ?? 'auto', loading, 1);
  stopKeepingWorkers(); // that one grades, then ends: none replaces it
  try {
    const outcome = await checkWith(loaded, chosen, options, reporters, io);
    if (outcome.result.status === 'errored') probeAfreshNextTime();
    return outcome;
  } catch (error) {
    if (!(error instanceof UsageError)) probeAfreshNextTime();
    throw error;
  } finally {
    await stopReadyWorkers();
  }
}

async function checkWith(loaded: LoadedAssignment, chosen: SandboxChoice, options: CheckOptions, reporters: Reporter[], io: CommandIO): Promise<{ code: number; result: Result }> {
  // A jailed program must not read the hidden sentences.
  const sandbox = chosen.jail && options.fixtures ? { ...chosen, jail: { ...chosen.jail, hide: [...chosen.jail.hide, path.resolve(options.fixtures)] } } : chosen;
  if (options.out) {
    const out = options.out;
    reporters.push({ name: `json=${out}`, onRunEnd: (result) => writeFile(out, `${JSON.stringify(result, null, 2)}\n`) });
  }
  const reporter = new ReporterMultiplexer(reporters);
  let result: Result;
  try {
    result = await gradeSubmission(loaded, options, sandbox, reporter);
  } catch (error) {
    reporter.onRunError(error);
    throw error;
  }
  await reporter.onRunEnd(result);
  for (const failure of reporter.failures) io.stderr.write(`sockgrade: reporter failed: ${failure}\n`);
  const code = reporter.failures.length > 0 || result.status === 'errored' ? EXIT.harness : result.status === 'passed' ? EXIT.passed : EXIT.failed;
  return { code, result };
}

/** The reporters of a check: `--format` (or terminal) on stdout unless a `--reporter` takes stdout, then each `--reporter`. */
export function checkReporters(options: CheckOptions, io: CommandIO, env: NodeJS.ProcessEnv): Reporter[] {
  const specs = [...(options.reporter ?? [])];
  if (options.format || !specs.some((s) => s.file === undefined)) specs.unshift({ name: options.format ?? 'terminal' });
  return createReporters(specs, io.stdout, {
    color: options.color,
    verbose: options.verbose ?? false,
    showHidden: options.showHidden ?? false,
    hiddenVisibility: options.hiddenVisibility ?? 'after_published',
    github: { GITHUB_STEP_SUMMARY: env.GITHUB_STEP_SUMMARY, GITHUB_OUTPUT: env.GITHUB_OUTPUT },
  });
}
