// The reference UDP server: replies to each datagram, at the sender's own address, like the textbook UDPServer.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { familyOf, peerAddress } from './addresses.js';
import type { BoundHandle } from './bind.js';
import { startReferenceServer, type ServerContext } from './server-context.js';
import type { ReferenceServer, ReferenceServerOptions, ServerExchange } from './types.js';

/** Starts a UDP reference server on every host in `opts.hosts` at one port. */
export function startUdpServer(opts: ReferenceServerOptions): Promise<ReferenceServer> {
  return startReferenceServer(opts, (ctx) => [{ transport: 'udp', bind: (host, port) => bindUdp(ctx, host, port) }]);
}

/** Binds one UDP socket of a reference server on one host and port. */
export function bindUdp(ctx: ServerContext, host: string, port: number): Promise<BoundHandle> {
  const type = familyOf(host) === 'IPv6' ? 'udp6' : 'udp4';
  const socket = createSocket({ type, ipv6Only: type === 'udp6' });
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      try {
        socket.close();
      } catch {
        // never bound: nothing to close
      }
      reject(error);
    };
    socket.once('error', onError);
    socket.bind({ port, address: host, exclusive: true }, () => {
      socket.off('error', onError);
      socket.on('error', () => undefined); // a failed send is recorded on its exchange, not fatal
      const local = socket.address();
      const to = { address: local.address, port: local.port };
      socket.on('message', (msg, rinfo) => onDatagram(ctx, socket, to, msg, rinfo));
      resolve({ transport: 'udp', address: local.address, port: local.port, close: () => closeSocket(socket) });
    });
  });
}

function onDatagram(ctx: ServerContext, socket: Socket, to: ServerExchange['to'], msg: Buffer, rinfo: RemoteInfo): void {
  const from = peerAddress(rinfo.address, rinfo.port, rinfo.family);
  const exchange: ServerExchange = { transport: 'udp', received: Buffer.from(msg), from, to, receivedAtMs: ctx.now() };
  ctx.log.add(exchange);
  ctx.emit({ type: 'received', transport: 'udp', bytes: exchange.received, from });
  const reply = ctx.respond(exchange.received, 'udp');
  try {
    socket.send(reply, rinfo.port, rinfo.address, (error) => {
      if (!error) {
        exchange.reply = reply;
        exchange.repliedAtMs = ctx.now();
        ctx.emit({ type: 'replied', transport: 'udp', bytes: reply, to: from });
      }
      ctx.log.settle(exchange);
    });
  } catch {
    ctx.log.settle(exchange); // the socket was closed meanwhile
  }
}

function closeSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve(); // already closed
    }
  });
}
