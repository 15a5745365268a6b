// Test helpers: run `grade`/`merge` in-process on a fresh commander program, or the real CLI as a subprocess.
import path from 'node:path';
import { Command } from 'commander';
import { registerGradeCommands } from '../../harness/cli/grade-command.js';
import { UsageError } from '../../harness/spec/errors.js';
import type { BatchEntry } from '../../harness/batch/types.js';
import { readFile } from 'node:fs/promises';

/** Output and exit code of one run. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The isolation the batch tests use: SOCKGRADE_TEST_SANDBOX, else auto. */
export const SANDBOX = process.env.SOCKGRADE_TEST_SANDBOX === 'none' ? 'none' : 'auto';

/** Runs `sockgrade <args>` with only `grade` and `merge` registered, capturing output. */
export async function run(args: string[]): Promise<Run> {
  if (args[0] === 'grade' && !args.includes('--sandbox')) args = [...args, '--sandbox', SANDBOX];
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } };
  let code = 0;
  const program = new Command('sockgrade').exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  registerGradeCommands(program, io, (c) => (code = c));
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    stderr += `sockgrade: ${error.message}\n`;
    code = 2;
  }
  return { code, stdout, stderr };
}

/** The entries of a results folder's results.jsonl. */
export async function readEntries(dir: string): Promise<BatchEntry[]> {
  const text = await readFile(path.join(dir, 'results.jsonl'), 'utf8');
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as BatchEntry);
}

/** student → `score/max` (or `error`) of a results folder. */
export async function scores(dir: string): Promise<Record<string, string>> {
  return Object.fromEntries((await readEntries(dir)).map((e) => [e.student, e.error ? `error: ${e.error}` : `${e.result?.score}/${e.result?.maxScore}`]));
}

/** The installed command, for tests that must kill or interrupt the CLI process. */
export const CLI_SCRIPT = path.resolve('bin/sockgrade.js');
