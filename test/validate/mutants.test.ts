// Each reference mutant behaves as named, run directly as `sockgrade reference <program> --mutant <name>`.
import getPort from 'get-port';
import { afterEach, describe, expect, it } from 'vitest';
import { startTcpServer } from '../../reference/tcp-server.js';
import { tcpExchange } from '../../reference/tcp-client.js';
import { udpExchange } from '../../reference/udp-client.js';
import { startUdpServer } from '../../reference/udp-server.js';
import type { ReferenceServer } from '../../reference/types.js';
import { startReference, type Started } from './cli.js';

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
    expect(s.stderr()).toBe('sockgrade: --mutant: prints-local is a client mutant; a server mutant is one of no-transform, lower-cases, serves-one-client, truncates, wrong-address, never-replies, counts-wrong, exits-early, got "prints-local"\n');
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

  it('a multi client makes one exchange per line and stops at the quit word, which it does not send', async () => {
    const srv = await tokenServer('udp');
    const s = reference(['udp-client', '--host', '127.0.0.1', '--port', String(srv.port), '--multi'], 'one\ntwo\nquit\nthree\n');
    expect(await s.exited).toBe(0);
    expect(s.stdout()).toBe('Input lowercase sentence:ONE [t0k3n]\nInput lowercase sentence:TWO [t0k3n]\nInput lowercase sentence:');
    expect(srv.exchanges.map((x) => x.received.toString())).toEqual(['one', 'two']);
  });
});
