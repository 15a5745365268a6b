// Parsing and reading the socket tables /proc/<pid>/net/{tcp,tcp6,udp,udp6}.

import { formatAddress, hostIsLittleEndian, procHexToBytes } from './proc-address.js';
import { readProcText } from './read-proc.js';
import type { Transport } from './types.js';

/** One row of a /proc/net socket table. */
export interface ProcNetEntry {
  transport: Transport;
  family: 4 | 6;
  address: string;
  port: number;
  /** Kernel socket state (TCP_LISTEN = 0x0A, TCP_CLOSE = 0x07, which is also an unconnected UDP socket). */
  state: number;
  inode: number;
}

/** One of the four tables: which transport and family it lists. */
export interface ProcNetTable {
  transport: Transport;
  family: 4 | 6;
  /** File name under /proc/<pid>/net. */
  file: 'tcp' | 'tcp6' | 'udp' | 'udp6';
}

/** The four tables readiness looks at. */
export const PROC_NET_TABLES: readonly ProcNetTable[] = [
  { transport: 'tcp', family: 4, file: 'tcp' },
  { transport: 'tcp', family: 6, file: 'tcp6' },
  { transport: 'udp', family: 4, file: 'udp' },
  { transport: 'udp', family: 6, file: 'udp6' },
];

const TCP_LISTEN = 0x0a;
const UNCONNECTED = 0x07;

/** Parses one table's text; the header and malformed lines are skipped. */
export function parseProcNetTable(text: string, table: ProcNetTable, littleEndian = hostIsLittleEndian): ProcNetEntry[] {
  const entries: ProcNetEntry[] = [];
  for (const line of text.split('\n')) {
    // Fields: sl local rem st tx:rx tr:when retrnsmt uid timeout inode …
    const fields = line.trim().split(/\s+/);
    const [local, state, inode] = [fields[1], fields[3], fields[9]];
    if (local === undefined || state === undefined || inode === undefined || !/^\d+:$/.test(fields[0] ?? '')) continue;
    const colon = local.indexOf(':');
    const bytes = procHexToBytes(local.slice(0, colon), littleEndian);
    const port = parseInt(local.slice(colon + 1), 16);
    if (bytes === undefined || bytes.length !== (table.family === 4 ? 4 : 16) || !Number.isInteger(port)) continue;
    if (!/^[0-9A-Fa-f]{2}$/.test(state) || !/^\d+$/.test(inode)) continue;
    entries.push({
      transport: table.transport,
      family: table.family,
      address: formatAddress(bytes),
      port,
      state: parseInt(state, 16),
      inode: Number(inode),
    });
  }
  return entries;
}

/** True for a socket a server has made ready: TCP in LISTEN, or UDP bound to a port and not connected. */
export function isBoundEntry(entry: ProcNetEntry): boolean {
  if (entry.transport === 'tcp') return entry.state === TCP_LISTEN;
  return entry.state === UNCONNECTED && entry.port !== 0;
}

/**
 * Reads the given tables as seen from `pid`'s network namespace; undefined when the process has
 * vanished. A table that does not exist (no tcp6/udp6 on a kernel without IPv6) counts as empty.
 */
export function readProcNetTables(pid: number, tables: readonly ProcNetTable[] = PROC_NET_TABLES): ProcNetEntry[] | undefined {
  const texts = tables.map((table) => readProcText(`/proc/${pid}/net/${table.file}`));
  if (texts.every((t) => t === undefined)) return undefined;
  return tables.flatMap((table, i) => parseProcNetTable(texts[i] ?? '', table));
}

/** Inodes listed in a /proc/net/unix table (columns: Num RefCount Protocol Flags Type St Inode Path). */
export function parseProcNetUnixInodes(text: string): number[] {
  const inodes: number[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    const inode = fields[6];
    if (/^[0-9A-Fa-f]+:$/.test(fields[0] ?? '') && inode !== undefined && /^\d+$/.test(inode)) inodes.push(Number(inode));
  }
  return inodes;
}

/** Unix-domain socket inodes in `pid`'s network namespace (stdio socketpairs, …); undefined when it vanished. */
export function readProcNetUnixInodes(pid: number): number[] | undefined {
  const text = readProcText(`/proc/${pid}/net/unix`);
  return text === undefined ? undefined : parseProcNetUnixInodes(text);
}
