// How a student program is started: a command template chosen by file extension (or given), with
// {file}, {host}, {port} and {dir} filled in. Never run through a shell.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../spec/errors.js';
import type { ProgramPlan } from './plan.js';

/** Default command templates by file extension. Host and port are passed as argv too. */
export const DEFAULT_TEMPLATES: Record<string, string> = {
  '.py': 'python3 {file} {host} {port}',
  '.js': 'node {file} {host} {port}',
  '.mjs': 'node {file} {host} {port}',
  '.java': 'java {file} {host} {port}',
};

/** Resolves how to run `file`: an explicit template, else by extension, else as an executable. */
export function planProgram(file: string, role: string, template?: string): ProgramPlan {
  const absolute = path.resolve(file);
  let stats;
  try {
    stats = statSync(absolute);
  } catch {
    throw new UsageError(`--${role}: ${file}: no such file`);
  }
  if (!stats.isFile()) throw new UsageError(`--${role}: ${file}: expected a program file, found a directory`);
  const chosen = template ?? DEFAULT_TEMPLATES[path.extname(file).toLowerCase()] ?? executableTemplate(absolute, file, role);
  const tokens = splitCommand(chosen);
  if (tokens.length === 0) throw new UsageError(`--${role}-cmd: expected a command, got an empty string`);
  return { file, cwd: path.dirname(absolute), template: tokens };
}

/** Fills the placeholders of a template. */
export function fillTemplate(plan: ProgramPlan, values: { host: string; port: number }): string[] {
  const file = path.basename(plan.file);
  return plan.template.map((token) =>
    token
      .replaceAll('{file}', file)
      .replaceAll('{dir}', plan.cwd)
      .replaceAll('{host}', values.host)
      .replaceAll('{port}', String(values.port)),
  );
}

/** Splits a command line into words, honouring single and double quotes (no other shell syntax). */
export function splitCommand(command: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: string | null = null;
  let inWord = false;
  for (const ch of command) {
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote) throw new UsageError(`command ${JSON.stringify(command)}: unterminated ${quote} quote`);
  if (inWord) words.push(current);
  return words;
}

function executableTemplate(absolute: string, file: string, role: string): string {
  try {
    accessSync(absolute, constants.X_OK);
  } catch {
    throw new UsageError(
      `--${role}: ${file}: cannot tell how to run this file (known extensions: ${Object.keys(DEFAULT_TEMPLATES).join(', ')}; or an executable); pass --${role}-cmd "…"`,
    );
  }
  return './{file} {host} {port}';
}
