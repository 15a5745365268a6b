// Between two gradings in one worker: ending everything the last grading left in the worker's
// namespaces, and saying whether they are as fresh as new ones. A worker grades its next plan only
// when they are: no process but the worker and its namespace's init, no socket in the network tables
// but connections in TIME_WAIT on ephemeral ports other than the assignment's (what a student client
// leaves after each of its runs, within a grading too; the kernel never gives such a port to a
// connecting socket while it waits, and only the assignment's port is bound by name — a TIME_WAIT
// there would make the next student's bind fail), no System V IPC object and no POSIX message queue. Anything else — or programs that ran with sockgrade's own privileges, which
// could change the namespace in ways these tables do not show (addresses, routes, firewall) — and
// the worker ends, so the next grading gets fresh namespaces as before.
import { readdirSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { readProcText } from '../readiness/read-proc.js';
import { readStat, waitForPidsGone } from '../launch/group.js';
import type { GradingPlan } from '../session/plan.js';

/** How long leftover processes get to die after SIGKILL (they cannot refuse; only a busy machine delays them). */
const LEFTOVER_BUDGET_MS = 2000;
/** How long sockets just closed get to leave the tables. */
const SETTLE_MS = 500;

/** Network tables of the namespace: any entry means a socket (or a connection in TIME_WAIT) is left. */
const SOCKET_TABLES = ['tcp', 'tcp6', 'udp', 'udp6', 'raw', 'raw6', 'udplite', 'udplite6'];
const IPC_TABLES = ['shm', 'sem', 'msg'];

/**
 * Why this worker must not grade another plan, or undefined when its namespaces are clean again.
 * Only ever called inside a worker's own PID namespace: it SIGKILLs every other process it can see.
 */
export async function resetNamespace(plan: GradingPlan): Promise<string | undefined> {
  const programs = [plan.server, plan.client].filter((p) => p !== undefined);
  if (programs.some((p) => p.uid === undefined || (p.wrapper === undefined && p.helperJail === undefined))) return 'student programs ran unjailed or with sockgrade\'s own user';
  if (!insideOwnPidNamespace()) return 'not inside a PID namespace of its own';
  const leftover = otherProcesses();
  if (leftover.length > 0) {
    for (const pid of leftover) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (!(await waitForPidsGone(leftover, LEFTOVER_BUDGET_MS))) return `processes still running after SIGKILL: ${leftover.join(', ')}`;
  }
  // A socket closed a moment ago (by a program just killed, or by the harness: Node closes handles on
  // its next loop turn) can still be listed: look again for a short while before giving up on these namespaces.
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const left = leftInNamespace(plan.port);
    if (left === undefined || Date.now() >= deadline) return left;
    await delay(10);
  }
}

/** What the namespace still holds (a socket, an IPC object), or undefined. */
function leftInNamespace(port: number): string | undefined {
  const ephemeral = ephemeralRange();
  const counts = socketCounts();
  let ipv4TimeWaits = 0;
  for (const table of tablesWithSockets(counts)) {
    // TIME_WAITs are counted for both families together: when those of IPv4 are all of them and no
    // IPv6 socket is in use, tcp6 is empty, and not read (reading a TCP table walks the kernel's
    // whole connection hash, ~3 ms on a machine with much memory, whatever the namespace holds).
    if (table === 'tcp6' && counts.get('TCP6 inuse') === 0 && ipv4TimeWaits >= (counts.get('TCP tw') ?? Number.NaN)) continue;
    const lines = tableEntries(`/proc/net/${table}`);
    if (table === 'tcp') ipv4TimeWaits = lines.filter((line) => line.split(/\s+/)[3] === TIME_WAIT).length;
    const entries = lines.filter((line) => !(table.startsWith('tcp') && harmlessTimeWait(line, port, ephemeral)));
    if (entries.length > 0) return `${entries.length} ${table} socket(s) left in the namespace: ${entries[0]}`;
  }
  for (const table of IPC_TABLES) {
    const entries = tableEntries(`/proc/sysvipc/${table}`);
    if (entries.length > 0) return `${entries.length} System V ${table} object(s) left`;
  }
  // POSIX message queues: the worker's prefix mounts its IPC namespace's queue filesystem there.
  let queues: string[];
  try {
    queues = readdirSync('/dev/mqueue');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') return `POSIX message queues cannot be listed (${code ?? 'unknown error'})`;
    queues = [];
  }
  if (queues.length > 0) return `${queues.length} POSIX message queue(s) left: ${queues.slice(0, 3).join(', ')}`;
  return undefined;
}

/**
 * True when this process sits at the top of a fresh PID namespace: it or its parent is pid 1 there
 * (unshare makes the worker pid 1; bwrap stays pid 1 and the worker is its child). A worker started
 * on the machine's own PID namespace never is, so it never sweeps the machine's processes.
 */
function insideOwnPidNamespace(): boolean {
  return process.pid === 1 || (process.ppid === 1 && process.pid <= 3);
}

/** Live processes in this PID namespace other than this one and its ancestors (zombies excluded). */
function otherProcesses(): number[] {
  const keep = new Set<number>([process.pid]);
  for (let pid = process.ppid; pid > 0 && !keep.has(pid); pid = parentOf(pid)) keep.add(pid);
  const others: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || keep.has(Number(entry))) continue;
    const stat = readStat(entry);
    if (stat && stat.state !== 'Z' && stat.state !== 'X') others.push(Number(entry));
  }
  return others;
}

function parentOf(pid: number): number {
  return readStat(String(pid))?.ppid ?? 0;
}

const TIME_WAIT = '06';

/** A /proc/net/tcp line of a connection in TIME_WAIT on an ephemeral local port that is not `port`. */
function harmlessTimeWait(line: string, port: number, [low, high]: [number, number]): boolean {
  const [, local, , state] = line.split(/\s+/);
  const localPort = Number.parseInt(local?.split(':')[1] ?? '', 16);
  return state === TIME_WAIT && localPort !== port && localPort >= low && localPort <= high;
}

/** The kernel's ephemeral port range in this namespace (an empty range if unknown: then no TIME_WAIT is harmless). */
function ephemeralRange(): [number, number] {
  const [low, high] = (readProcText('/proc/sys/net/ipv4/ip_local_port_range') ?? '').trim().split(/\s+/).map(Number);
  return low !== undefined && high !== undefined && Number.isInteger(low) && Number.isInteger(high) ? [low, high] : [1, 0];
}

/** The namespace's socket counts by protocol and field (e.g. 'TCP inuse', 'TCP tw', 'UDP6 inuse'), from /proc/net/sockstat and sockstat6. */
function socketCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const file of ['/proc/net/sockstat', '/proc/net/sockstat6']) {
    for (const line of (readProcText(file) ?? '').split('\n')) {
      const [name, ...fields] = line.trim().split(/:?\s+/);
      for (let i = 0; i + 1 < fields.length; i += 2) counts.set(`${name} ${fields[i]}`, Number(fields[i + 1]));
    }
  }
  return counts;
}

/**
 * The socket tables that may have entries. The namespace's socket counts (/proc/net/sockstat and
 * sockstat6: sockets in use per protocol, and TCP's TIME_WAITs) are cheap to read, while reading
 * /proc/net/tcp makes the kernel walk whole hash tables (~1–3 ms, by the machine's memory, unless the
 * worker's namespace has a hash of its own: sandbox/namespace-command.ts): a table whose count is 0 is empty
 * (a count cannot miss a socket of this namespace: if it were the machine's, 0 would still mean none
 * here). A count that cannot be read leaves its table to be read.
 */
function tablesWithSockets(counts: Map<string, number>): string[] {
  const count = (key: string): number => counts.get(key) ?? Number.NaN;
  // TIME_WAITs are counted for IPv4 and IPv6 together.
  const inTable: Record<string, number> = {
    tcp: count('TCP inuse') + count('TCP tw'),
    tcp6: count('TCP6 inuse') + count('TCP tw'),
    udp: count('UDP inuse'),
    udp6: count('UDP6 inuse'),
    raw: count('RAW inuse'),
    raw6: count('RAW6 inuse'),
    udplite: count('UDPLITE inuse'),
    udplite6: count('UDPLITE6 inuse'),
  };
  return SOCKET_TABLES.filter((table) => inTable[table] !== 0);
}

/** The lines of a /proc table after its header (missing tables, e.g. without IPv6, have none). */
function tableEntries(path: string): string[] {
  let text: string | undefined;
  try {
    text = readProcText(path);
  } catch {
    return [];
  }
  return (text ?? '').split('\n').slice(1).map((line) => line.trim()).filter((line) => line !== '');
}
