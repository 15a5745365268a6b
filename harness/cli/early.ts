// What a grading command can start before the CLI has loaded (~50 ms of module loading on a small
// machine), while the machine's second core would otherwise be idle: the lookup of the students'
// interpreter, which the first grading waits for (a Python start, ~100 ms or more through a pyenv
// shim), and the grading workers (`grade`'s `--jobs`, `check`'s one: a Node start each, ~75 ms
// before one can take a plan), under the namespace prefix the isolation probe will most likely
// choose (the CLI ends them if it chooses another). `bin/sockgrade.js` runs this first, then loads
// the CLI, which finds the lookup under way (it is cached per command name) and the workers
// starting, and calls `stopEarly` at its end, so that workers no grading took (after a mistake in
// the arguments) do not outlive it.
//
// The arguments are not parsed here (the CLI does that, and reports their mistakes): any argument that
// names a folder is glanced at, any that names a file is looked at by its extension, and `--jobs` and
// `--sandbox none` are looked for. A wrong guess costs a lookup or workers that nothing uses.
import '../jit.js';
import { statSync, type Stats } from 'node:fs';
import { availableParallelism } from 'node:os';
import { lookUpInterpretersByExtension, lookUpInterpretersOfFolder } from '../session/interpreters.js';
import { likelyNamespacePrefix } from '../sandbox/detect.js';
import { keepWorkersReady, stopReadyWorkers } from '../worker/run-in-worker.js';

/** Commands that run students' programs. */
const GRADING = new Set(['grade', 'check']);

/** Starts the interpreter lookups `argv` (without node and script) will most likely need. */
export function startEarly(argv: readonly string[]): void {
  const args = argv.slice(1);
  if (!GRADING.has(argv[0] ?? '') || args.includes('--help') || args.includes('-h')) return;
  if (valueOf(args, '--sandbox') !== 'none') {
    // As many as the command will keep: grade's --jobs, check's one.
    const prefix = likelyNamespacePrefix();
    if (prefix !== undefined) keepWorkersReady(prefix, argv[0] === 'grade' ? jobsOf(args) : 1);
  }
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

/** Ends the workers started ahead that no grading took (after a mistake in the arguments, say). */
export function stopEarly(): Promise<void> {
  return stopReadyWorkers();
}

function valueOf(args: readonly string[], option: string): string | undefined {
  for (const [i, arg] of args.entries()) {
    if (arg === option) return args[i + 1];
    if (arg.startsWith(`${option}=`)) return arg.slice(option.length + 1);
  }
  return undefined;
}

function jobsOf(args: readonly string[]): number {
  const jobs = Number(valueOf(args, '--jobs'));
  return Number.isInteger(jobs) && jobs >= 1 ? jobs : availableParallelism();
}
