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
import { launchStudent } from './launch-student.js';
import type { GradingPlan, ProgramPlan } from './plan.js';
import { seededRandom, token } from './rng.js';

/** One run of the student's client with one sentence on stdin. */
export interface ClientRun {
  sentence: string;
  /** What sockgrade's server replied (or would have replied to the exact sentence). */
  reply: Buffer;
  /** What sockgrade's server received during this run, in order. */
  exchanges: ServerExchange[];
  outcome: ProcessOutcome;
  /** False when sockgrade had to stop the client. */
  exitedOnItsOwn: boolean;
  /** ms from sockgrade's reply to the client's exit, when both happened. */
  exitAfterReplyMs?: number;
  argv: string[];
  log: TranscriptEntry[];
}

/** Runs the student's client against the reference server, once per sentence, and remembers the runs. */
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

  /** The runs (performed on first call), or the harness problem that prevented them. */
  runs(): Promise<ClientRun[] | Problem> {
    this.runsPromise ??= this.performAll();
    return this.runsPromise;
  }

  private async performAll(): Promise<ClientRun[] | Problem> {
    let current = { suffix: '', sentence: '' };
    const { assignment } = this.plan;
    let server: ReferenceServer;
    try {
      server = await startDualServer({
        port: this.plan.port,
        respond: (request) => replyFor(request, current.suffix, assignment),
        isComplete: (received) => {
          const want = Buffer.from(current.sentence, 'utf8');
          return received.length >= want.length || !want.subarray(0, received.length).equals(received);
        },
        tcpRequestTimeoutMs: assignment.timeouts.exchangeMs,
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
      for (const sentence of this.sentences) {
        current = { suffix: ` [${token(this.random)}]`, sentence };
        const run = await this.performOne(server, sentence, current.suffix);
        runs.push(run);
        // A faulty run already decides the checks; more runs would only cost the same budgets again.
        if (!isClean(run)) break;
      }
      return runs;
    } finally {
      await server.close();
    }
  }

  private async performOne(server: ReferenceServer, sentence: string, suffix: string): Promise<ClientRun> {
    const { assignment, port, clientHost } = this.plan;
    const log = new Transcript();
    const seen = server.exchanges.length;
    const stdin = `${sentence}\n`;
    const { process: proc, argv } = launchStudent(this.plan, this.program, { stdin });
    log.harness('launch', `started your client: ${argv.join(' ')} (SERVER_HOST=${clientHost} SERVER_PORT=${port}), stdin ${showBytesCounted(stdin)}`);
    const budget = assignment.timeouts.startupMs + assignment.timeouts.exchangeMs;
    const first = await Promise.race([server.nextExchange(budget).then((x) => ({ kind: 'exchange' as const, x })), proc.outcome.then(() => ({ kind: 'exit' as const }))]);
    let repliedAt: number | undefined;
    if (first.kind === 'exchange' && first.x) {
      repliedAt = performance.now();
    } else if (first.kind === 'exit') {
      // Let datagrams or connections already delivered be processed before judging "sent nothing".
      for (let i = 0; i < 5; i++) await nextTick();
    }
    let outcome = await proc.waitForExit(repliedAt === undefined && first.kind !== 'exit' ? 0 : assignment.timeouts.exitMs);
    const exitedOnItsOwn = outcome !== undefined;
    const exitAt = performance.now();
    if (!outcome) outcome = await proc.stop();
    const exchanges = server.exchanges.slice(seen);
    for (const x of exchanges) {
      log.student('send', `your client sent ${showBytesCounted(x.received)} over ${x.transport.toUpperCase()} from ${x.from.address} port ${x.from.port}`);
      if (x.reply) log.harness('send', `sockgrade's server replied ${showBytesCounted(x.reply)}`);
    }
    if (exchanges.length === 0) log.add('sockgrade', 'timeout', exitedOnItsOwn ? 'sockgrade\'s server received nothing' : `sockgrade's server received nothing within ${budget} ms`);
    if (outcome.stdout.text) log.student('output', `stdout: ${showBytesCounted(outcome.stdout.text)}`);
    if (outcome.stderr.text.trim()) log.student('output', `stderr: ${showBytesCounted(outcome.stderr.text)}`);
    log.student('exit', exitedOnItsOwn ? `your client ${describeOutcome(outcome, '').trim()}` : `your client was still running; sockgrade stopped it`);
    const reply = exchanges[0]?.reply ?? replyFor(Buffer.from(sentence), suffix, assignment);
    return {
      sentence,
      reply,
      exchanges,
      outcome,
      exitedOnItsOwn,
      ...(repliedAt !== undefined && exitedOnItsOwn ? { exitAfterReplyMs: Math.max(0, Math.round(exitAt - repliedAt)) } : {}),
      argv,
      log: log.entries,
    };
  }
}

/** The reference server's reply: the transform of the request (without a trailing newline), then a token. */
function replyFor(request: Buffer, suffix: string, assignment: GradingPlan['assignment']): Buffer {
  const text = request.toString('utf8').replace(/\r?\n$/, '');
  return Buffer.concat([expectedReply(assignment, text), Buffer.from(suffix, 'utf8')]);
}

/** True when a run shows nothing wrong: one exchange, the reply printed, a clean exit. */
function isClean(run: ClientRun): boolean {
  return (
    run.exchanges.length === 1 &&
    run.exitedOnItsOwn &&
    run.outcome.exitCode === 0 &&
    printedAsText(run.outcome.stdout.text, run.reply.toString('utf8'))
  );
}
