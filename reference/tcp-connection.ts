// One accepted TCP connection of a reference server: framing requests, replying, recording every byte.
import type { Socket } from 'node:net';
import { peerAddress } from './addresses.js';
import type { ServerContext } from './server-context.js';
import type { ServerExchange } from './types.js';

/** Serves one connection: a request ends when isComplete says so, the peer half-closes, or it goes quiet (tcpIdleMs, without isComplete); at tcpRequestTimeoutMs whatever arrived is answered. */
export function handleTcpConnection(ctx: ServerContext, socket: Socket): void {
  const from = peerAddress(socket.remoteAddress, socket.remotePort, socket.remoteFamily);
  const to = { address: socket.localAddress ?? '', port: socket.localPort ?? 0 };
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  let destroyedByUs = false;
  const entry = {
    destroy: (): Promise<void> => {
      destroyedByUs = true;
      socket.destroy();
      return closed;
    },
  };
  ctx.connections.add(entry);
  if (ctx.closing) socket.destroy();
  ctx.emit({ type: 'connection', from });

  let current: ServerExchange | undefined; // the request being received
  let last: ServerExchange | undefined; // the latest replied exchange
  let weEnded = false;
  let peerEnded = false;
  let peerEndedFirst = false;
  let replied = false; // with closeAfterReply: the one request of this connection was answered
  let idleTimer: NodeJS.Timeout | undefined;
  let requestTimer: NodeJS.Timeout | undefined;
  let graceTimer: NodeJS.Timeout | undefined;

  const clearTimers = (): void => {
    clearTimeout(idleTimer);
    clearTimeout(requestTimer);
    idleTimer = requestTimer = undefined;
  };
  const endOurSide = (): void => {
    clearTimeout(graceTimer);
    graceTimer = undefined;
    if (weEnded) return;
    weEnded = true;
    socket.end();
  };
  const begin = (): ServerExchange => {
    const exchange: ServerExchange = { transport: 'tcp', received: Buffer.alloc(0), from, to, receivedAtMs: ctx.now() };
    ctx.log.add(exchange);
    current = exchange;
    requestTimer ??= setTimeout(onRequestTimeout, ctx.tcpRequestTimeoutMs);
    return exchange;
  };
  const reply = (exchange: ServerExchange): void => {
    clearTimers();
    const bytes = ctx.respond(exchange.received, 'tcp');
    exchange.reply = bytes;
    exchange.repliedAtMs = ctx.now();
    current = undefined;
    last = exchange;
    const settle = (): void => ctx.log.settle(exchange);
    if (bytes.length > 0 && socket.writable) socket.write(bytes, settle);
    else settle();
    ctx.emit({ type: 'replied', transport: 'tcp', bytes, to: from });
    if (ctx.closeAfterReply) replied = true;
    if (peerEnded || (ctx.closeAfterReply && ctx.peerCloseGraceMs <= 0)) endOurSide();
    else if (ctx.closeAfterReply) graceTimer = setTimeout(endOurSide, ctx.peerCloseGraceMs);
  };
  function onRequestTimeout(): void {
    requestTimer = undefined;
    reply(current ?? begin());
  }
  const complete = (received: Buffer): boolean => {
    try {
      return ctx.isComplete?.(received) ?? false;
    } catch {
      return false;
    }
  };

  // The first request's budget runs from the connection; later ones' from their first byte.
  requestTimer = setTimeout(onRequestTimeout, ctx.tcpRequestTimeoutMs);

  socket.on('data', (chunk: Buffer) => {
    ctx.emit({ type: 'received', transport: 'tcp', bytes: chunk, from });
    if (weEnded || replied) {
      if (last !== undefined) last.received = Buffer.concat([last.received, chunk]);
      return;
    }
    const exchange = current ?? begin();
    exchange.received = Buffer.concat([exchange.received, chunk]);
    if (ctx.isComplete !== undefined) {
      if (complete(exchange.received)) reply(exchange);
      return;
    }
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => reply(exchange), ctx.tcpIdleMs);
  });

  socket.on('end', () => {
    peerEnded = true;
    peerEndedFirst = !weEnded;
    const exchange = current ?? last;
    if (exchange !== undefined) exchange.peerClosed = true;
    if (current !== undefined && current.received.length > 0) reply(current);
    else endOurSide();
  });

  socket.on('error', () => undefined); // ECONNRESET and the like end the connection; 'close' follows

  socket.on('close', () => {
    clearTimers();
    clearTimeout(graceTimer);
    ctx.connections.delete(entry);
    // The peer closed first (FIN before ours), or the connection died without us ending or destroying it (a reset).
    const byPeer = peerEndedFirst || (!weEnded && !destroyedByUs);
    if (current !== undefined || last === undefined) {
      // The connection ended without a complete request (possibly without any byte).
      const exchange = current ?? begin();
      clearTimers();
      exchange.peerClosed = byPeer || peerEnded;
      ctx.log.settle(exchange);
    } else {
      if (byPeer || peerEnded) last.peerClosed = true;
      ctx.log.settle(last); // in case the reply's write callback never ran (idempotent)
    }
    ctx.emit({ type: 'closed', from, byPeer });
  });
}
