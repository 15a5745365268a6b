// Which interpreter runs a student's program (python3 → the executable behind any pyenv-style shim,
// and the folders a jail must show it): looked up once per command name, and as early as it can be
// told, because the lookup (a Python start, ~100 ms through a pyenv shim) is on the way to the first
// grading; what a pyenv shim runs is remembered between runs (interpreter-cache.ts). Kept apart from
// the rest of the preparation so that the CLI's first module (`cli/early.ts`) can start it before the
// CLI has loaded.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { locateInterpreter, type Located } from '../sandbox/interpreter.js';
import { defaultSearchPath, findExecutable } from '../sandbox/tools.js';
import { pyenvKey, recall, remember } from './interpreter-cache.js';
import { DEFAULT_TEMPLATES, planProgram, splitCommand } from './command.js';

const located = new Map<string, Promise<Located | undefined>>();

/** The command names whose interpreter has been looked up (or is being), in the order asked. */
export function lookedUp(): string[] {
  return [...located.keys()];
}

/**
 * The interpreter to run for a bare command name (python3, node, java) and the folders a jail must
 * show it, looked up once per command; paths and ./{file} are run as given (undefined).
 */
export function interpreterFor(command: string): Promise<Located | undefined> {
  if (!command || command.includes('/') || command.includes('{')) return Promise.resolve(undefined);
  let found = located.get(command);
  if (!found) {
    // A command that cannot be found stays as given: the launch then reports it as not found.
    found = locateRemembered(command).catch(() => undefined);
    located.set(command, found);
  }
  return found;
}

/** locateInterpreter, but what a pyenv shim runs is taken from the cache while pyenv's inputs are unchanged (interpreter-cache.ts). */
async function locateRemembered(command: string): Promise<Located> {
  const onPath = findExecutable(command, defaultSearchPath());
  const key = onPath === null ? undefined : pyenvKey(command, onPath);
  const kept = key === undefined ? undefined : recall(key);
  if (kept !== undefined) return kept;
  const located = await locateInterpreter(onPath ?? command); // found on PATH already: not searched again
  if (key !== undefined) remember(key, located);
  return located;
}

/** Starts looking up the interpreter `file` will run with (cached for the plan), when that can be told now; a mistake (no such file…) is left for the plan to report. */
export function lookUpInterpreterOf(file: string, role: string, template: string | undefined): void {
  let command: string;
  try {
    command = planProgram(file, role, template).template[0] ?? '';
  } catch {
    return;
  }
  void interpreterFor(command);
}

/** Starts looking up the interpreters that files like these run with by default (by extension: .py → python3…), whatever role they will have. */
export function lookUpInterpretersByExtension(files: readonly string[]): void {
  for (const file of files) {
    const template = DEFAULT_TEMPLATES[path.extname(file).toLowerCase()];
    if (template !== undefined) void interpreterFor(splitCommand(template)[0] ?? '');
  }
}

/** Starts looking up the interpreters of a class folder's language, from a glance at it (its top files and those of its first subfolder); nothing for a .zip or a mistake. */
export function lookUpInterpretersOfFolder(root: string): void {
  lookUpInterpretersByExtension(firstFilesOf(root));
}

/** The files at the top of a folder and in its first subfolder (a glance: a few names, read at once); [] for a .zip or a mistake. */
function firstFilesOf(root: string): string[] {
  try {
    const entries = readdirSync(root, { withFileTypes: true }).filter((d) => !d.name.startsWith('.'));
    const files = entries.filter((d) => d.isFile()).map((d) => path.join(root, d.name));
    const first = entries.find((d) => d.isDirectory());
    if (first) {
      const inside = path.join(root, first.name);
      files.push(...readdirSync(inside, { withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.join(inside, d.name)));
    }
    return files;
  } catch {
    return [];
  }
}
