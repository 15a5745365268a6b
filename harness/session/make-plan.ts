// Building a grading plan from what the user asked: the assignment, the files, commands, port and seed.
import { randomInt, randomUUID } from 'node:crypto';
import type { LoadedAssignment } from '../spec/load.js';
import { UsageError } from '../spec/errors.js';
import { planProgram } from './command.js';
import { choosePort } from './ports.js';
import { procReadinessSupported } from '../readiness/support.js';
import type { GradingPlan, SandboxPlan } from './plan.js';

/** What a user asks for in one grading. */
export interface PlanRequest {
  server?: string;
  client?: string;
  serverCmd?: string;
  clientCmd?: string;
  /** A port number, 'auto' for a free one, or undefined for the assignment's port when free. */
  port?: number | 'auto';
  /** Also grade the client against the student's own server (needs both files). */
  pair?: boolean;
  /** Readiness observation: 'auto' (/proc where available), or forced. */
  readiness?: 'auto' | 'proc' | 'probe';
  seed?: number;
}

/** Resolves files, commands and the port; throws UsageError for anything the user must fix. */
export async function makePlan(loaded: LoadedAssignment, request: PlanRequest, sandbox: SandboxPlan = { mode: 'none', unprotected: [] }): Promise<GradingPlan> {
  const { assignment, file } = loaded;
  if (!request.server && !request.client) throw new UsageError('nothing to grade: give --server FILE, --client FILE, or both');
  if (request.serverCmd && !request.server) throw new UsageError('--server-cmd needs --server FILE');
  if (request.pair && !(request.server && request.client)) throw new UsageError('--pair needs both --server FILE and --client FILE');
  if (request.clientCmd && !request.client) throw new UsageError('--client-cmd needs --client FILE');
  const server = request.server ? planProgram(request.server, 'server', request.serverCmd ?? assignment.server?.command) : undefined;
  const client = request.client ? planProgram(request.client, 'client', request.clientCmd ?? assignment.client?.command) : undefined;
  // In its own network namespace every port is free; otherwise the machine's ports are shared.
  const { port, reason } = sandbox.mode === 'namespace' ? namespacePort(assignment.port, request.port) : await choosePort(assignment.port, request.port);
  return {
    assignment,
    assignmentFile: file,
    ...(loaded.privateFixtures ? { privateFixturesFile: loaded.privateFixtures } : {}),
    ...(server ? { server } : {}),
    ...(client ? { client } : {}),
    port,
    portReason: reason,
    clientHost: assignment.host,
    connectHost: '127.0.0.1',
    runId: randomUUID(),
    seed: request.seed ?? randomInt(1, 2 ** 31 - 1),
    sandbox,
    ...(request.pair ? { pair: true } : {}),
    readiness: request.readiness === 'probe' || (request.readiness !== 'proc' && !procReadinessSupported()) ? 'probe' : 'proc',
  };
}

function namespacePort(assignmentPort: number, requested: number | 'auto' | undefined): { port: number; reason: string } {
  if (typeof requested === 'number') return { port: requested, reason: `port ${requested} was given with --port` };
  if (requested === 'auto') return { port: randomInt(20000, 60000), reason: '--port auto asked for a free port' };
  return { port: assignmentPort, reason: "the assignment's port, in this submission's own network namespace" };
}
