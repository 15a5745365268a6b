// What a still-running student client was doing when sockgrade stopped it, read from /proc (Linux):
// the system call it was blocked in, and its inet sockets (the local port a UDP socket got when it
// sent, the peer of a connected one). Best effort and never a guess: whatever cannot be read (no
// /proc, a process sockgrade may not inspect, a system call it does not know) is left out.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { formatAddress, procHexToBytes } from '../../readiness/proc-address.js';
import { processTreePids } from '../../readiness/process-tree.js';

/** One inet socket of the client. */
export interface ObservedSocket {
  transport: 'udp' | 'tcp';
  localPort: number;
  /** The peer, when the socket is connected (TCP, or UDP after connect()). */
  remote?: { address: string; port: number };
}

/** What the client's process tree was doing when observed. */
export interface WaitingObservation {
  /**
   * `receive`: blocked in recvfrom()/recv()/read() on one of its sockets; `connect`: blocked in connect();
   * `computing`: on the CPU, in no system call. Absent when unknown (or when it waits in anything else).
   */
  blockedIn?: 'receive' | 'connect' | 'computing';
  /** Its inet sockets that have a local port (a UDP socket gets one when it first sends). */
  sockets: ObservedSocket[];
}

/** System call numbers by architecture (they differ between x86-64 and arm64). */
const SYSCALLS: Partial<Record<NodeJS.Architecture, { receive: number[]; connect: number[] }>> = {
  // read, recvfrom, recvmsg, recvmmsg; connect
  x64: { receive: [0, 45, 47, 299], connect: [42] },
  arm64: { receive: [63, 207, 212, 243], connect: [203] },
};

/** Observes `rootPid`'s tree now; undefined where /proc cannot tell (not Linux, or the tree is gone). */
export function observeWaiting(rootPid: number): WaitingObservation | undefined {
  if (process.platform !== 'linux') return undefined;
  let pids: number[];
  try {
    pids = processTreePids(rootPid);
  } catch {
    return undefined;
  }
  if (pids.length === 0) return undefined;
  const sockets: ObservedSocket[] = [];
  let blockedIn: WaitingObservation['blockedIn'];
  for (const pid of pids) {
    const inodes = socketInodes(pid);
    if (inodes.size > 0) sockets.push(...inetSockets(pid, inodes));
    const state = syscallState(pid, inodes);
    // A blocked receive or connect on the program's own socket says the most; a wrapper process never has one.
    if (state === 'receive' || state === 'connect') blockedIn = state;
    else if (state === 'computing' && blockedIn === undefined) blockedIn = state;
  }
  return { ...(blockedIn ? { blockedIn } : {}), sockets };
}

/** fd number → socket inode, for the process's socket fds. */
function socketInodes(pid: number): Map<number, number> {
  const inodes = new Map<number, number>();
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match?.[1]) inodes.set(Number(fd), Number(match[1]));
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
}

/** What /proc/<pid>/syscall says: blocked receiving or connecting on one of `inodes`' fds, computing, or unknown. */
function syscallState(pid: number, inodes: Map<number, number>): 'receive' | 'connect' | 'computing' | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/syscall`, 'latin1').trim();
  } catch {
    return undefined; // not ours to inspect (ptrace rules), or gone
  }
  if (text === 'running') return 'computing';
  const [nr, fdArg] = text.split(/\s+/);
  if (nr === '-1') return 'computing'; // on the CPU or preempted, in no system call
  const table = SYSCALLS[process.arch];
  const number = Number(nr);
  const fd = fdArg !== undefined && /^0x[0-9a-f]+$/i.test(fdArg) ? parseInt(fdArg, 16) : NaN;
  if (!table || !Number.isInteger(number) || !inodes.has(fd)) return undefined;
  if (table.receive.includes(number)) return 'receive';
  if (table.connect.includes(number)) return 'connect';
  return undefined;
}

/** The process's inet sockets with a local port, from its network namespace's tables. */
function inetSockets(pid: number, inodes: Map<number, number>): ObservedSocket[] {
  const wanted = new Set(inodes.values());
  const found: ObservedSocket[] = [];
  for (const [file, transport] of [['udp', 'udp'], ['udp6', 'udp'], ['tcp', 'tcp'], ['tcp6', 'tcp']] as const) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/net/${file}`, 'latin1');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      // Fields: sl local rem st tx:rx tr:when retrnsmt uid timeout inode …
      const fields = line.trim().split(/\s+/);
      if (!/^\d+:$/.test(fields[0] ?? '') || !wanted.has(Number(fields[9]))) continue;
      const local = parseEndpoint(fields[1]);
      const remote = parseEndpoint(fields[2]);
      if (!local || local.port === 0) continue;
      found.push({ transport, localPort: local.port, ...(remote && remote.port !== 0 ? { remote } : {}) });
    }
  }
  return found;
}

/** `0100007F:2EE0` → 127.0.0.1 port 12000. */
function parseEndpoint(text: string | undefined): { address: string; port: number } | undefined {
  const colon = text?.indexOf(':') ?? -1;
  if (!text || colon < 0) return undefined;
  const bytes = procHexToBytes(text.slice(0, colon));
  const port = parseInt(text.slice(colon + 1), 16);
  if (!bytes || !Number.isInteger(port)) return undefined;
  return { address: formatAddress(bytes), port };
}
