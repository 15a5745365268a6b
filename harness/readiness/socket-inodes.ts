// Which sockets a process holds: its fds that link to `socket:[inode]`, and its network namespace.

import { readProcDir, readProcLink } from './read-proc.js';

/** Socket inodes a process holds, and the network namespace it lives in. */
export interface ProcessSockets {
  pid: number;
  /** Identity of the process's network namespace (e.g. 'net:[4026531840]'); '' when unreadable. */
  netns: string;
  inodes: number[];
}

/** The inode of an fd link target like 'socket:[12345]'; undefined for anything else. */
export function socketInodeOfLink(target: string): number | undefined {
  const match = /^socket:\[(\d+)\]$/.exec(target);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** Socket inodes held by `pid` now; undefined when the process has vanished. */
export function readProcessSockets(pid: number): ProcessSockets | undefined {
  const fds = readProcDir(`/proc/${pid}/fd`);
  if (fds === undefined) return undefined;
  const inodes: number[] = [];
  for (const fd of fds) {
    const target = readProcLink(`/proc/${pid}/fd/${fd}`); // undefined: closed meanwhile
    const inode = target === undefined ? undefined : socketInodeOfLink(target);
    if (inode !== undefined) inodes.push(inode);
  }
  // The namespace matters only when there are sockets to look up.
  const netns = inodes.length === 0 ? '' : (readProcLink(`/proc/${pid}/ns/net`) ?? '');
  return { pid, netns, inodes };
}
