// Test helpers: run `grade`/`merge` in-process (the e2e helper: main() with captured streams, `grade`
// under SOCKGRADE_TEST_SANDBOX), read a results folder, or name the real CLI for subprocess tests.
import path from 'node:path';
import type { BatchEntry } from '../../harness/batch/types.js';
import { readFile } from 'node:fs/promises';
import { cli, TEST_SANDBOX, type CliRun } from '../e2e/grade.js';

/** Output and exit code of one run. */
export type Run = CliRun;

/** The isolation the batch tests use: SOCKGRADE_TEST_SANDBOX, else auto. */
export const SANDBOX = TEST_SANDBOX;

/** Runs `sockgrade <args>` in-process, capturing output. */
export const run = cli;

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
