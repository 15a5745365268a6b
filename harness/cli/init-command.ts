// `sockgrade init <name>`: writes <name>.yaml, a commented starter assignment that passes the schema and
// `sockgrade validate`, for an instructor to edit. Never overwrites a file.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { UsageError } from '../spec/errors.js';
import { PACKAGE_ROOT } from '../version.js';
import type { CommandIO } from './check-command.js';
import { EXIT } from './exit-codes.js';

/** Registers the `init` command on `program`; `setCode` receives its exit code. */
export function registerInit(program: Command, io: CommandIO, setCode: (code: number) => void): void {
  program
    .command('init')
    .description('write <name>.yaml, a commented starter assignment to edit (never overwrites a file)')
    .argument('<name>', 'the assignment id, kebab-case (e.g. lab2-udp), optionally with a folder: labs/lab2-udp')
    .addOption(new Option('--transport <transport>', 'udp or tcp').choices(['udp', 'tcp']).default('udp'))
    .action(async (name: string, opts: { transport: 'udp' | 'tcp' }) => {
      setCode(await initCommand(name, opts, io));
    });
}

/** Writes the starter file; throws UsageError for a bad name or an existing file (exit 2). */
export async function initCommand(name: string, opts: { transport: 'udp' | 'tcp' }, io: CommandIO): Promise<number> {
  const file = /\.ya?ml$/i.test(name) ? name : `${name}.yaml`;
  const id = path.basename(file).replace(/\.ya?ml$/i, '');
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) {
    throw new UsageError(`init: ${JSON.stringify(id)} cannot be an assignment id: expected kebab-case such as "lab2-udp" (lower-case letters, digits and -)`);
  }
  const schemaFile = path.relative(path.dirname(path.resolve(file)), path.join(PACKAGE_ROOT, 'schema', 'assignment.schema.json')).split(path.sep).join('/');
  try {
    await writeFile(file, starterAssignment({ id, transport: opts.transport, schemaFile }), { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`init: ${file} already exists; sockgrade never overwrites it (choose another name or remove it)`);
    throw new UsageError(`init: cannot write ${file} (${code ?? String(error)})`);
  }
  io.stdout.write(`wrote ${file}: a starter ${opts.transport.toUpperCase()} upper-case assignment, every field explained\n`);
  io.stdout.write(`  next: edit it, then \`sockgrade validate ${file}\` (the reference must pass, every mutant must be caught)\n`);
  return EXIT.passed;
}

/** The text of a starter assignment: valid, commented field by field. */
export function starterAssignment(o: { id: string; transport: 'udp' | 'tcp'; schemaFile: string }): string {
  const udp = o.transport === 'udp';
  const Name = udp ? 'UDP' : 'TCP';
  return `# yaml-language-server: $schema=${o.schemaFile}
# A sockgrade assignment (docs/assignments.md explains every field). Check it with
#   sockgrade validate ${o.id}.yaml
# and grade with
#   sockgrade check ${o.id}.yaml --server ${Name}Server.py --client ${Name}Client.py

# The format version of this file (always this value).
schema: sockgrade/assignment@1
# Stable kebab-case id, shown in results and gradebooks.
id: ${o.id}
# One line students read at the top of every result.
title: ${Name} upper-case client and server
# Optional: longer text for instructors (not shown to students).
description: The textbook's ${Name} pair (§2.7), with a few sentences beyond the textbook.
# udp or tcp: the transport both programs must use.
transport: ${o.transport}
# The port the programs hard-code (the textbook's 12000). Where sockgrade cannot give every grading its
# own network namespace, programs may be handed another port through argv and SERVER_PORT.
port: 12000
# The host name the student's client is told to use (argv and SERVER_HOST).
host: localhost
# What a correct server replies: {kind: uppercase}, or the count variant:
#   {kind: count-letter, letter: s, caseSensitive: true}  (replies with the count as a decimal string)
transform:
  kind: uppercase
# Budgets in milliseconds; a timeout message names the setting to raise.
timeouts:
  startupMs: 5000   # launch until the server has bound its socket
  exchangeMs: 2000  # one request until its whole reply
  exitMs: 2000      # a client's reply until it exits
# Limits on every student process (defaults shown).
limits:
  cpuSeconds: 10    # CPU time
  memoryMb: 1024    # writable memory
  processes: 64     # processes and threads of the program
  fileSizeMb: 16    # largest file it may write
  outputKb: 1024    # stdout and stderr kept, per stream
# Sentence groups. Each group is one check, server-replies-<id>, worth its points; the first group is the
# core: the client checks type its sentences, and the other server checks use them. Mix cases, so that a
# server that echoes, or lower-cases, gives itself away.
fixtures:
  - id: core
    title: core sentences
    points: 4
    sentences:
      - hello world
      - Computer Networking, a Top-Down Approach
      - sockets are fun, said the student
  # beyondTextbook groups are labelled so in results, count only once the core passes, and deserve few points.
  - id: long-line
    title: a line longer than 1024 bytes
    beyondTextbook: true
    points: 0.5
    sentences:
      # { repeat, times } builds one long sentence: here 39 × 40 = 1560 bytes.
      - repeat: "all work and no play makes a long line "
        times: 40
# Hidden groups whose sentences you add at grading time (--fixtures private.yaml), announced here without
# their sentences so that a student's self-check says how many hidden checks will run, and for how many points.
# hiddenFixtures:
#   - id: hidden
#     points: 2
# How many clients in a row the server must serve without a restart (server-keeps-serving).
consecutiveClients: 3
# The multi variant: the client makes one exchange per input line until end of input or the quit word
# (not sent); a TCP server then answers every sentence on one connection. Leave out for one sentence.
# multi:
#   quitWord: quit
# Only for TCP: true when the server must serve clients at the same time (threads or selectors).
# concurrent: false
# The student's server: how to find it in a submission, optionally how to run it, and points per check.
server:
  files: [${Name}Server.py, "*server*.py"]   # file names or glob patterns (for sockgrade grade)
  # command: python3 {file} {host} {port}   # default by extension; placeholders {file} {host} {port} {dir}
  points:
    server-binds: 2
    server-keeps-serving: 2${udp ? '\n    server-udp-interleaved: 2' : ''}
# The student's client, likewise.
client:
  files: [${Name}Client.py, "*client*.py"]
  points:
    client-sends-sentence: 3
    client-prints-reply: 3
    client-exits: 2
`;
}
