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

/**
 * The absolute path to run instead of `command`: for python names, the interpreter's own
 * `sys.executable` (kept as is, not symlink-resolved, so a virtualenv stays a virtualenv);
 * otherwise the first match on PATH. Rejects when it cannot be found.
 */
export async function resolveInterpreter(command: string): Promise<string> {
  const found = command.includes('/') ? command : findExecutable(command, defaultSearchPath());
  if (found === null) throw new Error(`${command} was not found on PATH`);
  if (!PYTHON.test(command.split('/').pop() ?? '')) return isAbsolute(found) ? found : realpath(found);
  const { stdout } = await run(found, ['-c', 'import sys; print(sys.executable)'], { timeout: ASK_TIMEOUT_MS });
  const executable = stdout.trim();
  if (!isAbsolute(executable)) throw new Error(`${command} did not report where its interpreter is (got "${executable}")`);
  return executable;
}

/**
 * Folders to bind read-only into a jail so `executable` runs there: for python, sys.prefix and
 * sys.base_prefix; for anything else, the folder above the real file's bin/ folder.
 */
export async function interpreterReadOnlyBinds(executable: string): Promise<string[]> {
  const real = await realpath(executable);
  const around = dirname(dirname(real));
  if (!PYTHON.test(executable.split('/').pop() ?? '')) return [around];
  const { stdout } = await run(executable, ['-c', 'import sys; print(sys.prefix); print(sys.base_prefix)'], { timeout: ASK_TIMEOUT_MS });
  const prefixes = stdout.split('\n').map((line) => line.trim()).filter((line) => isAbsolute(line));
  return [...new Set([...prefixes, around])];
}
