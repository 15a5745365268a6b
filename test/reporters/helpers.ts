// Helpers of the reporter tests: grade fixture programs with reporters writing into a temp folder.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { cli, program, type CliRun } from '../e2e/grade.js';

/** A fresh temp folder for one test's reports. */
export function tempDir(prefix = 'sockgrade-reports-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Runs `sockgrade check <assignment>` on fixture programs with extra args (reporters). */
export async function check(assignment: string, roles: { server?: string; client?: string }, extra: string[]): Promise<CliRun> {
  const args = ['check', assignment, '--no-color', ...extra];
  if (roles.server) args.push('--server', program(roles.server));
  if (roles.client) args.push('--client', program(roles.client));
  return cli(args);
}

/** Reads a file as text. */
export function read(file: string): string {
  return readFileSync(file, 'utf8');
}

/** xmllint's verdict on `file` against the JUnit XSD: exit code and output. */
export async function validateJUnit(file: string): Promise<{ code: number; output: string }> {
  const run = await execa('xmllint', ['--noout', '--schema', path.resolve('test/reporters/schemas/junit.xsd'), file], { reject: false, all: true });
  return { code: run.exitCode ?? -1, output: run.all ?? '' };
}

/** Masks what changes between runs: durations, ports, times, seeds. */
export function mask(text: string): string {
  return text
    .replace(/time="\d+\.\d{3}"/g, 'time="T"')
    .replace(/timestamp="[^"]+"/g, 'timestamp="TS"')
    .replace(/ +\d+ ms {2}/g, '  N ms  ')
    .replace(/after \d+ ms/g, 'after N ms')
    .replace(/\b(port|:)(\s?)\d{4,5}\b/g, '$1$2PORT')
    .replace(/"seed" value="\d+"/g, '"seed" value="SEED"');
}
