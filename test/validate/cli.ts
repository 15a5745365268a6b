// Test helpers: run `validate`/`init` in-process (the e2e helper: main() with captured streams), and the
// reference programs as real processes through bin/sockgrade.js.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { cli, type CliRun } from '../e2e/grade.js';

/** Output and exit code of one run. */
export type Run = CliRun;

/** Runs `sockgrade <args>` in-process, as the command line does (a UsageError is exit 2). */
export const run = cli;

/** The installed command (needs `npm run build`). */
export const CLI_SCRIPT = path.resolve('bin/sockgrade.js');

/** A reference program started as a real process, with its output collected as it comes. */
export interface Started {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout or stderr matches `pattern`; rejects if the process exits first. */
  waitFor(stream: 'stdout' | 'stderr', pattern: RegExp): Promise<void>;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
}

/** Starts `node bin/sockgrade.js reference <args>`, with `stdin` written and ended when given. */
export function startReference(args: string[], stdin?: string): Started {
  const child = spawn(process.execPath, [CLI_SCRIPT, 'reference', ...args], { stdio: 'pipe' });
  const text = { stdout: '', stderr: '' };
  const waiters: Array<() => void> = [];
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  for (const name of ['stdout', 'stderr'] as const) {
    child[name].on('data', (chunk: Buffer) => {
      text[name] += chunk.toString('utf8');
      for (const w of waiters.splice(0)) w();
    });
  }
  if (stdin !== undefined) child.stdin.end(stdin);
  return {
    child,
    stdout: () => text.stdout,
    stderr: () => text.stderr,
    exited,
    waitFor: (stream, pattern) =>
      new Promise((resolve, reject) => {
        let over = false;
        void exited.then((code) => {
          over = true;
          if (!pattern.test(text[stream])) reject(new Error(`exited (${code}) before ${stream} matched ${pattern}; stdout ${JSON.stringify(text.stdout)}, stderr ${JSON.stringify(text.stderr)}`));
        });
        const check = (): void => {
          if (pattern.test(text[stream])) resolve();
          else if (!over) waiters.push(check);
        };
        check();
      }),
  };
}
