// Test helpers: run `validate`/`init` in-process on a fresh commander program (as main.ts wires them),
// and the reference programs as real processes through bin/sockgrade.js.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { Command } from 'commander';
import { registerValidate } from '../../harness/cli/validate-command.js';
import { registerInit } from '../../harness/cli/init-command.js';
import { UsageError } from '../../harness/spec/errors.js';

/** Output and exit code of one run. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `sockgrade <args>` with `validate` and `init` registered, mapping a UsageError to exit 2 as main does. */
export async function run(args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } };
  let code = 0;
  const program = new Command('sockgrade').exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  registerValidate(program, io, (c) => (code = c));
  registerInit(program, io, (c) => (code = c));
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    stderr += `sockgrade: ${error.message}\n`;
    code = 2;
  }
  return { code, stdout, stderr };
}

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
