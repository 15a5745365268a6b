// sockgrade's cache folder: answers that are slow to get and can be checked for staleness cheaply
// (what a pyenv shim runs, session/interpreter-cache.ts; assignments already validated by this build,
// spec/assignment-cache.ts). `$XDG_CACHE_HOME/sockgrade`, else `~/.cache/sockgrade`; none when
// `SOCKGRADE_CACHE=off`. Everything in it can be deleted at any time: it is asked for again.
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION } from './version.js';

/** The cache folder, or undefined when caching is off or there is no home to keep it in. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.SOCKGRADE_CACHE === 'off') return undefined;
  const base = env.XDG_CACHE_HOME || (homedir() ? path.join(homedir(), '.cache') : '');
  return base && path.isAbsolute(base) ? path.join(base, 'sockgrade') : undefined;
}

/**
 * What identifies this build, for answers that depend on its code: the version, and this module's
 * file (a rebuild rewrites it, so its size or modification time changes).
 */
export function buildId(): string {
  const self = fileURLToPath(import.meta.url);
  try {
    const info = statSync(self);
    return `${VERSION}\0${self}\0${info.size}\0${info.mtimeMs}`;
  } catch {
    return `${VERSION}\0${self}`;
  }
}
