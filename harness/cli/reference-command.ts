// `sockgrade reference <program>`: run one of the reference programs standalone.
import { runReference } from '../../reference/standalone.js';
import { UsageError } from '../spec/errors.js';
import type { CommandIO } from './check-command.js';

const PROGRAMS = ['udp-server', 'tcp-server', 'udp-client', 'tcp-client'] as const;
type ReferenceProgram = (typeof PROGRAMS)[number];

/** Runs a reference program until it ends (clients) or Ctrl-C (servers). */
export async function referenceCommand(name: string, opts: { host: string; port: number; transform: 'uppercase' | 'count-s' }, io: CommandIO): Promise<number> {
  if (!(PROGRAMS as readonly string[]).includes(name)) {
    throw new UsageError(`reference: expected one of ${PROGRAMS.join(', ')}, got ${JSON.stringify(name)}`);
  }
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await runReference(name as ReferenceProgram, opts, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, signal: controller.signal });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    void io;
  }
}
