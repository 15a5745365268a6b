import { Readable } from 'node:stream';
import getPort from 'get-port';
import { afterEach, describe, expect, it } from 'vitest';
import { runReference } from '../../reference/standalone.js';
import { startTcpServer } from '../../reference/tcp-server.js';
import { upperCase } from '../../reference/transforms.js';
import { tcpExchange } from '../../reference/tcp-client.js';
import { udpExchange } from '../../reference/udp-client.js';
import { startUdpServer } from '../../reference/udp-server.js';
import type { ReferenceServer } from '../../reference/types.js';
import { TextSink } from './helpers.js';

const upper = upperCase();
const servers: ReferenceServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
function io(input = '') {
  return { stdin: Readable.from([input]), stdout: new TextSink(), stderr: new TextSink() };
}

describe('runReference clients', () => {
  it('udp-client prints the prompt, sends the line without its newline and prints the reply', async () => {
    const server = await startUdpServer({ port: 0, hosts: ['127.0.0.1'], respond: upper });
    servers.push(server);
    const streams = io('hello world\n');
    expect(await runReference('udp-client', { port: server.port }, streams)).toBe(0);
    expect(streams.stdout.text).toBe('Input lowercase sentence:HELLO WORLD\n');
    expect(streams.stderr.text).toBe('');
    expect(server.exchanges[0]?.received).toEqual(Buffer.from('hello world'));
  });

  it('tcp-client prints "From Server: " and the reply', async () => {
    const server = await startTcpServer({ port: 0, hosts: ['127.0.0.1'], respond: upper });
    servers.push(server);
    const streams = io('hello tcp\r\n');
    expect(await runReference('tcp-client', { host: '127.0.0.1', port: server.port }, streams)).toBe(0);
    expect(streams.stdout.text).toBe('Input lowercase sentence:From Server: HELLO TCP\n');
    expect(server.exchanges[0]?.received).toEqual(Buffer.from('hello tcp'));
  });

  it('tcp-client reports a refused connection in one line and exits 1', async () => {
    const port = await getPort({ host: '127.0.0.1' });
    const streams = io('hello\n');
    expect(await runReference('tcp-client', { host: '127.0.0.1', port }, streams)).toBe(1);
    expect(streams.stdout.text).toBe('');
    expect(streams.stderr.text).toMatch(new RegExp(`^error: could not connect to TCP 127\\.0\\.0\\.1:${port} \\(connect ECONNREFUSED 127\\.0\\.0\\.1:${port}\\) — is the server running\\?\\n$`));
  });

  it('udp-client reports a missing reply in one line and exits 1', async () => {
    const port = await getPort({ host: '127.0.0.1' });
    const streams = io('hello\n');
    expect(await runReference('udp-client', { host: '127.0.0.1', port, timeoutMs: 200 }, streams)).toBe(1);
    expect(streams.stderr.text).toBe(`error: no reply from UDP 127.0.0.1:${port} within 200 ms — is the server running?\n`);
  });

  it('a client with nothing on standard input says so and exits 1', async () => {
    const server = await startUdpServer({ port: 0, hosts: ['127.0.0.1'], respond: upper });
    servers.push(server);
    const streams = io('');
    expect(await runReference('udp-client', { port: server.port }, streams)).toBe(1);
    expect(streams.stderr.text).toBe('error: no sentence on standard input (end of input)\n');
    expect(server.exchanges).toHaveLength(0);
  });
});

describe('runReference servers', () => {
  it('udp-server announces itself, answers a udpExchange, logs it, and returns 0 once aborted', async () => {
    const streams = io();
    const controller = new AbortController();
    const running = runReference('udp-server', { host: '127.0.0.1', port: 0 }, { ...streams, signal: controller.signal });
    await streams.stdout.waitFor(/The server is ready to receive\n/, 10_000);
    expect(streams.stdout.text).toBe('The server is ready to receive\n');
    const [, port] = await streams.stderr.waitFor(/^listening on udp 127\.0\.0\.1:(\d+)\n/, 10_000);
    const result = await udpExchange({ host: '127.0.0.1', port: Number(port), payload: Buffer.from('say "hi"\n'), timeoutMs: 10_000 });
    expect(result.reply.toString()).toBe('SAY "HI"\n');
    await streams.stderr.waitFor(new RegExp(`udp 127\\.0\\.0\\.1:${result.localPort} sent "say \\\\"hi\\\\"\\\\n", replied "SAY \\\\"HI\\\\"\\\\n"\\n`), 10_000);
    controller.abort();
    expect(await running).toBe(0);
  });

  it('tcp-server with the count-s transform replies with the number of s', async () => {
    const streams = io();
    const controller = new AbortController();
    const running = runReference('tcp-server', { host: '127.0.0.1', port: 0, transform: 'count-s' }, { ...streams, signal: controller.signal });
    const [, port] = await streams.stderr.waitFor(/listening on tcp 127\.0\.0\.1:(\d+)\n/, 10_000);
    const result = await tcpExchange({ host: '127.0.0.1', port: Number(port), payload: Buffer.from('mississippi'), timeoutMs: 10_000 });
    expect(result.reply.toString()).toBe('4');
    controller.abort();
    expect(await running).toBe(0);
  });

  it('a server whose port is taken prints the EADDRINUSE error and returns 1', async () => {
    const busy = await startUdpServer({ port: 0, hosts: ['127.0.0.1'], respond: upper });
    servers.push(busy);
    const streams = io();
    expect(await runReference('udp-server', { host: '127.0.0.1', port: busy.port }, streams)).toBe(1);
    expect(streams.stderr.text).toContain(`error: cannot listen on udp 127.0.0.1:${busy.port}: address already in use (EADDRINUSE)`);
    expect(streams.stdout.text).toBe('');
  });
});
