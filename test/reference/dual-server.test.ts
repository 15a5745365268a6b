import { createServer, type Server } from 'node:net';
import getPort from 'get-port';
import { afterEach, describe, expect, it } from 'vitest';
import { startDualServer } from '../../reference/dual-server.js';
import { tcpExchange } from '../../reference/tcp-client.js';
import { upperCase } from '../../reference/transforms.js';
import { udpExchange } from '../../reference/udp-client.js';
import type { ReferenceServer } from '../../reference/types.js';
import { ipv6LoopbackAvailable } from './helpers.js';

const hasIpv6 = await ipv6LoopbackAvailable();
const upper = upperCase();
const servers: ReferenceServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function start(): Promise<ReferenceServer> {
  const server = await startDualServer({ port: 0, respond: (b) => upper(b), tcpIdleMs: 50 });
  servers.push(server);
  return server;
}

describe('the dual (UDP + TCP) reference server', () => {
  it('answers UDP and TCP on one port over IPv4 loopback and records which transport was used', async () => {
    const server = await start();
    expect(server.transports).toEqual(['tcp', 'udp']);
    const udp = await udpExchange({ host: '127.0.0.1', port: server.port, payload: Buffer.from('by udp'), timeoutMs: 10_000 });
    const tcp = await tcpExchange({ host: '127.0.0.1', port: server.port, payload: Buffer.from('by tcp'), timeoutMs: 10_000 });
    expect(udp.reply.toString()).toBe('BY UDP');
    expect(tcp.reply.toString()).toBe('BY TCP');
    expect(server.exchanges.map((x) => [x.transport, x.received.toString(), x.to.port])).toEqual([
      ['udp', 'by udp', server.port],
      ['tcp', 'by tcp', server.port],
    ]);
  });

  it.runIf(hasIpv6)('answers UDP and TCP on the same port over IPv6 loopback', async () => {
    const server = await start();
    const udp = await udpExchange({ host: '::1', port: server.port, payload: Buffer.from('six udp'), timeoutMs: 10_000 });
    const tcp = await tcpExchange({ host: '::1', port: server.port, payload: Buffer.from('six tcp'), timeoutMs: 10_000 });
    expect(udp.reply.toString()).toBe('SIX UDP');
    expect(udp.replyFrom).toEqual({ address: '::1', port: server.port, family: 'IPv6' });
    expect(tcp.reply.toString()).toBe('SIX TCP');
    expect(server.exchanges.map((x) => [x.transport, x.from.family, x.to.address])).toEqual([
      ['udp', 'IPv6', '::1'],
      ['tcp', 'IPv6', '::1'],
    ]);
  });

  it('fails with EADDRINUSE when a fixed port is taken for one of the transports', async () => {
    const port = await getPort({ host: '127.0.0.1' });
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      await expect(startDualServer({ port, hosts: ['127.0.0.1'], respond: upper })).rejects.toMatchObject({ code: 'EADDRINUSE', transport: 'tcp', port });
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
