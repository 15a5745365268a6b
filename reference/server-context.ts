// What the parts of a reference server share, and the ReferenceServer object built on it.
import { performance } from 'node:perf_hooks';
import { DEFAULT_HOSTS } from './addresses.js';
import { bindEverywhere, type Binder } from './bind.js';
import { ExchangeLog } from './exchange-log.js';
import type { ReferenceServer, ReferenceServerOptions, ServerEvent, Transport } from './types.js';

/** Options with defaults applied, the record, the clock and the open TCP connections of one server. */
export interface ServerContext {
  readonly isComplete: ((received: Buffer) => boolean) | undefined;
  readonly tcpIdleMs: number;
  readonly tcpRequestTimeoutMs: number;
  readonly closeAfterReply: boolean;
  readonly peerCloseGraceMs: number;
  readonly log: ExchangeLog;
  /** Open TCP connections; `destroy` resolves once the socket has closed. */
  readonly connections: Set<{ destroy(): Promise<void> }>;
  closing: boolean;
  /** The reply to a request (empty when the responder throws). */
  respond(request: Buffer, transport: Transport): Buffer;
  /** ms since the server started. */
  now(): number;
  /** Reports an event; a throwing listener cannot break the server. */
  emit(event: ServerEvent): void;
}

/** A fresh context for one server. */
export function createServerContext(options: ReferenceServerOptions): ServerContext {
  const startedAt = performance.now();
  return {
    isComplete: options.isComplete,
    tcpIdleMs: options.tcpIdleMs ?? 100,
    tcpRequestTimeoutMs: options.tcpRequestTimeoutMs ?? 5000,
    closeAfterReply: options.closeAfterReply ?? true,
    peerCloseGraceMs: options.peerCloseGraceMs ?? 0,
    log: new ExchangeLog(),
    connections: new Set(),
    closing: false,
    respond(request, transport) {
      try {
        return options.respond(request, transport);
      } catch {
        return Buffer.alloc(0);
      }
    },
    now: () => Math.round((performance.now() - startedAt) * 1000) / 1000,
    emit(event) {
      try {
        options.onEvent?.(event);
      } catch {
        // a broken listener must not take the server down
      }
    },
  };
}

/** Binds the given transports on every host and returns the running ReferenceServer. */
export async function startReferenceServer(
  options: ReferenceServerOptions,
  binders: (ctx: ServerContext) => Array<{ transport: Transport; bind: Binder }>,
): Promise<ReferenceServer> {
  const ctx = createServerContext(options);
  const list = binders(ctx);
  const { port, handles } = await bindEverywhere({ port: options.port, hosts: options.hosts ?? DEFAULT_HOSTS, binders: list });
  for (const h of handles) ctx.emit({ type: 'listening', transport: h.transport, address: h.address, port: h.port });
  let closed: Promise<void> | undefined;
  return {
    port,
    transports: list.map((b) => b.transport),
    exchanges: ctx.log.all,
    nextExchange: (timeoutMs) => ctx.log.next(timeoutMs),
    close() {
      closed ??= (async () => {
        ctx.closing = true;
        const listeners = handles.map((h) => h.close());
        await Promise.all([...ctx.connections].map((c) => c.destroy()));
        await Promise.all(listeners);
        ctx.log.close();
      })();
      return closed;
    },
  };
}
