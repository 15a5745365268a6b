// Turning `python3` into the interpreter's real path (skipping pyenv/asdf shims, which are scripts
// that read the user's home) and finding the folders it needs to see inside a jail.

import { execFile } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';
import { promisify } from 'node:util';
import { defaultSearchPath, findExecutable } from './tools.js';

const run = promisify(execFile);
const ASK_TIMEOUT_MS = 10_000;
const PYTHON = /^python(\d+(\.\d+)?)?$/;

/** What a lookup finds: the executable to run, and the folders a jail must show it. */
export interface Located {
  executable: string;
  binds: string[];
}

/**
 * The absolute path to run instead of `command`, and the folders to bind read-only into a jail so
 * that it runs there. For python names: the interpreter's own `sys.executable` (kept as is, not
 * symlink-resolved, so a virtualenv stays a virtualenv), and `sys.prefix` and `sys.base_prefix`,
 * asked in one start of the interpreter (through a pyenv shim a start costs ~40 ms of CPU). For
 * anything else: the first match on PATH, and the folder above the real file's bin/ folder.
 * Rejects when it cannot be found.
 */
export async function locateInterpreter(command: string): Promise<Located> {
  const found = command.includes('/') ? command : findExecutable(command, defaultSearchPath());
  if (found === null) throw new Error(`${command} was not found on PATH`);
  if (!PYTHON.test(command.split('/').pop() ?? '')) {
    const executable = isAbsolute(found) ? found : await realpath(found);
    return { executable, binds: [dirname(dirname(await realpath(executable)))] };
  }
  const { stdout } = await run(found, ['-c', 'import sys; print(sys.executable); print(sys.prefix); print(sys.base_prefix)'], { timeout: ASK_TIMEOUT_MS });
  const [executable = '', ...prefixes] = stdout.split('\n').map((line) => line.trim());
  if (!isAbsolute(executable)) throw new Error(`${command} did not report where its interpreter is (got "${executable}")`);
  const around = dirname(dirname(await realpath(executable)));
  return { executable, binds: [...new Set([...prefixes.filter((line) => isAbsolute(line)), around])] };
}
