// `sockgrade validate <file.yaml|id>`: checks an assignment file against the schema, then shows that its
// checks pass the reference implementation and catch every mutant of it.
import { Option, type Command } from 'commander';
import { UsageError } from '../spec/errors.js';
import { loadAssignment } from './catalog.js';
import type { CommandIO } from './check-command.js';
import { EXIT } from './exit-codes.js';

/** Options of `sockgrade validate`. */
export interface ValidateCommandOptions {
  format: 'terminal' | 'json';
  jobs?: number;
  fixtures?: string;
}

/** Registers the `validate` command on `program`; `setCode` receives its exit code. */
export function registerValidate(program: Command, io: CommandIO, setCode: (code: number) => void): void {
  program
    .command('validate')
    .description('check an assignment file: the schema, then the reference passes every check and every mutant of it is caught')
    .argument('<assignment>', 'a bundled assignment id or the path of an assignment .yaml file')
    .addOption(new Option('--format <format>', 'terminal (a table) or json (one object)').choices(['terminal', 'json']).default('terminal'))
    .option('--fixtures <file>', 'also validate a private fixtures file, with its hidden groups in the checks')
    .option('--jobs <n>', 'gradings run at once (default: three per core, at least four)', parseJobs)
    .action(async (assignment: string, opts: ValidateCommandOptions) => {
      setCode(await validateCommand(assignment, opts, io));
    });
}

/** Validates one assignment and prints the outcome; 0 valid, 1 rejected, 2 spec error (thrown), 3 harness error. */
export async function validateCommand(assignmentRef: string, opts: ValidateCommandOptions, io: CommandIO): Promise<number> {
  const [{ validateAssignment }, { renderValidation }] = await Promise.all([import('../validate/run.js'), import('../validate/render.js')]);
  const loaded = await loadAssignment(assignmentRef, opts.fixtures);
  const validation = await validateAssignment(loaded, opts.jobs !== undefined ? { jobs: opts.jobs } : {});
  io.stdout.write(opts.format === 'json' ? `${JSON.stringify(validation, null, 2)}\n` : renderValidation(validation));
  return validation.verdict === 'valid' ? EXIT.passed : validation.verdict === 'rejected' ? EXIT.failed : EXIT.harness;
}

function parseJobs(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--jobs: expected a whole number from 1 to 64, got ${JSON.stringify(value)}`);
  return n;
}
