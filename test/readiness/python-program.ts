// Test helper: starts an inline Python program as a process-group leader, the way the launcher does.

import { spawn } from 'node:child_process';

/** A running test program: its pid, its exit, its stdout lines, and a way to end its whole group. */
export interface PythonProgram {
  pid: number;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** The next line the program prints (rejects if it exits first). */
  nextLine(): Promise<string>;
  /** Writes one line to the program's stdin. */
  writeLine(line: string): void;
  /** SIGKILLs the process group and waits for the root to exit. */
  kill(): Promise<void>;
}

// Every program ends by itself within 25 s even if nobody kills it.
const PRELUDE = 'import os, signal, socket, sys, time\nsignal.alarm(25)\n';

/**
 * Starts `python3 -c <code>` (with a prelude importing os, signal, socket, sys, time) detached, as a
 * group leader; under `prefix` (a command that execs the rest, e.g. `unshare --net`) when given.
 */
export function startPython(code: string, prefix: string[] = []): PythonProgram {
  const [command = 'python3', ...args] = [...prefix, 'python3', '-c', PRELUDE + code];
  const child = spawn(command, args, { detached: true, stdio: ['pipe', 'pipe', 'inherit'] });
  if (child.pid === undefined) throw new Error('python3 could not be started');
  const pid = child.pid;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines: string[] = [];
  const waiters: { resolve: (line: string) => void; reject: (err: Error) => void }[] = [];
  let buffered = '';
  child.stdout.setEncoding('utf8').on('data', (data: string) => {
    buffered += data;
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      const waiter = waiters.shift();
      if (waiter) waiter.resolve(line);
      else lines.push(line);
    }
  });
  child.stdout.once('close', () => {
    for (const w of waiters.splice(0)) w.reject(new Error(`program ${pid} closed stdout before printing a line`));
  });
  child.stdin.on('error', () => {}); // the program may exit before reading
  return {
    pid,
    exited,
    nextLine: () => {
      const line = lines.shift();
      if (line !== undefined) return Promise.resolve(line);
      if (child.stdout.closed) return Promise.reject(new Error(`program ${pid} closed stdout`));
      return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
    },
    writeLine: (line) => void child.stdin.write(`${line}\n`),
    kill: async () => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // the group is already gone
      }
      await exited;
    },
  };
}

/** Programs started by a test file, killed (whole process group) after each test. */
export function programTracker(): { start: (code: string, prefix?: string[]) => PythonProgram; killAll: () => Promise<void> } {
  const running: PythonProgram[] = [];
  return {
    start: (code, prefix) => {
      const p = startPython(code, prefix);
      running.push(p);
      return p;
    },
    killAll: async () => {
      await Promise.all(running.splice(0).map((p) => p.kill()));
    },
  };
}
