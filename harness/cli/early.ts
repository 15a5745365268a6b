// What a grading command can start before the CLI has loaded (~50 ms of module loading on a small
// machine), while the machine's second core would otherwise be idle: the lookup of the students'
// interpreter, which the first grading waits for (a Python start, ~100 ms or more through a pyenv
// shim). `bin/sockgrade.js` runs this first, then loads the CLI, which finds the lookup under way
// (it is cached per command name). The isolation probe and the workers are not started here: started
// this early they only compete with the CLI's loading, and the first grading starts no sooner.
//
// The arguments are not parsed here (the CLI does that, and reports their mistakes): any argument that
// names a folder is glanced at, any that names a file is looked at by its extension. A wrong guess
// costs a lookup that nothing uses.
import '../jit.js';
import { statSync, type Stats } from 'node:fs';
import { lookUpInterpretersByExtension, lookUpInterpretersOfFolder } from '../session/interpreters.js';

/** Commands that run students' programs. */
const GRADING = new Set(['grade', 'check']);

/** Starts the interpreter lookups `argv` (without node and script) will most likely need. */
export function startEarly(argv: readonly string[]): void {
  const args = argv.slice(1);
  if (!GRADING.has(argv[0] ?? '') || args.includes('--help') || args.includes('-h')) return;
  for (const arg of args) {
    const value = arg.startsWith('--') && arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : arg;
    if (value.startsWith('-') || value === '') continue;
    const info = statOf(value);
    if (info?.isDirectory()) lookUpInterpretersOfFolder(value);
    else if (info?.isFile()) lookUpInterpretersByExtension([value]);
  }
}

/** What `file` is, if it can be told (the CLI reports a missing or unreadable one itself). */
function statOf(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
