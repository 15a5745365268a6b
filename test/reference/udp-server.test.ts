import { afterEach, describe, expect, it } from 'vitest';
import { udpExchange } from '../../reference/udp-client.js';
import { startUdpServer } from '../../reference/udp-server.js';
import { upperCase } from '../../reference/transforms.js';
import type { ReferenceServer, ServerEvent } from '../../reference/types.js';

const upper = upperCase();
const servers: ReferenceServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function start(options: Partial<Parameters<typeof startUdpServer>[0]> = {}): Promise<ReferenceServer> {
  const server = await startUdpServer({ port: 0, respond: (b) => upper(b), ...options });
  servers.push(server);
  return server;
}

describe('the reference UDP server', () => {
  it('replies in upper case and records the exact bytes, the peer and the local address', async () => {
    const events: ServerEvent[] = [];
    const server = await start({ onEvent: (e) => events.push(e) });
    expect(server.transports).toEqual(['udp']);
    const result = await udpExchange({ host: '127.0.0.1', port: server.port, payload: Buffer.from('hello, straße\n'), timeoutMs: 5000 });
    expect(result.reply.toString('utf8')).toBe('HELLO, STRASSE\n');
    expect(result.replyFrom).toEqual({ address: '127.0.0.1', port: server.port, family: 'IPv4' });

    const exchange = await server.nextExchange(5000);
    expect(exchange?.received).toEqual(Buffer.from('hello, straße\n'));
    expect(exchange?.from).toEqual({ address: '127.0.0.1', port: result.localPort, family: 'IPv4' });
    expect(exchange?.to).toEqual({ address: '127.0.0.1', port: server.port });
    expect(exchange?.reply?.toString('utf8')).toBe('HELLO, STRASSE\n');
    expect(exchange?.repliedAtMs).toBeGreaterThanOrEqual(exchange?.receivedAtMs ?? Infinity);
    expect(server.exchanges).toEqual([exchange]);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['listening', 'received', 'replied']));
  });

  it('records an empty datagram and answers it with an empty one', async () => {
    const server = await start();
    const result = await udpExchange({ host: '127.0.0.1', port: server.port, payload: Buffer.alloc(0), timeoutMs: 5000 });
    expect(result.timedOut).toBe(false);
    expect(result.reply.length).toBe(0);
    expect((await server.nextExchange(5000))?.received.length).toBe(0);
  });

  it('nextExchange resolves with undefined when nothing arrives within the timeout', async () => {
    const server = await start();
    expect(await server.nextExchange(50)).toBeUndefined();
  });

  it('close() resolves a waiting nextExchange with undefined', async () => {
    const server = await start();
    const waiting = server.nextExchange(60_000);
    await server.close();
    expect(await waiting).toBeUndefined();
  });

  it('skips a host that cannot be bound here and listens on the others', async () => {
    // 192.0.2.1 (TEST-NET-1) is not an address of this machine: EADDRNOTAVAIL.
    const events: ServerEvent[] = [];
    const server = await start({ hosts: ['192.0.2.1', '127.0.0.1'], onEvent: (e) => events.push(e) });
    expect(events).toEqual([{ type: 'listening', transport: 'udp', address: '127.0.0.1', port: server.port }]);
    const result = await udpExchange({ host: 'localhost', port: server.port, payload: Buffer.from('ok'), timeoutMs: 5000 });
    expect(result.reply.toString()).toBe('OK');
  });

  it('fails with an EADDRINUSE error naming the address when the port is taken', async () => {
    const first = await start({ hosts: ['127.0.0.1'] });
    const second = startUdpServer({ port: first.port, hosts: ['127.0.0.1'], respond: upper });
    await expect(second).rejects.toMatchObject({
      code: 'EADDRINUSE',
      message: expect.stringContaining(`cannot listen on udp 127.0.0.1:${first.port}: address already in use (EADDRINUSE)`),
    });
  });

  it('fails when no host at all can be bound', async () => {
    await expect(startUdpServer({ port: 0, hosts: ['192.0.2.1'], respond: upper })).rejects.toMatchObject({ code: 'EADDRNOTAVAIL' });
  });
});
