// Each reference mutant behaves as named, run directly as `sockgrade reference <program> --mutant <name>`.
import getPort from 'get-port';
import { afterEach, describe, expect, it } from 'vitest';
import { startTcpServer } from '../../reference/tcp-server.js';
import { TcpClientConnection, tcpExchange } from '../../reference/tcp-client.js';
import { udpExchange } from '../../reference/udp-client.js';
import { startUdpServer } from '../../reference/udp-server.js';
import type { ReferenceServer } from '../../reference/types.js';
import { startReference, type Started } from './cli.js';
import { mutantApplies, type MutantName } from '../../reference/mutants.js';
import { loadAssignmentFile } from '../../harness/spec/load.js';
import { gradeReference } from '../../harness/validate/run.js';

const started: Started[] = [];
const servers: ReferenceServer[] = [];
afterEach(async () => {
  for (const s of started.splice(0)) if (s.child.exitCode === null) s.child.kill('SIGKILL');
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function reference(args: string[], stdin?: string): Started {
  const s = startReference(args, stdin);
  started.push(s);
  return s;
}

/** A mutant server on a free port, once it says it is ready. */
async function server(program: string, mutant: string, extra: string[] = []): Promise<{ s: Started; port: number }> {
  const port = await getPort({ host: '127.0.0.1' });
  const s = reference([program, '--port', String(port), '--mutant', mutant, ...extra]);
  await s.waitFor('stdout', /The server is ready to receive\n/);
  return { s, port };
}

/** A server answering with the sentence in upper case and a token no client can compute. */
async function tokenServer(transport: 'udp' | 'tcp'): Promise<ReferenceServer> {
  const start = transport === 'udp' ? startUdpServer : startTcpServer;
  const s = await start({ port: 0, hosts: ['127.0.0.1'], respond: (r) => Buffer.from(`${r.toString().toUpperCase()} [t0k3n]`) });
  servers.push(s);
  return s;
}

describe('reference server mutants', () => {
  it('truncates replies with only the first half of the upper-cased sentence', async () => {
    const { port } = await server('udp-server', 'truncates');
    const result = await udpExchange({ host: '127.0.0.1', port, payload: Buffer.from('hello world'), timeoutMs: 10_000 });
    expect(result.reply.toString()).toBe('HELLO');
  });

  it('counts-wrong replies with the count of s plus one', async () => {
    const { port } = await server('tcp-server', 'counts-wrong', ['--transform', 'count-s']);
    const result = await tcpExchange({ host: '127.0.0.1', port, payload: Buffer.from('sockets are fun, said the student'), timeoutMs: 10_000 });
    expect(result.reply.toString()).toBe('5');
  });

  it('wrong-address sends its UDP reply to port 9 of the sender, not to the sender', async () => {
    const { s, port } = await server('udp-server', 'wrong-address');
    const result = await udpExchange({ host: '127.0.0.1', port, payload: Buffer.from('hello'), timeoutMs: 500 });
    expect(result.timedOut).toBe(true);
    await s.waitFor('stderr', /^udp 127\.0\.0\.1:\d+ sent "hello", replied to port 9 instead \(mutant wrong-address\)$/m);
  });

  it('serves-one-client answers one TCP client, then exits with status 0', async () => {
    const { s, port } = await server('tcp-server', 'serves-one-client');
    const result = await tcpExchange({ host: '127.0.0.1', port, payload: Buffer.from('hello'), timeoutMs: 10_000 });
    expect(result.reply.toString()).toBe('HELLO');
    expect(await s.exited).toBe(0);
  });

  it('exits-early exits with status 1 before binding, saying which mutant it is', async () => {
    const s = reference(['udp-server', '--port', String(await getPort()), '--mutant', 'exits-early']);
    expect(await s.exited).toBe(1);
    expect({ stdout: s.stdout(), stderr: s.stderr() }).toEqual({ stdout: '', stderr: 'mutant exits-early: exits before binding its socket\n' });
  });

  it('a client mutant given to a server program is a usage error (exit 2)', async () => {
    const s = reference(['udp-server', '--mutant', 'prints-local']);
    expect(await s.exited).toBe(2);
    expect(s.stderr()).toBe(
      'sockgrade: --mutant: prints-local is a client mutant; a server mutant is one of no-transform, lower-cases, serves-one-client, truncates, wrong-address, never-replies, counts-wrong, exits-early, one-at-a-time, quits-on-silent-client, one-reply-per-connection, got "prints-local"\n',
    );
  });

  it('one-at-a-time leaves a second TCP client unanswered until the first one is done, then answers it', async () => {
    const { port } = await server('tcp-server', 'one-at-a-time');
    const a = await TcpClientConnection.connect({ host: '127.0.0.1', port, timeoutMs: 5000 });
    const b = await TcpClientConnection.connect({ host: '127.0.0.1', port, timeoutMs: 5000 }); // the backlog accepts it
    try {
      await b.send(Buffer.from('second'));
      const waiting = await b.read({ timeoutMs: 500 });
      expect({ bytes: waiting.bytes.toString(), timedOut: waiting.timedOut }).toEqual({ bytes: '', timedOut: true });
      await a.send(Buffer.from('first'));
      expect((await a.read({ expectedLength: 5, timeoutMs: 5000 })).bytes.toString()).toBe('FIRST');
      // A's connection closed (the textbook server closes after its reply): now it is B's turn.
      expect((await b.read({ expectedLength: 6, timeoutMs: 5000 })).bytes.toString()).toBe('SECOND');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('quits-on-silent-client serves clients that send, then exits with status 0 when one leaves without sending', async () => {
    const { s, port } = await server('tcp-server', 'quits-on-silent-client');
    const served = await tcpExchange({ host: '127.0.0.1', port, payload: Buffer.from('hello'), timeoutMs: 10_000 });
    expect(served.reply.toString()).toBe('HELLO');
    expect(s.child.exitCode).toBeNull();
    const silent = await TcpClientConnection.connect({ host: '127.0.0.1', port, timeoutMs: 5000 });
    silent.end();
    await silent.close();
    expect(await s.exited).toBe(0);
  });

  it('one-reply-per-connection (TCP, multi) answers the first sentence of a connection and closes it', async () => {
    const { port } = await server('tcp-server', 'one-reply-per-connection', ['--multi']);
    const c = await TcpClientConnection.connect({ host: '127.0.0.1', port, timeoutMs: 5000 });
    try {
      await c.send(Buffer.from('one'));
      const first = await c.read({ expectedLength: 3, timeoutMs: 5000 });
      await c.send(Buffer.from('two'));
      const second = await c.read({ timeoutMs: 5000 });
      expect({ first: first.bytes.toString(), second: second.bytes.toString(), closedByPeer: second.closedByPeer }).toEqual({ first: 'ONE', second: '', closedByPeer: true });
    } finally {
      await c.close();
    }
  });

  it.each([
    ['udp-server', 'one-at-a-time', [], 'sockgrade: --mutant: one-at-a-time does not apply to udp-server: a UDP server has no connections: it handles one datagram at a time anyway\n'],
    [
      'tcp-server',
      'one-reply-per-connection',
      [],
      'sockgrade: --mutant: one-reply-per-connection does not apply to tcp-server: without the multi variant one reply per connection, then closing it, is what the textbook TCP server does (correct)\n',
    ],
    [
      'udp-client',
      'sends-quit-word',
      ['--host', '127.0.0.1'],
      'sockgrade: --mutant: sends-quit-word does not apply to udp-client: without the multi variant the client sends one line and there is no quit word, so sends-quit-word is the reference client\n',
    ],
  ])('%s --mutant %s, where it makes no difference, is refused (exit 2) saying why', async (program, mutant, extra, message) => {
    const s = reference([program, '--port', String(await getPort()), '--mutant', mutant, ...extra], 'hello\n');
    expect(await s.exited).toBe(2);
    expect({ stdout: s.stdout(), stderr: s.stderr() }).toEqual({ stdout: '', stderr: message });
  });
});

describe('reference client mutants', () => {
  it('prints-local prints its own upper-casing, not the reply that carries a token', async () => {
    const srv = await tokenServer('udp');
    const s = reference(['udp-client', '--host', '127.0.0.1', '--port', String(srv.port), '--mutant', 'prints-local'], 'hello\n');
    expect(await s.exited).toBe(0);
    expect(s.stdout()).toBe('Input lowercase sentence:HELLO\n');
    expect(srv.exchanges[0]?.reply?.toString()).toBe('HELLO [t0k3n]');
  });

  it('exits-nonzero prints the reply, then exits with status 1', async () => {
    const srv = await tokenServer('tcp');
    const s = reference(['tcp-client', '--host', '127.0.0.1', '--port', String(srv.port), '--mutant', 'exits-nonzero'], 'hello\n');
    expect(await s.exited).toBe(1);
    expect(s.stdout()).toBe('Input lowercase sentence:From Server: HELLO [t0k3n]\n');
  });

  it('never-exits prints the reply and keeps running until it is stopped', async () => {
    const srv = await tokenServer('udp');
    const s = reference(['udp-client', '--host', '127.0.0.1', '--port', String(srv.port), '--mutant', 'never-exits'], 'hello\n');
    await s.waitFor('stdout', /HELLO \[t0k3n\]\n/);
    expect(s.child.exitCode).toBeNull();
    s.child.kill('SIGTERM');
    expect(await s.exited).not.toBe(0);
  });

  it('sends-nothing reads the sentence and exits 0 without sending it', async () => {
    const srv = await tokenServer('udp');
    const s = reference(['udp-client', '--host', '127.0.0.1', '--port', String(srv.port), '--mutant', 'sends-nothing'], 'hello\n');
    expect(await s.exited).toBe(0);
    expect(s.stdout()).toBe('Input lowercase sentence:');
    expect(srv.exchanges).toHaveLength(0);
  });

  // One input for the multi client mutants: the quit word, then a line that must never be sent.
  const MULTI_INPUT = 'one\ntwo\nquit\nthree\n';
  const PROMPT = 'Input lowercase sentence:';

  it.each([
    ['first-line-only', ['one'], `${PROMPT}ONE [t0k3n]\n`],
    ['sends-quit-word', ['one', 'two', 'quit'], `${PROMPT}ONE [t0k3n]\n${PROMPT}TWO [t0k3n]\n${PROMPT}QUIT [t0k3n]\n`],
    ['ignores-quit-word', ['one', 'two', 'three'], `${PROMPT}ONE [t0k3n]\n${PROMPT}TWO [t0k3n]\n${PROMPT}${PROMPT}THREE [t0k3n]\n${PROMPT}`],
  ])('multi client %s sends %j and exits 0', async (mutant, sent, stdout) => {
    const srv = await tokenServer('udp');
    const s = reference(['udp-client', '--host', '127.0.0.1', '--port', String(srv.port), '--multi', '--mutant', mutant], MULTI_INPUT);
    expect(await s.exited).toBe(0);
    expect(s.stdout()).toBe(stdout);
    expect(srv.exchanges.map((x) => x.received.toString())).toEqual(sent);
  });

  it('a multi client makes one exchange per line and stops at the quit word, which it does not send', async () => {
    const srv = await tokenServer('udp');
    const s = reference(['udp-client', '--host', '127.0.0.1', '--port', String(srv.port), '--multi'], 'one\ntwo\nquit\nthree\n');
    expect(await s.exited).toBe(0);
    expect(s.stdout()).toBe('Input lowercase sentence:ONE [t0k3n]\nInput lowercase sentence:TWO [t0k3n]\nInput lowercase sentence:');
    expect(srv.exchanges.map((x) => x.received.toString())).toEqual(['one', 'two']);
  });
});

// The mutants of the multi and concurrent variants, graded by the engine exactly as `sockgrade validate`
// grades them: each fails the one check that models its mistake, with that check's own message.
describe('multi and concurrent mutants fail the check made for their mistake', () => {
  const TWO_LINES = 'with the lines "hello world", "the quick brown fox jumps over the lazy dog" on stdin and then "quit", ';
  const THREE_LINES = 'with the lines "hello world", "the quick brown fox jumps over the lazy dog", "sockets are fun, said the student" on stdin, ';
  const cases: Array<[string, 'server' | 'client', MutantName, string, string]> = [
    ['tcp-concurrent', 'server', 'one-at-a-time', 'server-concurrent-clients', 'while client A held its connection open without sending, client B got no reply within 2000 ms: your server serves one client at a time'],
    [
      'tcp-concurrent',
      'server',
      'quits-on-silent-client',
      'server-survives-silent-client',
      'after a client connected and left without sending, the next client was not served: your server exited normally (code 0) while handling "hello world", without replying',
    ],
    ['tcp-multi', 'server', 'one-reply-per-connection', 'server-answers-on-one-connection', 'your server did not answer sentence 2 sent on the same connection: it closed the connection after the first reply'],
    ...(['tcp-multi', 'udp-multi'] as const).flatMap((assignment): Array<[string, 'server' | 'client', MutantName, string, string]> => [
      [assignment, 'client', 'first-line-only', 'client-sends-sentence', `${THREE_LINES}your client sent 1 of the 3 lines, then nothing more`],
      [assignment, 'client', 'sends-quit-word', 'client-sends-sentence', `${TWO_LINES}your client sent the quit word "quit"; it must stop there without sending it`],
      [assignment, 'client', 'ignores-quit-word', 'client-sends-sentence', `${TWO_LINES}your client sent 3 messages; expected one per line (2)`],
    ]),
  ];

  it.concurrent.each(cases)('%s: %s mutant %s fails %s, and only it', async (assignment, role, mutant, check, message) => {
    const loaded = await loadAssignmentFile(`assignments/${assignment}.yaml`);
    expect(mutantApplies(mutant, loaded.assignment)).toEqual({ applies: true });
    const result = await gradeReference(loaded, role, mutant);
    const failed = result.checks.filter((c) => c.status !== 'passed' && c.status !== 'skipped').map((c) => ({ id: c.id, status: c.status, message: c.message }));
    expect(failed).toEqual([{ id: check, status: 'failed', message }]);
  });
});
