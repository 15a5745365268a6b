// The argv prefix that runs a command (the grading worker) in fresh net + pid + mount namespaces,
// loopback up before it starts, dying with its parent.

import { existsSync } from 'node:fs';
import { execHelper } from '../launch/exec-helper.js';
import type { IsolationReport, NamespaceKind, SandboxTools } from './types.js';

// Brings lo up inside the fresh namespace, then becomes the command ("$1" is the path of ip).
const LOOPBACK_UP = 'ip="$1"; shift; "$ip" link set lo up && exec "$@"';

/** The prefix for the namespace kind this machine supports, or undefined where none can be made. */
export function namespacePrefix(report: IsolationReport): string[] | undefined {
  if (report.namespace === null) return undefined;
  return buildNamespacePrefix(report.namespace, report.tools, report.isRoot);
}

/**
 * The prefix for one kind, or undefined when a tool it needs is missing.
 * bwrap: `bwrap --dev-bind / / --unshare-net --unshare-pid --unshare-ipc --mqueue /dev/mqueue --die-with-parent --proc /proc --`
 * (bwrap brings lo up; it stays pid 1 as a reaper, the command is pid 2; /dev/mqueue shows the POSIX
 * message queues of the new IPC namespace, which the worker checks between gradings).
 * unshare: `[setpriv --pdeathsig KILL] unshare [--user --map-root-user] --net --pid --ipc --fork --mount-proc
 * --kill-child sh -c '… ip link set lo up && exec "$@"'` (the command is pid 1 of its namespace).
 */
export function buildNamespacePrefix(kind: NamespaceKind, tools: SandboxTools, isRoot: boolean): string[] | undefined {
  if (kind === 'bwrap') {
    if (tools.bwrap === null) return undefined;
    return [tools.bwrap, '--dev-bind', '/', '/', '--unshare-net', '--unshare-pid', '--unshare-ipc', '--mqueue', '/dev/mqueue', '--die-with-parent', '--proc', '/proc', '--', ...ownTcpHash(isRoot)];
  }
  if (tools.unshare === null || tools.ip === null) return undefined;
  // unshare has no die-with-parent of its own: setpriv sets the parent-death signal, kept across exec.
  const dieWithParent = tools.setpriv === null ? [] : [tools.setpriv, '--pdeathsig', 'KILL'];
  const user = isRoot ? [] : ['--user', '--map-root-user'];
  return [
    ...dieWithParent,
    tools.unshare,
    ...user,
    '--net',
    '--pid',
    '--ipc',
    '--fork',
    '--mount-proc',
    '--kill-child',
    '/bin/sh',
    '-c',
    LOOPBACK_UP,
    'sockgrade-netns',
    tools.ip,
    ...ownTcpHash(isRoot),
  ];
}

/** Buckets of the TCP connection hash of a worker's network namespace (the kernel's minimum is 128). */
export const WORKER_TCP_HASH_BUCKETS = 256;

/**
 * As root, on Linux 6.1+, with sockgrade-exec built: the last step of the prefix, which runs the
 * command in a network namespace nested in the fresh one, with a TCP connection hash of its own
 * (`sockgrade-exec --own-tcp-hash`, loopback up; where it cannot, the command runs in the fresh one).
 * Reading /proc/net/tcp, as the worker does for each TCP grading, walks the whole hash of the
 * namespace: ~3.4 ms with the machine's 262,144 buckets here, ~0.07 ms with 256.
 */
function ownTcpHash(isRoot: boolean): string[] {
  const helper = execHelper();
  if (!isRoot || helper === null || !existsSync('/proc/sys/net/ipv4/tcp_child_ehash_entries')) return [];
  return [helper, '--own-tcp-hash', String(WORKER_TCP_HASH_BUCKETS), '--'];
}
