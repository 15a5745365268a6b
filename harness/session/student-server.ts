// The student's server, owned for the duration of the server role: launched, observed until it has
// bound its socket, relaunched when a check finds it gone, and stopped at the end.
import { describeOutcome, lastLines, stderrTail } from '../launch/headline.js';
import type { ProcessOutcome, StudentProcess } from '../launch/types.js';
import { waitForBind } from '../readiness/wait-for-bind.js';
import { createBoundSocketReader } from '../readiness/bound-sockets.js';
import { BindTimes } from '../readiness/bind-times.js';
import type { BoundSocket, BoundSocketReader } from '../readiness/types.js';
import { probeUntilReady } from '../readiness/probe.js';
import type { TcpClientConnection } from '../../reference/tcp-client.js';
import { launchStudent } from './launch-student.js';
import type { GradingPlan, ProgramPlan } from './plan.js';
import type { Transcript } from '../checks/transcript.js';
import type { Problem } from '../checks/types.js';
import { capitalise, hintForOutput, notStarted } from '../checks/hints.js';

/** What a readiness probe made, for the first exchange: an open TCP connection, or the UDP probe and its reply. */
export interface ProbeHandoff {
  connection?: TcpClientConnection;
  udp?: { payload: Buffer; reply?: Buffer; localPort: number };
}

/** A start that worked (the expected socket is bound) or the verdict explaining why it did not. */
export type StartResult = { ok: true; socket: BoundSocket } | { ok: false; verdict: Problem };

/** How long the servers this process started took to bind, by interpreter (a worker starts one per grading). */
const bindTimes = new BindTimes();

/** The student's server process across the checks of the server role. */
export class StudentServer {
  private process: StudentProcess | undefined;
  private socket: BoundSocket | undefined;
  private handoff: ProbeHandoff | undefined;
  /** Reads the running server's bound sockets (kept from its start, so a later look costs a /proc scan of its tree, no table). */
  private reader: BoundSocketReader | undefined;
  /** How many times the server was launched. */
  launches = 0;
  /** Requests sent to it, and how many got a reply (across checks). */
  requests = 0;
  answered = 0;
  /** The argv of the last launch (for display). */
  argv: string[] = [];
  /** True once a launch has bound the expected socket (so a later "address in use" is the server's own doing). */
  private boundOnce = false;

  constructor(
    private readonly plan: GradingPlan,
    private readonly program: ProgramPlan,
  ) {}

  /** True while the launched process is running. */
  get running(): boolean {
    return this.process !== undefined && !this.process.exited;
  }

  /** The running process, if any (for output and exit observations). */
  get current(): StudentProcess | undefined {
    return this.process;
  }

  /** Launches the server and waits until it has bound the expected socket; `next` is the request that comes next (probing sends it). */
  async start(log: Transcript, next?: Buffer): Promise<StartResult> {
    await this.stop();
    const { assignment, port } = this.plan;
    const { process: proc, argv } = launchStudent(this.plan, this.program);
    this.argv = argv;
    const command = argv[0];
    this.launches += 1;
    log.harness('launch', `started your server: ${argv.join(' ')} (SERVER_PORT=${port})`);
    this.process = proc;
    if (proc.pid === undefined) {
      const outcome = await proc.outcome;
      return { ok: false, verdict: startError(outcome, command ?? '') };
    }
    const transport = assignment.transport.toUpperCase();
    if (this.plan.readiness === 'probe') return this.startByProbe(log, proc, command ?? '', next);
    this.reader = createBoundSocketReader(proc.pid, assignment.transport);
    const kind = this.program.executable ?? this.program.template[0] ?? '';
    const wait = await waitForBind({
      reader: this.reader,
      pid: proc.pid,
      transport: assignment.transport,
      port,
      timeoutMs: assignment.timeouts.startupMs,
      exited: proc.outcome,
      firstLookMs: bindTimes.firstLookMs(kind),
    });
    if (wait.kind === 'bound') {
      bindTimes.record(kind, wait.waitedMs);
      this.socket = wait.socket;
      this.boundOnce = true;
      log.student('bound', `your server bound ${transport} ${formatAddress(wait.socket)} after ${wait.waitedMs} ms`);
      return { ok: true, socket: wait.socket };
    }
    if (wait.kind === 'exited') {
      const outcome = await proc.outcome;
      if (outcome.spawnError) return { ok: false, verdict: startError(outcome, command ?? '') };
      log.student('exit', `your server ${describeOutcome(outcome, '').trim()} before binding`);
      return { ok: false, verdict: this.exitedBeforeBind(outcome, wait.all) };
    }
    const stdout = proc.stdoutText();
    const stderr = proc.stderrText();
    if (wait.kind === 'mismatch') {
      log.student('bound', `your server bound ${wait.all.map((s) => `${s.transport.toUpperCase()} ${formatAddress(s)}`).join(', ')}`);
      await this.stop();
      return { ok: false, verdict: this.wrongSocket(wait.all) };
    }
    log.add('sockgrade', 'timeout', `no ${transport} socket on port ${port} after ${wait.waitedMs} ms`);
    await this.stop();
    return {
      ok: false,
      verdict: {
        status: 'failed',
        message: `your server did not bind ${transport} port ${port} within ${assignment.timeouts.startupMs} ms (start-up; instructors: timeouts.startupMs)`,
        expected: `a ${transport} socket bound to port ${port}`,
        actual: wait.all.length === 0 ? 'no socket bound' : wait.all.map((s) => `${s.transport.toUpperCase()} ${formatAddress(s)}`).join(', '),
        hint:
          hintForOutput(this.plan, { stdout, stderr }) ??
          (stdout.trim()
            ? `It printed ${JSON.stringify(lastLines(stdout, 1))} but had not bound a socket: create the socket and call bind() before announcing that it is ready.`
            : `Is the program stuck before bind()? A server must create its socket and bind port ${port} as soon as it starts.`),
      },
    };
  }

  /** Relaunches the server if it has exited or no longer holds its socket; notes why in the transcript. */
  async ensureRunning(log: Transcript, next?: Buffer): Promise<StartResult> {
    if (this.process && this.socket && !this.process.exited) {
      if (await this.stillBound()) return { ok: true, socket: this.socket };
      // A server that closed its socket is often on its way out: tell an exit from a running server.
      const exited = await this.process.waitForExit(100);
      log.note(
        exited
          ? `your server had exited (${describeOutcome(exited, '').trim()}); sockgrade restarts it`
          : 'your server is running but no longer holds its socket; sockgrade restarts it',
      );
    } else if (this.process?.exited) {
      log.note(`your server had exited (${describeOutcome(await this.process.outcome, '').trim()}); sockgrade restarts it`);
    }
    return this.start(log, next);
  }

  /** What a readiness probe made and the first exchange should use (taken once). */
  takeHandoff(): ProbeHandoff | undefined {
    const handoff = this.handoff;
    this.handoff = undefined;
    return handoff;
  }

  /** Without /proc: probes until the server answers (keeping what the probe made for the first exchange). */
  private async startByProbe(log: Transcript, proc: StudentProcess, command: string, next: Buffer | undefined): Promise<StartResult> {
    const { assignment, port, connectHost } = this.plan;
    const transport = assignment.transport.toUpperCase();
    const probe = await probeUntilReady({
      transport: assignment.transport,
      host: connectHost,
      port,
      timeoutMs: assignment.timeouts.startupMs,
      exited: proc.outcome,
      payload: next ?? Buffer.from(assignment.fixtures[0]?.sentences[0] ?? 'hello', 'utf8'),
    });
    if (probe.kind === 'ready') {
      this.boundOnce = true;
      this.handoff = { ...(probe.connection ? { connection: probe.connection } : {}), ...(probe.udp ? { udp: probe.udp } : {}) };
      this.socket = { transport: assignment.transport, family: 4, address: connectHost, port, inode: 0, pid: proc.pid ?? 0 };
      log.student('bound', `your server answered on ${transport} ${formatAddress(this.socket)} after ${probe.waitedMs} ms (probed: this system has no /proc)`);
      return { ok: true, socket: this.socket };
    }
    if (probe.kind === 'exited') {
      const outcome = await proc.outcome;
      if (outcome.spawnError) return { ok: false, verdict: startError(outcome, command) };
      log.student('exit', `your server ${describeOutcome(outcome, '').trim()} before answering`);
      return { ok: false, verdict: this.exitedBeforeBind(outcome, []) };
    }
    const stdout = proc.stdoutText();
    const stderr = proc.stderrText();
    await this.stop();
    return {
      ok: false,
      verdict: {
        status: 'failed',
        message: `your server did not answer on ${transport} port ${port} within ${assignment.timeouts.startupMs} ms (start-up; instructors: timeouts.startupMs)`,
        expected: `a ${transport} socket bound to port ${port}`,
        actual: `${assignment.transport === 'tcp' ? 'connections refused' : 'datagrams refused'} (this system has no /proc, so sockgrade cannot see which port it bound instead)`,
        ...optionalHint(hintForOutput(this.plan, { stdout, stderr })),
      },
    };
  }

  /** True while the process tree still holds the socket it bound. */
  async stillBound(): Promise<boolean> {
    // Without /proc the socket cannot be seen; a server that quits after a client exits right after
    // replying, so a brief look at its exit is the best observation there is (probe mode only).
    if (this.plan.readiness === 'probe') return this.process !== undefined && !(await this.process.waitForExit(25));
    if (!this.process?.pid || !this.socket || !this.reader || this.process.exited) return false;
    return this.reader.read().some((s) => s.inode === this.socket?.inode);
  }

  /** Stops the server (whole process group) if running; returns how it ended. */
  async stop(): Promise<ProcessOutcome | undefined> {
    const proc = this.process;
    this.socket = undefined;
    this.reader = undefined;
    await this.takeHandoff()?.connection?.close();
    if (!proc) return undefined;
    return proc.exited ? proc.outcome : proc.stop();
  }

  private exitedBeforeBind(outcome: ProcessOutcome, sockets: BoundSocket[]): Problem {
    const { assignment, port } = this.plan;
    const transport = assignment.transport.toUpperCase();
    // Stopped by sockgrade (output limit), it may have bound a moment before: say only what was seen.
    const stopped = outcome.outputLimitExceeded !== undefined;
    return {
      status: 'failed',
      message: `your server ${describeOutcome(outcome, '').trim()} ${stopped ? 'before sockgrade saw it bind' : 'before binding'} ${transport} port ${port}`,
      expected: `a running server bound to ${transport} port ${port}`,
      actual: `${describeOutcome(outcome, 'the process')}${sockets.length ? '' : stopped ? ', no socket seen bound' : ', no socket bound'}${stderrTail(outcome)}`,
      hint:
        hintForOutput(this.plan, { stdout: outcome.stdout.text, stderr: outcome.stderr.text }, { role: 'server', serverBoundBefore: this.boundOnce }) ??
        (outcome.exitCode === 0
          ? 'A server must keep running: wrap the receive-and-reply code in a `while True:` loop.'
          : undefined),
    };
  }

  private wrongSocket(all: BoundSocket[]): Problem {
    const { assignment, port } = this.plan;
    const want = assignment.transport;
    const list = all.map((s) => `${s.transport.toUpperCase()} ${formatAddress(s)}`).join(', ');
    const sameTransport = all.filter((s) => s.transport === want);
    if (sameTransport.length === 0) {
      const socketType = want === 'udp' ? 'SOCK_DGRAM' : 'SOCK_STREAM';
      return {
        status: 'failed',
        message: `your server opened ${list}, but this assignment uses ${want.toUpperCase()}`,
        expected: `${want.toUpperCase()} port ${port}`,
        actual: list,
        hint: `Create the server socket with socket(AF_INET, ${socketType})${want === 'udp' ? ' (no listen() or accept() for UDP)' : ''}.`,
      };
    }
    const ports = [...new Set(sameTransport.map((s) => s.port))].join(', ');
    const given = `sockgrade gave your program port ${port} (argv[2] and SERVER_PORT)`;
    return {
      status: 'failed',
      message: `your server bound ${want.toUpperCase()} port ${ports} instead of port ${port}`,
      expected: `${want.toUpperCase()} port ${port}`,
      actual: list,
      hint:
        port === assignment.port
          ? `This assignment uses port ${port}: set serverPort = ${port}.`
          : `${capitalise(this.plan.portReason)}, so ${given}, and your server ignored it. Read the port from sys.argv[2] or os.environ['SERVER_PORT'], defaulting to ${assignment.port}.`,
    };
  }
}

function startError(outcome: ProcessOutcome, command: string): Problem {
  return notStarted(outcome.spawnError ?? { code: 'unknown', message: 'unknown' }, command);
}

/** `0.0.0.0:12000`, `[::1]:12000`. */
export function formatAddress(s: { address: string; port: number; family?: 4 | 6 }): string {
  return s.address.includes(':') ? `[${s.address}]:${s.port}` : `${s.address}:${s.port}`;
}


function optionalHint(hint: string | undefined): { hint?: string } {
  return hint ? { hint } : {};
}
