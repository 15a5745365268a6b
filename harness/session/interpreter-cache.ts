// The interpreter behind a pyenv shim, remembered between runs. Asking the shim which Python it runs
// takes pyenv ~14 bash processes (~100 ms of CPU, ~140 ms of wall time on a busy 2-core machine) on
// the way to the first grading, at every `check` and `grade`. What pyenv answers depends only on what
// the key below holds: its environment variables, the working directory and the `.python-version`
// files from there up, its global version file, the shim itself, and the folders where versions,
// plugins and hooks are installed (their modification times change when one is added or removed).
// So the answer is kept under that key in `interpreters.json` in sockgrade's cache folder (cache.ts),
// and used again while the key is the same and the interpreter is still there. Anything else (a real
// python3, node, java) is looked up every time, as before: that costs one start of it, not pyenv's
// scripts. `SOCKGRADE_CACHE=off` turns the cache off.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { cachePath, putKeyed, readKeyed, readOrNull } from '../cache.js';
import type { Located } from '../sandbox/interpreter.js';

/** Entries kept (the most recently used first); older ones are dropped. */
const MAX_ENTRIES = 32;
const PYENV_SHIM = /^export PYENV_ROOT="([^"]+)"$/m;

/** The cache file, or undefined when the cache is off or there is no home to keep it in. */
export function cacheFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return cachePath('interpreters.json', env);
}

/**
 * The key under which what `shim` runs is kept, or undefined when `shim` is not a pyenv shim (or
 * cannot be read). Reads a few small files: well under a millisecond.
 */
export function pyenvKey(command: string, shim: string, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string | undefined {
  let text: string;
  try {
    if (statSync(shim).size > 4096) return undefined;
    text = readFileSync(shim, 'utf8');
  } catch {
    return undefined;
  }
  // The shim sets PYENV_ROOT itself, whatever the environment says.
  const pyenvRoot = PYENV_SHIM.exec(text)?.[1];
  if (pyenvRoot === undefined || !text.includes('pyenv" exec')) return undefined;
  const variables = Object.keys(env)
    .filter((name) => name.startsWith('PYENV') || name === 'PATH')
    .sort()
    .map((name) => `${name}=${env[name] ?? ''}`);
  // pyenv looks for .python-version from PYENV_DIR (else the working directory) up to the root.
  const versionFiles: string[] = [];
  for (let dir = path.resolve(env.PYENV_DIR || cwd); ; dir = path.dirname(dir)) {
    const content = readOrNull(path.join(dir, '.python-version'));
    if (content !== null) versionFiles.push(`${dir}: ${content}`);
    if (path.dirname(dir) === dir) break;
  }
  const times = [shim, path.join(pyenvRoot, 'versions'), path.join(pyenvRoot, 'plugins'), path.join(pyenvRoot, 'pyenv.d'), path.join(pyenvRoot, 'libexec')].map(
    (p) => `${p}@${modified(p)}`,
  );
  return JSON.stringify({ command, shim, text, variables, versionFiles, global: readOrNull(path.join(pyenvRoot, 'version')), times });
}

/** What was found under `key`, if it is kept and its executable is still there. */
export function recall(key: string, file: string | undefined = cacheFile()): Located | undefined {
  if (file === undefined) return undefined;
  const found = readKeyed(file, isEntry).find((entry) => entry.key === key)?.located;
  if (found === undefined || modified(found.executable) === null) return undefined;
  return found;
}

/** Keeps what was found under `key` (best effort: a cache that cannot be written is no cache). */
export function remember(key: string, located: Located, file: string | undefined = cacheFile()): void {
  if (file !== undefined) putKeyed(file, { key, located }, isEntry, MAX_ENTRIES);
}

interface Entry {
  key: string;
  located: Located;
}

function isEntry(value: unknown): value is Entry {
  if (typeof value !== 'object' || value === null) return false;
  const { key, located } = value as Partial<Entry>;
  return (
    typeof key === 'string' &&
    typeof located === 'object' &&
    located !== null &&
    typeof located.executable === 'string' &&
    path.isAbsolute(located.executable) &&
    Array.isArray(located.binds) &&
    located.binds.every((b) => typeof b === 'string' && path.isAbsolute(b))
  );
}

function modified(file: string): number | null {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}
