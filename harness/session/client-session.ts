// The student's client, run once per core sentence against sockgrade's reference server (listening on
// UDP and TCP, IPv4 and IPv6 loopback). The server's reply carries a token the client cannot compute,
// so a client that prints its own upper-casing instead of the reply is caught.
import { setImmediate as nextTick } from 'node:timers/promises';
import { describeOutcome } from '../launch/headline.js';
import type { ProcessOutcome } from '../launch/types.js';
import { startDualServer } from '../../reference/dual-server.js';
import type { ReferenceServer, ServerExchange } from '../../reference/types.js';
import { showBytesCounted } from '../result/bytes.js';
import type { TranscriptEntry } from '../result/types.js';
import { Transcript } from '../checks/transcript.js';
import type { Problem } from '../checks/types.js';
import { expectedReply, printedAsText } from '../checks/describe.js';
import { observeWaiting, type WaitingObservation } from '../checks/client/waiting.js';
import { launchStudent } from './launch-student.js';
import type { GradingPlan, ProgramPlan } from './plan.js';
import { seededRandom, token } from './rng.js';

/** How a run's input ends: at end of input, or at the assignment's quit word (followed by a line that must not be sent). */
export type RunEnd = 'eof' | 'quit';

/** One run of the student's client: some lines on stdin, each to be sent in an exchange of its own. */
export interface ClientRun {
  /** The lines the client must send, in order (not the quit word or what follows it). */
  lines: string[];
  end: RunEnd;
  /** What sockgrade's server replied, or would reply, to each line (with a token the client cannot compute). */
  replies: Buffer[];
  /** What sockgrade's server received during this run, in order. */
  exchanges: ServerExchange[];
  outcome: ProcessOutcome;
  /** False when sockgrade had to stop the client. */
  exitedOnItsOwn: boolean;
  /** What the client was doing when sockgrade stopped it (blocked receiving, its sockets), where /proc tells. */
  waiting?: WaitingObservation;
  argv: string[];
  log: TranscriptEntry[];
}

/** Runs the student's client against the reference server and remembers the runs: one per core sentence, or (multi) all lines in a run ending at EOF and one ending at the quit word. */
export class ClientSession {
  private runsPromise: Promise<ClientRun[] | Problem> | undefined;
  private readonly random: () => number;

  constructor(
    private readonly plan: GradingPlan,
    private readonly program: ProgramPlan,
    private readonly sentences: string[],
  ) {
    this.random = seededRandom(plan.seed);
  }

  /** A session of the same client with other lines on stdin (e.g. a hidden fixture group's). */
  withSentences(sentences: string[]): ClientSession {
    return new ClientSession(this.plan, this.program, sentences);
  }

  /** The runs (performed on first call), or the harness problem that prevented them. */
  runs(): Promise<ClientRun[] | Problem> {
    this.runsPromise ??= this.performAll();
    return this.runsPromise;
  }

  private plannedRuns(): { lines: string[]; end: RunEnd }[] {
    if (!this.plan.assignment.multi) return this.sentences.map((sentence) => ({ lines: [sentence], end: 'eof' as const }));
    return [
      { lines: this.sentences, end: 'eof' },
      { lines: this.sentences.slice(0, 2), end: 'quit' },
    ];
  }

  private async performAll(): Promise<ClientRun[] | Problem> {
    // The run in progress: its lines, the token of each reply, and how many requests were answered.
    let current = { lines: [''], suffixes: [''], answered: 0 };
    const { assignment } = this.plan;
    let server: ReferenceServer;
    try {
      server = await startDualServer({
        port: this.plan.port,
        respond: (request) => replyFor(request, current.suffixes[current.answered++] ?? '', assignment),
        isComplete: (received) => {
          const want = Buffer.from(current.lines[current.answered] ?? '', 'utf8');
          return received.length >= want.length || !want.subarray(0, received.length).equals(received);
        },
        tcpRequestTimeoutMs: assignment.timeouts.exchangeMs,
        // A multi client may keep one connection for all its lines; a single-shot one closes it.
        closeAfterReply: !assignment.multi,
        // Let the student's client close first, so that no TIME_WAIT is left on the port.
        peerCloseGraceMs: 250,
      });
    } catch (error) {
      return {
        status: 'errored',
        message: `sockgrade could not start its reference server on port ${this.plan.port}: ${(error as Error).message}`,
        hint: 'Another program holds the port. Stop it, or run with --port auto.',
      };
    }
    try {
      const runs: ClientRun[] = [];
      for (const planned of this.plannedRuns()) {
        current = { lines: planned.lines, suffixes: planned.lines.map(() => ` [${token(this.random)}]`), answered: 0 };
        const run = await this.performOne(server, planned.lines, planned.end, current.suffixes);
        runs.push(run);
        // A faulty run already decides the checks; more runs would only cost the same budgets again.
        if (!isClean(run)) break;
      }
      return runs;
    } finally {
      await server.close();
    }
  }

  private async performOne(server: ReferenceServer, lines: string[], end: RunEnd, suffixes: string[]): Promise<ClientRun> {
    const { assignment, port, clientHost } = this.plan;
    const quit = assignment.multi?.quitWord ?? 'quit';
    const log = new Transcript();
    const seen = server.exchanges.length;
    const stdin = `${[...lines, ...(end === 'quit' ? [quit, 'this line comes after the quit word'] : [])].join('\n')}\n`;
    const { process: proc, argv } = launchStudent(this.plan, this.program, { stdin });
    log.harness('launch', `started your client: ${argv.join(' ')} (SERVER_HOST=${clientHost} SERVER_PORT=${port}), stdin ${showBytesCounted(stdin)}`);
    const exited = proc.outcome.then(() => 'exit' as const);
    let budget = assignment.timeouts.startupMs + assignment.timeouts.exchangeMs;
    let stopped = false;
    // Each line's exchange, until all are done, the client exits, or one takes longer than its budget.
    for (let done = 0; done < lines.length && !stopped; done++) {
      const next = await Promise.race([server.nextExchange(budget).then((x) => (x ? ('exchange' as const) : ('timeout' as const))), exited]);
      if (next !== 'exchange') stopped = true;
      budget = assignment.timeouts.exchangeMs;
    }
    if (proc.exited) {
      // Let datagrams or connections already delivered be processed before judging what was sent.
      for (let i = 0; i < 5; i++) await nextTick();
    }
    const answeredAll = server.exchanges.length - seen >= lines.length;
    let outcome = await proc.waitForExit(answeredAll || proc.exited ? assignment.timeouts.exitMs : 0);
    const exitedOnItsOwn = outcome !== undefined;
    const waiting = !exitedOnItsOwn && proc.pid !== undefined ? observeWaiting(proc.pid) : undefined;
    if (!outcome) outcome = await proc.stop();
    const exchanges = server.exchanges.slice(seen);
    for (const x of exchanges) {
      log.student('send', `your client sent ${showBytesCounted(x.received)} over ${x.transport.toUpperCase()} from ${x.from.address} port ${x.from.port}`);
      if (x.reply) log.harness('send', `sockgrade's server replied ${showBytesCounted(x.reply)}`);
    }
    if (exchanges.length === 0) log.add('sockgrade', 'timeout', exitedOnItsOwn ? "sockgrade's server received nothing" : `sockgrade's server received nothing within ${assignment.timeouts.startupMs + assignment.timeouts.exchangeMs} ms`);
    if (outcome.stdout.text) log.student('output', `stdout: ${showBytesCounted(outcome.stdout.text)}`);
    if (outcome.stderr.text.trim()) log.student('output', `stderr: ${showBytesCounted(outcome.stderr.text)}`);
    log.student('exit', exitedOnItsOwn ? `your client ${describeOutcome(outcome, '').trim()}` : 'your client was still running; sockgrade stopped it');
    const replies = lines.map((line, i) => exchanges[i]?.reply ?? replyFor(Buffer.from(line), suffixes[i] ?? '', assignment));
    return { lines, end, replies, exchanges, outcome, exitedOnItsOwn, ...(waiting ? { waiting } : {}), argv, log: log.entries };
  }
}

/** The reference server's reply: the transform of the request (without a trailing newline), then a token. */
function replyFor(request: Buffer, suffix: string, assignment: GradingPlan['assignment']): Buffer {
  const text = request.toString('utf8').replace(/\r?\n$/, '');
  return Buffer.concat([expectedReply(assignment, text), Buffer.from(suffix, 'utf8')]);
}

/** True when a run shows nothing wrong: one exchange per line, every reply printed, a clean exit. */
function isClean(run: ClientRun): boolean {
  return (
    run.exchanges.length === run.lines.length &&
    run.exitedOnItsOwn &&
    run.outcome.exitCode === 0 &&
    run.replies.every((reply) => printedAsText(run.outcome.stdout.text, reply.toString('utf8')))
  );
}
