// The reference TCP server: accepts connections, frames each request, replies, and (textbook) closes.
import { createServer, type Server, type Socket } from 'node:net';
import { familyOf } from './addresses.js';
import type { BoundHandle } from './bind.js';
import { startReferenceServer, type ServerContext } from './server-context.js';
import { handleTcpConnection } from './tcp-connection.js';
import type { ReferenceServer, ReferenceServerOptions } from './types.js';

/** Starts a TCP reference server on every host in `opts.hosts` at one port. */
export function startTcpServer(opts: ReferenceServerOptions): Promise<ReferenceServer> {
  return startReferenceServer(opts, (ctx) => [{ transport: 'tcp', bind: (host, port) => bindTcp(ctx, host, port) }]);
}

/** Binds one listening TCP socket of a reference server on one host and port; `onConnection` serves each accepted socket. */
export function bindTcp(ctx: ServerContext, host: string, port: number, onConnection: (socket: Socket) => void = (socket) => handleTcpConnection(ctx, socket)): Promise<BoundHandle> {
  // allowHalfOpen: a client that half-closes after its request must still get the reply.
  const server = createServer({ allowHalfOpen: true }, onConnection);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true, ipv6Only: familyOf(host) === 'IPv6' }, () => {
      server.off('error', reject);
      server.on('error', () => undefined);
      const local = server.address();
      const address = typeof local === 'object' && local !== null ? local.address : host;
      const boundPort = typeof local === 'object' && local !== null ? local.port : port;
      resolve({ transport: 'tcp', address, port: boundPort, close: () => closeServer(server) });
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
