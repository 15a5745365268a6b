import { afterEach, describe, expect, it } from 'vitest';
import { TcpClientConnection, tcpExchange } from '../../reference/tcp-client.js';
import { startTcpServer } from '../../reference/tcp-server.js';
import { upperCase } from '../../reference/transforms.js';
import type { ReferenceServer, ReferenceServerOptions, ServerEvent } from '../../reference/types.js';

const upper = upperCase();
const endsWithNewline = (b: Buffer): boolean => b.at(-1) === 0x0a;
const servers: ReferenceServer[] = [];
const connections: TcpClientConnection[] = [];
afterEach(async () => {
  await Promise.all(connections.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A server plus a way to wait for one of its events. */
async function start(options: Partial<ReferenceServerOptions> = {}) {
  const waiting: Array<{ match: (e: ServerEvent) => boolean; resolve: (e: ServerEvent) => void }> = [];
  const server = await startTcpServer({
    port: 0,
    hosts: ['127.0.0.1'],
    respond: (b) => upper(b),
    onEvent: (e) => {
      for (const w of waiting.filter((w) => w.match(e))) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(e);
      }
    },
    ...options,
  });
  servers.push(server);
  const event = (match: (e: ServerEvent) => boolean) => new Promise<ServerEvent>((resolve) => waiting.push({ match, resolve }));
  return { server, event };
}
async function connectTo(server: ReferenceServer): Promise<TcpClientConnection> {
  const c = await TcpClientConnection.connect({ host: '127.0.0.1', port: server.port, timeoutMs: 5000 });
  connections.push(c);
  return c;
}
const receivedText = (text: string) => (e: ServerEvent) => e.type === 'received' && e.bytes.toString() === text;

describe('TCP framing of the reference server', () => {
  it('answers a request sent in two chunks once, with the whole request, when isComplete says so', async () => {
    // tcpIdleMs: 1 shows that quiet between the chunks does not end the request when isComplete is given.
    const { server, event } = await start({ isComplete: endsWithNewline, tcpIdleMs: 1 });
    const client = await connectTo(server);
    const firstArrived = event(receivedText('hello '));
    await client.send(Buffer.from('hello '));
    await firstArrived;
    await client.send(Buffer.from('world\n'));
    const read = await client.read({ timeoutMs: 10_000 });
    expect(read).toEqual({ bytes: Buffer.from('HELLO WORLD\n'), closedByPeer: true, timedOut: false });
    const exchange = await server.nextExchange(5000);
    expect(exchange?.received.toString()).toBe('hello world\n');
    expect(exchange?.reply?.toString()).toBe('HELLO WORLD\n');
    expect(server.exchanges).toHaveLength(1);
  });

  it('answers a client that half-closes after its request', async () => {
    const { server } = await start({ tcpIdleMs: 60_000 });
    const client = await connectTo(server);
    await client.send(Buffer.from('half closed'));
    client.end();
    const read = await client.read({ timeoutMs: 10_000 });
    expect(read.bytes.toString()).toBe('HALF CLOSED');
    expect(read.closedByPeer).toBe(true);
    const exchange = await server.nextExchange(5000);
    expect(exchange?.peerClosed).toBe(true);
  });

  it('replies after tcpIdleMs of quiet when no isComplete is given', async () => {
    const { server } = await start({ tcpIdleMs: 50 });
    const result = await tcpExchange({ host: '127.0.0.1', port: server.port, payload: Buffer.from('quiet'), timeoutMs: 10_000 });
    expect(result).toMatchObject({ reply: Buffer.from('QUIET'), connected: true, closedByPeer: true, timedOut: false });
  });

  it('answers a request that never completes at tcpRequestTimeoutMs, with whatever arrived', async () => {
    const { server } = await start({ isComplete: () => false, tcpRequestTimeoutMs: 300 });
    const client = await connectTo(server);
    await client.send(Buffer.from('never complete'));
    const read = await client.read({ timeoutMs: 10_000 });
    expect(read.bytes.toString()).toBe('NEVER COMPLETE');
    const exchange = await server.nextExchange(5000);
    // The first request's budget runs from the connection, which came before the first byte.
    expect((exchange?.repliedAtMs ?? 0) - (exchange?.receivedAtMs ?? 0)).toBeGreaterThan(200);
  });

  it('records a connection that sends nothing and leaves as an exchange without a reply', async () => {
    const { server } = await start();
    const client = await connectTo(server);
    await client.close();
    const exchange = await server.nextExchange(5000);
    expect(exchange).toMatchObject({ transport: 'tcp', received: Buffer.alloc(0), peerClosed: true });
    expect(exchange?.reply).toBeUndefined();
  });

  it('answers two requests on one connection when closeAfterReply is false', async () => {
    const { server } = await start({ isComplete: endsWithNewline, closeAfterReply: false });
    const client = await connectTo(server);
    await client.send(Buffer.from('one\n'));
    expect(await client.read({ expectedLength: 4, timeoutMs: 10_000 })).toEqual({ bytes: Buffer.from('ONE\n'), closedByPeer: false, timedOut: false });
    await client.send(Buffer.from('two\n'));
    expect((await client.read({ expectedLength: 4, timeoutMs: 10_000 })).bytes.toString()).toBe('TWO\n');
    expect((await server.nextExchange(5000))?.received.toString()).toBe('one\n');
    expect((await server.nextExchange(5000))?.received.toString()).toBe('two\n');
    expect(server.exchanges.map((x) => x.from.port)).toEqual([client.localPort, client.localPort]);
  });

  it('keeps recording bytes that arrive after the reply on a connection it closed', async () => {
    const { server, event } = await start({ isComplete: endsWithNewline });
    const client = await connectTo(server);
    await client.send(Buffer.from('first\n'));
    expect((await client.read({ timeoutMs: 10_000 })).bytes.toString()).toBe('FIRST\n');
    const late = event(receivedText('late'));
    await client.send(Buffer.from('late'));
    await late;
    const closed = event((e) => e.type === 'closed');
    client.end();
    expect(await closed).toMatchObject({ type: 'closed', byPeer: false });
    expect(server.exchanges).toHaveLength(1);
    expect(server.exchanges[0]?.received.toString()).toBe('first\nlate');
    expect(server.exchanges[0]?.reply?.toString()).toBe('FIRST\n');
  });

  it('close() ends open connections and resolves', async () => {
    const { server } = await start({ tcpRequestTimeoutMs: 60_000 });
    const client = await connectTo(server);
    const reading = client.read({ timeoutMs: 30_000 });
    await server.close();
    const read = await reading;
    expect(read.timedOut).toBe(false);
    expect(read.bytes.length).toBe(0);
  });
});
