// The reference server that listens on UDP and TCP at the same port, to tell which transport a client used.
import { startReferenceServer } from './server-context.js';
import { bindTcp } from './tcp-server.js';
import { bindUdp } from './udp-server.js';
import type { ReferenceServer, ReferenceServerOptions } from './types.js';

/** Starts UDP and TCP reference servers on one port (port 0: a port free for both, retried on EADDRINUSE). */
export function startDualServer(opts: ReferenceServerOptions): Promise<ReferenceServer> {
  return startReferenceServer(opts, (ctx) => [
    { transport: 'tcp', bind: (host, port) => bindTcp(ctx, host, port) },
    { transport: 'udp', bind: (host, port) => bindUdp(ctx, host, port) },
  ]);
}
