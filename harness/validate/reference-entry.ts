// A light entry point that runs only `sockgrade reference …` (the same command code as bin/sockgrade.js),
// so that the many reference and mutant launches of a validation do not each load the whole CLI.
import { Command, CommanderError } from 'commander';
import { registerReference } from '../cli/reference-command.js';
import { UsageError } from '../spec/errors.js';

/** Runs `reference <argv…>` and resolves to its exit code (2 for a usage error). */
export async function referenceEntry(argv: string[]): Promise<number> {
  const io = { stdout: process.stdout, stderr: process.stderr };
  let code = 0;
  const program = new Command('sockgrade').exitOverride();
  registerReference(program, io, (value) => (code = value));
  try {
    await program.parseAsync(['reference', ...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UsageError) {
      io.stderr.write(`sockgrade: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await referenceEntry(process.argv.slice(2));
