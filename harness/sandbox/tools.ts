// Finding helper executables on PATH (plus the sbin folders a non-root PATH usually lacks).

import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Folders searched when no explicit list is given: PATH, then the usual system folders. */
export function defaultSearchPath(): string[] {
  const fromEnv = (process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== '');
  const system = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  return [...new Set([...fromEnv, ...system])];
}

/** The first executable regular file called `name` in `dirs`, or null. */
export function findExecutable(name: string, dirs: string[]): string | null {
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * `env` without NODE_EXTRA_CA_CERTS, for the Node processes sockgrade starts itself (grading workers,
 * the loopback trial): Node 20 reads and parses those certificates at every start (~30 ms of CPU for
 * a typical bundle), and these processes never make a TLS connection.
 */
export function nodeEnvironmentWithoutTls(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy.NODE_EXTRA_CA_CERTS;
  return copy;
}
