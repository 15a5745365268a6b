import { createSocket } from 'node:dgram';
import getPort from 'get-port';
import { afterEach, describe, expect, it } from 'vitest';
import { TcpClientConnection, tcpExchange } from '../../reference/tcp-client.js';
import { startTcpServer } from '../../reference/tcp-server.js';
import { upperCase } from '../../reference/transforms.js';
import { UdpClientSocket, udpExchange } from '../../reference/udp-client.js';
import { startUdpServer } from '../../reference/udp-server.js';
import type { ReferenceServer } from '../../reference/types.js';

const upper = upperCase();
const servers: ReferenceServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
function keep(server: ReferenceServer): ReferenceServer {
  servers.push(server);
  return server;
}

/** A UDP port nobody listens on: bound once by us, then released. */
async function unusedUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(resolve));
  return port;
}

describe('the reference clients', () => {
  it('tcpExchange against a closed port reports ECONNREFUSED without throwing', async () => {
    const port = await getPort({ host: '127.0.0.1' });
    const result = await tcpExchange({ host: '127.0.0.1', port, payload: Buffer.from('anyone?'), timeoutMs: 10_000 });
    expect(result).toMatchObject({ transport: 'tcp', connected: false, timedOut: false, reply: Buffer.alloc(0), error: { code: 'ECONNREFUSED' } });
  });

  it('tcpExchange stops reading once expectedLength bytes arrived, on a connection the server keeps open', async () => {
    const server = keep(await startTcpServer({ port: 0, hosts: ['127.0.0.1'], respond: upper, closeAfterReply: false, tcpIdleMs: 20 }));
    const result = await tcpExchange({ host: 'localhost', port: server.port, payload: Buffer.from('abc'), timeoutMs: 30_000, expectedLength: 3 });
    expect(result).toMatchObject({ reply: Buffer.from('ABC'), connected: true, closedByPeer: false, timedOut: false });
    expect(result.error).toBeUndefined();
    expect(result.durationMs).toBeLessThan(20_000);
  });

  it('tcpExchange times out with the bytes so far when the server neither closes nor sends enough', async () => {
    const server = keep(await startTcpServer({ port: 0, hosts: ['127.0.0.1'], respond: upper, closeAfterReply: false, tcpIdleMs: 20 }));
    const result = await tcpExchange({ host: '127.0.0.1', port: server.port, payload: Buffer.from('abc'), timeoutMs: 300 });
    expect(result).toMatchObject({ reply: Buffer.from('ABC'), connected: true, closedByPeer: false, timedOut: true });
  });

  it('udpExchange with no server reports timedOut after its budget', async () => {
    const port = await unusedUdpPort();
    const result = await udpExchange({ host: '127.0.0.1', port, payload: Buffer.from('hello?'), timeoutMs: 200 });
    expect(result).toMatchObject({ transport: 'udp', connected: true, timedOut: true, reply: Buffer.alloc(0) });
    expect(result.error).toBeUndefined();
    expect(result.durationMs).toBeGreaterThanOrEqual(150);
  });

  it('udpExchange turns a send error into `error` instead of throwing', async () => {
    const result = await udpExchange({ host: '127.0.0.1', port: 9, payload: Buffer.alloc(70_000), timeoutMs: 1000 });
    expect(result.error?.code).toBe('EMSGSIZE');
    expect(result.timedOut).toBe(false);
  });

  it('UdpClientSocket lets two interleaved clients each receive their own reply', async () => {
    const server = keep(await startUdpServer({ port: 0, respond: upper }));
    const a = await UdpClientSocket.open('127.0.0.1');
    const b = await UdpClientSocket.open('127.0.0.1');
    try {
      expect(a.localPort).not.toBe(b.localPort);
      await a.send(Buffer.from('from a'), '127.0.0.1', server.port);
      await b.send(Buffer.from('from b'), '127.0.0.1', server.port);
      const [ra, rb] = await Promise.all([a.receive(10_000), b.receive(10_000)]);
      expect(ra?.bytes.toString()).toBe('FROM A');
      expect(rb?.bytes.toString()).toBe('FROM B');
      expect(ra?.from.port).toBe(server.port);
      expect(server.exchanges.map((x) => [x.received.toString(), x.from.port])).toEqual([
        ['from a', a.localPort],
        ['from b', b.localPort],
      ]);
      expect(await a.receive(20)).toBeUndefined();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('closing a connection', () => {
  it('closes after a half-close even when the server already closed its side', async () => {
    const server = await startTcpServer({ port: 0, respond: (b) => b, isComplete: (b) => b.length >= 5 });
    try {
      const c = await TcpClientConnection.connect({ host: '127.0.0.1', port: server.port, timeoutMs: 5000 });
      await c.send(Buffer.from('hello'));
      const first = await c.read({ expectedLength: 5, timeoutMs: 5000 });
      expect(first.bytes.toString()).toBe('hello');
      const second = await c.read({ timeoutMs: 5000 });
      expect(second.closedByPeer).toBe(true);
      c.end();
      await expect(c.close(0)).resolves.toBeUndefined();
    } finally {
      await server.close();
    }
  });
});
