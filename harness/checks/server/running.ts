// What several server checks start with: the student's server running (restarted if needed), and a
// TCP connection to it.
import { TcpClientConnection } from '../../../reference/tcp-client.js';
import type { StudentServer } from '../../session/student-server.js';
import type { ProcessOutcome, StudentProcess } from '../../launch/types.js';
import type { CheckContext, Problem } from '../types.js';

/** On a failure, how long to let a server that is on its way out finish exiting, so an exit is told from a hang. */
const EXIT_SETTLE_MS = 500;

/** How the server's process ended, if it has or does within EXIT_SETTLE_MS; undefined while it runs on. */
export function settledExit(proc: StudentProcess): Promise<ProcessOutcome | undefined> {
  return proc.exited ? proc.outcome : proc.waitForExit(EXIT_SETTLE_MS);
}

/** The running student server, or the verdict explaining why it could not be (re)started. */
export async function runningServer(ctx: CheckContext, check: string, next?: Buffer): Promise<{ server: StudentServer } | { verdict: Problem }> {
  const server = ctx.server;
  if (!server) throw new Error(`${check} needs the server role`);
  const running = await server.ensureRunning(ctx.log, next);
  return running.ok ? { server } : { verdict: running.verdict };
}

/** A TCP connection to the student's server within the exchange budget, or the failed verdict saying why not. */
export async function connectToServer(ctx: CheckContext, who: string): Promise<{ connection: TcpClientConnection } | { verdict: Problem }> {
  try {
    const connection = await TcpClientConnection.connect({ host: ctx.plan.connectHost, port: ctx.plan.port, timeoutMs: ctx.assignment.timeouts.exchangeMs });
    return { connection };
  } catch (error) {
    return { verdict: { status: 'failed', message: `${who} could not connect (${(error as NodeJS.ErrnoException).code ?? 'error'})`, expected: 'a connection', actual: 'refused' } };
  }
}

/**
 * Why a server that answered before did not answer now, when the cause is how it left its previous
 * client rather than this request: it exited normally (code 0), or it is still running but no longer
 * holds its listening socket (closed inside the loop). Either can still be under way when the next
 * request is sent (a busy machine): a check other than keeps-serving then restarts it and asks again.
 */
export async function leftAfterPreviousClient(ctx: CheckContext): Promise<'exited' | 'closed' | undefined> {
  const proc = ctx.server?.current;
  if (!proc || !ctx.server || ctx.server.answered === 0) return undefined;
  const outcome = await settledExit(proc);
  if (outcome !== undefined) return outcome.exitCode === 0 ? 'exited' : undefined;
  return ctx.assignment.transport === 'tcp' && !(await ctx.server.stillBound()) ? 'closed' : undefined;
}

/** The transcript note of a restart after `leftAfterPreviousClient`. */
export function leftNote(how: 'exited' | 'closed', previous: string): string {
  return how === 'exited'
    ? `your server exited normally right after ${previous}; sockgrade restarts it`
    : `your server closed its listening socket right after ${previous} (it no longer accepts connections); sockgrade restarts it`;
}
