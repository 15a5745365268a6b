// Reading /proc: synchronously, because procfs files are generated in memory and never wait on a
// disk, and a scan of every /proc/<pid>/stat is ~10× cheaper this way than through the libuv pool.

import { closeSync, openSync, readdirSync, readlinkSync, readSync } from 'node:fs';
import { isVanished } from './proc-errors.js';

const chunk = Buffer.alloc(64 * 1024);

/** The text of a /proc file; undefined when it vanished (the process exited). */
export function readProcText(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if (isVanished(err)) return undefined;
    throw err;
  }
  try {
    const parts: string[] = [];
    for (let n = readSync(fd, chunk, 0, chunk.length, null); n > 0; n = readSync(fd, chunk, 0, chunk.length, null)) {
      parts.push(chunk.toString('latin1', 0, n));
    }
    return parts.join('');
  } catch (err) {
    if (isVanished(err)) return undefined;
    throw err;
  } finally {
    closeSync(fd);
  }
}

/** The entries of a /proc directory; undefined when it vanished. */
export function readProcDir(path: string): string[] | undefined {
  try {
    return readdirSync(path);
  } catch (err) {
    if (isVanished(err)) return undefined;
    throw err;
  }
}

/** The target of a /proc symlink (an fd, a namespace); undefined when it vanished. */
export function readProcLink(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch (err) {
    if (isVanished(err)) return undefined;
    throw err;
  }
}
