// The sockgrade command line: parses arguments (commander), runs a command, maps outcomes to exit codes.
// A command's code is imported when it runs (each action's `await import(…)`), so that starting the CLI
// costs only what the command in hand needs.
import { Command, CommanderError, Option } from 'commander';
import { UsageError } from '../spec/errors.js';
import { VERSION } from '../version.js';
import type { CheckOptions, CommandIO } from './check-command.js';
import { REPORTER_NAMES } from '../reporters/names.js';
import { collectReporter, parsePort, parseSeed } from './parse-options.js';
import { registerGradescopeBundle } from './gradescope-bundle.js';
import { registerGradeCommands } from './grade-command.js';
import { registerValidate } from './validate-command.js';
import { registerInit } from './init-command.js';
import { registerReference } from './reference-command.js';
import { EXIT } from './exit-codes.js';
import { killAllProcessesSync } from '../launch/registry.js';


/** Runs sockgrade with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: CommandIO = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let code: number = EXIT.passed;
  const color = process.env.NO_COLOR === undefined && (process.env.FORCE_COLOR !== undefined || (process.stdout.isTTY ?? false));
  const program = new Command('sockgrade')
    .description('Grade socket-programming assignments (UDP/TCP client and server programs) over real sockets.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run sockgrade --help for usage)');

  program
    .command('check')
    .description('grade one submission: a student server, a student client, or both')
    .argument('<assignment>', 'a bundled assignment id (see `sockgrade list`) or the path of an assignment .yaml file')
    .option('--server <file>', "the student's server program")
    .option('--client <file>', "the student's client program")
    .option('--pair', "also grade the student's client against the student's server (needs both)")
    .option('--server-cmd <command>', 'how to run the server: a template with {file}, {host}, {port}, {dir}')
    .option('--client-cmd <command>', 'how to run the client: a template with {file}, {host}, {port}, {dir}')
    .option('--fixtures <file>', 'a private fixtures file: hidden sentence groups added at grading time (their checks are marked hidden)')
    .option('--show-hidden', "show hidden checks' details (sentences, replies, transcripts) in every format; by default only their verdict is shown where students may look")
    .addOption(new Option('--format <format>', 'the one format printed on stdout (default: terminal)').choices(REPORTER_NAMES))
    .option('--reporter <name[=file]>', `a report to write, repeatable: ${REPORTER_NAMES.join(', ')}; to FILE, or to stdout without one`, collectReporter)
    .addOption(new Option('--hidden-visibility <when>', 'gradescope: when students see hidden checks').choices(['hidden', 'after_due_date', 'after_published', 'visible']).default('after_published'))
    .option('--out <file>', 'also write the JSON result to this file')
    .option('--port <port>', "port to give the programs: a number, or 'auto' for a free one (default: the assignment's port when free)", parsePort)
    .option('--seed <n>', 'seed of the unpredictable replies (to reproduce a grading)', parseSeed)
    .addOption(new Option('--sandbox <mode>', 'isolation: each grading in its own network and PID namespaces (namespace), none, or whichever this machine allows (auto)').choices(['auto', 'namespace', 'none']).default('auto'))
    .addOption(new Option('--readiness <how>', "how a server's readiness is seen: its bound sockets in /proc, or probing (where /proc is missing)").choices(['auto', 'proc', 'probe']).default('auto'))
    .option('--no-color', 'plain text output')
    .option('--verbose', 'show transcripts of passed checks too')
    .action(async (assignment: string, opts: Omit<CheckOptions, 'color'> & { color: boolean }) => {
      const { checkCommand } = await import('./check-command.js');
      code = (await checkCommand(assignment, { ...opts, color: opts.color && color }, io)).code;
    });

  program
    .command('list')
    .description('list the bundled assignments')
    .action(async () => {
      const { listCommand } = await import('./list-command.js');
      code = await listCommand(io);
    });

  registerGradeCommands(program, io, (value) => (code = value));
  registerValidate(program, io, (value) => (code = value));
  registerInit(program, io, (value) => (code = value));
  registerGradescopeBundle(program, io, (value) => (code = value));

  program
    .command('doctor')
    .description('say what isolation this machine allows for gradings, and how to enable more')
    .action(async () => {
      const { doctorCommand } = await import('./doctor-command.js');
      code = await doctorCommand(io);
    });

  program
    .command('demo')
    .description('grade the bundled textbook programs and a faulty one, to see sockgrade at work')
    .option('--no-color', 'plain text output')
    .action(async (opts: { color: boolean }) => {
      const { demoCommand } = await import('./demo-command.js');
      code = await demoCommand(io, { color: opts.color && color });
    });

  registerReference(program, io, (value) => (code = value));

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.passed : EXIT.usage;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`sockgrade: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof Error && (error.name === 'WorkerError' || error.name === 'HarnessError')) {
      io.stderr.write(`sockgrade: harness error (not the student's fault): ${error.message}\n`);
      return EXIT.harness;
    }
    io.stderr.write(`sockgrade: internal error (not the student's fault): ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    return EXIT.harness;
  }
}

/** Ctrl-C or a kill: student programs lead their own process groups, so end them before exiting (the bin installs this). */
export function endStudentProgramsOnSignal(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAllProcessesSync();
      process.stderr.write(`\nsockgrade: stopped by ${signal}; every student program was ended\n`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

/**
 * A reader that goes away early (`sockgrade check … | head`) must not crash the command with EPIPE
 * before it has ended its programs, stored its results and removed its scratch copies: the command
 * runs to its end and what it would still have printed is dropped (the bin installs this).
 */
export function dropOutputToClosedPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    });
  }
}
