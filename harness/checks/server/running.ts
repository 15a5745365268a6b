// What several server checks start with: the student's server running (restarted if needed), and a
// TCP connection to it.
import { TcpClientConnection } from '../../../reference/tcp-client.js';
import type { StudentServer } from '../../session/student-server.js';
import type { CheckContext, Problem } from '../types.js';

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

/** True when the server, having answered before, has exited normally (code 0) rather than crashing on this request. */
export async function quitAfterPreviousClient(ctx: CheckContext): Promise<boolean> {
  const proc = ctx.server?.current;
  if (!proc || !ctx.server || ctx.server.answered === 0) return false;
  const outcome = proc.exited ? await proc.outcome : await proc.waitForExit(500);
  return outcome !== undefined && outcome.exitCode === 0;
}
