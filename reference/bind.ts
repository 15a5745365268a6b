// Binding a reference server on every host (and transport) at one port, retrying a picked port on EADDRINUSE.
import { errorCode, formatAddress } from './addresses.js';
import type { Transport } from './types.js';

/** One bound listening socket. */
export interface BoundHandle {
  transport: Transport;
  address: string;
  port: number;
  close(): Promise<void>;
}

/** Binds one transport on one host and port (0: any free port). */
export type Binder = (host: string, port: number) => Promise<BoundHandle>;

/** A server could not listen: carries the system error `code` (EADDRINUSE, EACCES, …) and where. */
export class BindError extends Error {
  override readonly name = 'BindError';
  constructor(
    readonly code: string,
    readonly transport: Transport,
    readonly host: string,
    readonly port: number,
    cause: unknown,
  ) {
    super(`cannot listen on ${transport} ${formatAddress({ address: host, port })}: ${describe(code, cause)}`, { cause });
  }
}

function describe(code: string, cause: unknown): string {
  if (code === 'EADDRINUSE') return 'address already in use (EADDRINUSE) — is another server running on this port?';
  if (code === 'EACCES') return 'permission denied (EACCES) — ports below 1024 need privileges';
  return cause instanceof Error ? cause.message : code;
}

/** Errors meaning "this address does not exist here" (e.g. ::1 without IPv6): the host is skipped. */
const SKIPPABLE = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT', 'EPROTONOSUPPORT']);

const PICK_ATTEMPTS = 25;

/** Binds every transport on every host at one port; with port 0 the first bind picks it and a clash retries. */
export async function bindEverywhere(o: {
  port: number;
  hosts: readonly string[];
  binders: ReadonlyArray<{ transport: Transport; bind: Binder }>;
}): Promise<{ port: number; handles: BoundHandle[] }> {
  if (o.hosts.length === 0) throw new Error('a reference server needs at least one host to listen on');
  const attempts = o.port === 0 ? PICK_ATTEMPTS : 1;
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const handles: BoundHandle[] = [];
    try {
      const port = await bindAll(o, handles);
      return { port, handles };
    } catch (error) {
      await Promise.all(handles.map((h) => h.close()));
      lastError = error;
      if (errorCode(error) !== 'EADDRINUSE') break;
    }
  }
  throw lastError;
}

async function bindAll(
  o: { port: number; hosts: readonly string[]; binders: ReadonlyArray<{ transport: Transport; bind: Binder }> },
  handles: BoundHandle[],
): Promise<number> {
  let port = o.port;
  for (const { transport, bind } of o.binders) {
    let skipped: unknown;
    let bound = 0;
    for (const host of o.hosts) {
      try {
        const handle = await bind(host, port);
        handles.push(handle);
        bound += 1;
        if (port === 0) port = handle.port;
      } catch (error) {
        const code = errorCode(error);
        if (!SKIPPABLE.has(code)) throw new BindError(code, transport, host, port, error);
        skipped = error;
      }
    }
    if (bound === 0) throw new BindError(errorCode(skipped), transport, o.hosts.join(', '), port, skipped);
  }
  return port;
}
