// `sockgrade reference <program>`: run one of the reference programs standalone, or one of its mutants.
import { CLIENT_MUTANTS, isClientMutant, isServerMutant, MUTANT_NAMES, SERVER_MUTANTS, type MutantName } from '../../reference/mutants.js';
import type { TransformSpec } from '../../reference/transforms.js';
import type { Command } from 'commander';
import { UsageError } from '../spec/errors.js';
import type { CommandIO } from './check-command.js';

const PROGRAMS = ['udp-server', 'tcp-server', 'udp-client', 'tcp-client'] as const;
type ReferenceProgram = (typeof PROGRAMS)[number];

/** Help text of `--mutant`: every mutant by role. */
const MUTANT_HELP = `make one deliberate mistake: server ${Object.keys(SERVER_MUTANTS).join(', ')}; client ${Object.keys(CLIENT_MUTANTS).join(', ')}`;

/** Options of `sockgrade reference` as parsed from the command line. */
export interface ReferenceOptions {
  host?: string;
  port: number;
  transform: TransformSpec;
  multi?: { quitWord: string };
  mutant?: string;
}

/** Registers the `reference` command on `program`; `setCode` receives its exit code. */
export function registerReference(program: Command, io: CommandIO, setCode: (code: number) => void): void {
  program
    .command('reference')
    .description("run one of sockgrade's reference programs, to test one half of your pair against ours")
    .argument('<program>', 'udp-server, tcp-server, udp-client or tcp-client')
    .option('--host <host>', 'clients: the server host (default localhost); servers: the one address to listen on (default 127.0.0.1 and ::1)')
    .option('--port <port>', 'port', parseReferencePort, 12000)
    .option('--transform <name>', 'what the server replies: uppercase, or count-<letter> such as count-s', 'uppercase')
    .option('--ignore-case', 'count-<letter>: count the letter in either case')
    .option('--multi', 'clients: one exchange per line until end of input or the quit word; TCP server: answer every request on a connection')
    .option('--quit-word <word>', 'with --multi: the line that ends the client (not sent)', 'quit')
    .option('--mutant <name>', MUTANT_HELP)
    .action(async (name: string, o: { host?: string; port: number; transform: string; ignoreCase?: boolean; multi?: boolean; quitWord: string; mutant?: string }) => {
      const opts: ReferenceOptions = {
        port: o.port,
        transform: parseTransform(o.transform, o.ignoreCase ?? false),
        ...(o.host !== undefined ? { host: o.host } : {}),
        ...(o.multi ? { multi: { quitWord: o.quitWord } } : {}),
        ...(o.mutant !== undefined ? { mutant: o.mutant } : {}),
      };
      setCode(await referenceCommand(name, opts, io));
    });
}

function parseReferencePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port: expected a port number from 1 to 65535, got ${JSON.stringify(value)}`);
  return port;
}

/** Parses `--transform`: `uppercase`, or `count-<letter>` (e.g. count-s); `ignoreCase` counts either case. */
export function parseTransform(value: string, ignoreCase = false): TransformSpec {
  if (value === 'uppercase') return { kind: 'uppercase' };
  const letter = /^count-(.+)$/su.exec(value)?.[1];
  if (letter !== undefined && [...letter].length === 1) return { kind: 'count-letter', letter, caseSensitive: !ignoreCase };
  throw new UsageError(`--transform: expected "uppercase" or "count-<letter>" such as "count-s", got ${JSON.stringify(value)}`);
}

/** Checks `--mutant` names a mutant of this kind of program; returns it typed. */
export function checkMutant(program: ReferenceProgram, mutant: string | undefined): MutantName | undefined {
  if (mutant === undefined) return undefined;
  const server = program.endsWith('-server');
  if (server && isServerMutant(mutant)) return mutant;
  if (!server && isClientMutant(mutant)) return mutant;
  const kind = server ? 'server' : 'client';
  const fitting = MUTANT_NAMES.filter((m) => (server ? isServerMutant(m) : isClientMutant(m)));
  const why = isServerMutant(mutant) || isClientMutant(mutant) ? `${mutant} is a ${server ? 'client' : 'server'} mutant; ` : '';
  throw new UsageError(`--mutant: ${why}a ${kind} mutant is one of ${fitting.join(', ')}, got ${JSON.stringify(mutant)}`);
}

/** Runs a reference program until it ends (clients) or Ctrl-C (servers). */
export async function referenceCommand(name: string, opts: ReferenceOptions, io: CommandIO): Promise<number> {
  if (!(PROGRAMS as readonly string[]).includes(name)) {
    throw new UsageError(`reference: expected one of ${PROGRAMS.join(', ')}, got ${JSON.stringify(name)}`);
  }
  const program = name as ReferenceProgram;
  const mutant = checkMutant(program, opts.mutant);
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const options = { port: opts.port, transform: opts.transform, ...(opts.host !== undefined ? { host: opts.host } : {}), ...(opts.multi ? { multi: opts.multi } : {}), ...(mutant ? { mutant } : {}) };
    const { runReference } = await import('../../reference/standalone.js');
    return await runReference(program, options, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, signal: controller.signal });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    void io;
  }
}
