// Choosing the port student programs are given: the assignment's own (12000) when it is free,
// otherwise a free one, with the reason recorded so a program that ignores it is told precisely.
import dgram from 'node:dgram';
import net from 'node:net';
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import getPort from 'get-port';

/** Which port to use, and why. */
export interface PortChoice {
  port: number;
  reason: string;
}

/** The assignment's port if both transports can bind it on loopback and the wildcard address; else a free port. */
export async function choosePort(assignmentPort: number, requested: number | 'auto' | undefined): Promise<PortChoice> {
  if (typeof requested === 'number') return { port: requested, reason: `port ${requested} was given with --port` };
  if (requested !== 'auto' && (await isFree(assignmentPort))) return { port: assignmentPort, reason: "the assignment's port" };
  const candidates = belowEphemeralRange();
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await getPort({ host: '127.0.0.1', ...(candidates ? { port: candidates() } : {}) });
    if (await isFree(port)) {
      return {
        port,
        reason: requested === 'auto' ? '--port auto asked for a free port' : `port ${assignmentPort} was in use on this machine`,
      };
    }
  }
  throw new Error('no free port found for both UDP and TCP');
}

/**
 * Random ports below the kernel's ephemeral range (Linux: ip_local_port_range, usually 32768–60999),
 * 20 at a time. A free port from inside that range can be taken as the local port of any outgoing
 * connection (another grading's client) between the moment it is chosen and the moment the student's
 * server binds it; one below the range is never given out that way. Undefined where the range is unknown.
 */
function belowEphemeralRange(): (() => number[]) | undefined {
  let low: number;
  try {
    low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  } catch {
    return undefined;
  }
  const from = Math.max(1024, low - 12_000);
  if (!Number.isInteger(low) || low - from < 1000) return undefined;
  return () => Array.from({ length: 20 }, () => randomInt(from, low));
}

/** True when `port` can be bound for TCP and UDP on the wildcard address. */
export async function isFree(port: number): Promise<boolean> {
  return (await canBindTcp(port)) && (await canBindUdp(port));
}

// Binding the dual-stack wildcard conflicts with any holder of the port; without IPv6, the IPv4 one.
const NO_IPV6 = new Set(['EAFNOSUPPORT', 'EADDRNOTAVAIL', 'EPROTONOSUPPORT']);

function canBindTcp(port: number, host = '::'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      resolve(host === '::' && NO_IPV6.has(error.code ?? '') ? canBindTcp(port, '0.0.0.0') : false),
    );
    server.listen({ port, host, ipv6Only: false, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function canBindUdp(port: number, host = '::'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket({ type: host === '::' ? 'udp6' : 'udp4', ipv6Only: false });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.close();
      resolve(host === '::' && NO_IPV6.has(error.code ?? '') ? canBindUdp(port, '0.0.0.0') : false);
    });
    socket.bind({ port, address: host, exclusive: true }, () => socket.close(() => resolve(true)));
  });
}
