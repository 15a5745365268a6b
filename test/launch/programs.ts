// Tiny Python programs for the launcher tests, each named for one behaviour. All are harmless and
// end by themselves within 30 s even if nobody kills them.

import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { launch } from '../../harness/launch/launcher.js';
import type { LaunchOptions, StudentProcess } from '../../harness/launch/types.js';

/** Prints to both streams, then exits with code 3. */
export const PRINTS_THEN_EXITS_3 = `
import sys
print("hello on stdout")
print("hello on stderr", file=sys.stderr)
sys.exit(3)
`;

/** Reads one line with input(), then the rest of stdin up to EOF, and reports both. */
export const READS_LINE_THEN_EOF = `
import sys
line = input("Input lowercase sentence:")
rest = sys.stdin.read()
print("line=" + line.upper())
print("rest=%d bytes" % len(rest))
`;

/** Reads stdin to EOF and reports how much arrived. */
export const READS_TO_EOF = `
import sys
print("eof after %d bytes" % len(sys.stdin.buffer.read()))
`;

/** Prints what it sees of its environment and process group. */
export const REPORTS_ENVIRONMENT = `
import os
print(os.environ.get("SERVER_PORT"), os.environ.get("PYTHONUNBUFFERED"), "PATH" in os.environ)
print("group leader:", os.getpgrp() == os.getpid())
`;

/** Announces itself, then sleeps (30 s at most). */
export const SLEEPS_AFTER_READY = `
import time
print("ready")
time.sleep(30)
`;

/** Ignores SIGTERM, announces itself, then sleeps (30 s at most). */
export const IGNORES_SIGTERM = `
import signal, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
print("ready")
time.sleep(30)
`;

/** Kills itself with SIGSEGV, as a crashing native extension would. */
export const CRASHES_WITH_SIGSEGV = `
import os, signal
os.kill(os.getpid(), signal.SIGSEGV)
`;

/** Grandchild: ignores SIGTERM, says so on the shared stdout, sleeps (30 s at most). */
const STUBBORN_GRANDCHILD = `
import os, signal, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
print("grandchild", os.getpid(), flush=True)
time.sleep(30)
`;

/** Forks a grandchild that ignores SIGTERM, then sleeps itself (30 s at most). */
export const FORKS_STUBBORN_GRANDCHILD = `
import subprocess, sys, time
subprocess.Popen([sys.executable, "-c", ${JSON.stringify(STUBBORN_GRANDCHILD)}])
time.sleep(30)
`;

/** Forks a grandchild that keeps our stderr open, waits until it runs, then exits 0 (orphaning it). */
export const EXITS_LEAVING_ORPHAN = `
import subprocess, sys
child = subprocess.Popen(
    [sys.executable, "-c", "import os, time; print(os.getpid(), flush=True); time.sleep(30)"],
    stdout=subprocess.PIPE)
print("orphan", child.stdout.readline().decode().strip())
`;

/** Forks a grandchild that leaves the process group (setsid) keeping our stdout open, waits until it has, exits 0. */
export const EXITS_LEAVING_ESCAPED_GRANDCHILD = `
import subprocess, sys
escapee = "import os, sys, time; os.setsid(); print('escaped', os.getpid(), flush=True); sys.stderr.write('done\\\\n'); sys.stderr.flush(); time.sleep(30)"
child = subprocess.Popen([sys.executable, "-c", escapee], stderr=subprocess.PIPE)
child.stderr.readline()
`;

/** Writes 50 MiB of 'x' lines to stdout as fast as it can. */
export const FLOODS_STDOUT_50_MIB = `
import sys
line = b"x" * 1048575 + b"\\n"
for _ in range(50):
    sys.stdout.buffer.write(line)
`;

/** Launches `python3 -c script` in the temp folder; `overrides` replace any option. */
export function launchPython(script: string, overrides: Partial<LaunchOptions> = {}): StudentProcess {
  return launch({ command: 'python3', args: ['-c', script], cwd: tmpdir(), ...overrides });
}

/** Collects stdout as it arrives, so a test can wait for a line instead of sleeping. */
export class StdoutWatcher {
  #text = '';
  #waiters: Array<{ pattern: RegExp; resolve: (match: RegExpMatchArray) => void }> = [];

  /** Pass as `onStdout` in the launch options. */
  readonly onStdout = (chunk: string): void => {
    this.#text += chunk;
    this.#waiters = this.#waiters.filter((waiter) => !this.#settle(waiter));
  };

  /** Resolves with the first match of `pattern` in stdout, as soon as it has been printed. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray> {
    return new Promise((resolve) => {
      const waiter = { pattern, resolve };
      if (!this.#settle(waiter)) this.#waiters.push(waiter);
    });
  }

  #settle(waiter: { pattern: RegExp; resolve: (match: RegExpMatchArray) => void }): boolean {
    const match = this.#text.match(waiter.pattern);
    if (match !== null) waiter.resolve(match);
    return match !== null;
  }
}

/** True when no process `pid` is running: it does not exist, or is a zombie waiting to be reaped. */
export function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state === 'Z' || state === 'X';
  } catch {
    return true; // vanished between the two looks
  }
}
