// sockgrade's cache folder: answers that are slow to get and can be checked for staleness cheaply
// (what a pyenv shim runs, session/interpreter-cache.ts; assignments already validated by this build,
// spec/assignment-cache.ts; what the isolation trials found, sandbox/isolation-cache.ts).
// `$XDG_CACHE_HOME/sockgrade`, else `~/.cache/sockgrade`; none when `SOCKGRADE_CACHE=off`. Everything
// in it can be deleted at any time: it is asked for again.
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from './reporters/write-file.js';
import { VERSION } from './version.js';

/** The cache folder, or undefined when caching is off or there is no home to keep it in. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.SOCKGRADE_CACHE === 'off') return undefined;
  const base = env.XDG_CACHE_HOME || (homedir() ? path.join(homedir(), '.cache') : '');
  return base && path.isAbsolute(base) ? path.join(base, 'sockgrade') : undefined;
}

/** The path of `name` (a file, or `folder/file`) in the cache folder, or undefined when caching is off. */
export function cachePath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = cacheDir(env);
  return dir === undefined ? undefined : path.join(dir, name);
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

/** An entry of a cache file that holds a list of them, the most recently kept first. */
export interface KeyedEntry {
  key: string;
}

/** The entries of the cache file `file` that `isEntry` accepts (none when it is missing or damaged). */
export function readKeyed<T extends KeyedEntry>(file: string, isEntry: (value: unknown) => value is T): T[] {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return Array.isArray(parsed) ? parsed.filter(isEntry) : [];
  } catch {
    return [];
  }
}

/** Writes `entries` to `file` whole (0600, its folder 0700); best effort: a cache that cannot be written is no cache. */
export function writeKeyed(file: string, entries: readonly KeyedEntry[]): void {
  try {
    writeFileAtomic(file, `${JSON.stringify(entries)}\n`, { private: true });
  } catch {
    // no cache this time
  }
}

/** Keeps `entry` first in `file`, in place of the one under the same key, and at most `max` entries. */
export function putKeyed<T extends KeyedEntry>(file: string, entry: T, isEntry: (value: unknown) => value is T, max: number): void {
  writeKeyed(file, [entry, ...readKeyed(file, isEntry).filter((e) => e.key !== entry.key)].slice(0, max));
}

/** A small file's text, or null when it cannot be read (for cache keys). */
export function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
