// `sockgrade demo`: grades the bundled textbook programs (full marks) and faulty ones (a helpful
// failure), so a newcomer sees both at once.
import path from 'node:path';
import pc from 'picocolors';
import { PACKAGE_ROOT } from '../version.js';
import { checkCommand, type CommandIO } from './check-command.js';

const PROGRAMS = path.join(PACKAGE_ROOT, 'fixtures', 'programs');

interface DemoCase {
  caption: string;
  assignment: string;
  server?: string;
  client?: string;
  /** What the demo expects: every core check passed (the textbook), or some core check failed (a faulty program). */
  expect: 'core passes' | 'core fails';
}

const CASES: DemoCase[] = [
  { caption: 'The textbook UDP pair (UDPServer.py, UDPClient.py), unchanged: full marks', assignment: 'udp-uppercase', server: 'textbook/UDPServer.py', client: 'textbook/UDPClient.py', expect: 'core passes' },
  {
    caption: "The textbook TCP pair (TCPServer.py, TCPClient.py), unchanged: full core marks; its one recv(1024) loses the long-line check, beyond the textbook",
    assignment: 'tcp-uppercase',
    server: 'textbook/TCPServer.py',
    client: 'textbook/TCPClient.py',
    expect: 'core passes',
  },
  { caption: 'A faulty UDP server that echoes instead of upper-casing', assignment: 'udp-uppercase', server: 'faulty/udp-server-does-not-uppercase.py', expect: 'core fails' },
  { caption: "A faulty UDP client that prints the reply's bytes without decoding them", assignment: 'udp-uppercase', client: 'faulty/udp-client-prints-bytes.py', expect: 'core fails' },
];

/** Runs the demo cases; exit code 0 when each graded as expected. */
export async function demoCommand(io: CommandIO, options: { color: boolean }): Promise<number> {
  const c = pc.createColors(options.color);
  let asExpected = 0;
  for (const [i, demo] of CASES.entries()) {
    io.stdout.write(`\n${c.bold(c.cyan(`── demo ${i + 1} of ${CASES.length}: ${demo.caption}`))}\n\n`);
    const { result } = await checkCommand(
      demo.assignment,
      {
        ...(demo.server ? { server: path.relative(process.cwd(), path.join(PROGRAMS, demo.server)) } : {}),
        ...(demo.client ? { client: path.relative(process.cwd(), path.join(PROGRAMS, demo.client)) } : {}),
        format: 'terminal',
        color: options.color,
      },
      io,
    );
    const corePasses = result.checks.filter((c) => c.group !== 'robustness').every((c) => c.status === 'passed');
    if (corePasses === (demo.expect === 'core passes')) asExpected++;
  }
  const ok = asExpected === CASES.length;
  io.stdout.write(
    `\n${c.bold(ok ? c.green(`demo: all ${CASES.length} gradings came out as expected.`) : c.red(`demo: ${CASES.length - asExpected} of ${CASES.length} gradings did not come out as expected (see above).`))}\n` +
      `Grade your own: npx sockgrade check udp-uppercase --server UDPServer.py --client UDPClient.py\n`,
  );
  return ok ? 0 : 1;
}
