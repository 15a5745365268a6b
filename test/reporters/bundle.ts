// Simulating Gradescope: unzip a bundle into <root>/source, put a submission in <root>/submission,
// and run run_autograder there with this repository's sockgrade.
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { gradescopeBundleCommand } from '../../harness/cli/gradescope-bundle.js';
import { TEST_SANDBOX } from '../e2e/grade.js';
import { tempDir } from './helpers.js';

/** The bundle of `assignment`, built once per call: the zip's path and its entries. */
export async function buildBundle(assignment: string, privateFixtures?: string): Promise<{ zip: string; entries: Record<string, Uint8Array>; stdout: string }> {
  const zip = path.join(tempDir('sockgrade-bundle-'), 'autograder.zip');
  let stdout = '';
  const code = await gradescopeBundleCommand(assignment, zip, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => true } }, privateFixtures);
  if (code !== 0) throw new Error(`gradescope-bundle exited ${code}`);
  return { zip, entries: unzipSync(readFileSync(zip)), stdout };
}

/** A Gradescope-like folder: the bundle unzipped into source/, `files` (fixture → name) in submission/. */
export function gradescopeRoot(entries: Record<string, Uint8Array>, files: Record<string, string>): string {
  const root = tempDir('sockgrade-gradescope-');
  for (const [name, bytes] of Object.entries(entries)) {
    if (name.endsWith('/')) continue;
    const target = path.join(root, 'source', name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, bytes);
  }
  chmodSync(path.join(root, 'source', 'run_autograder'), 0o755);
  mkdirSync(path.join(root, 'submission', 'src'), { recursive: true });
  for (const [fixture, name] of Object.entries(files)) copyFileSync(path.join('fixtures/programs', fixture), path.join(root, 'submission', name));
  return root;
}

/** The environment run_autograder gets in the tests: the temp root, and this repository's sockgrade. */
export function autograderEnv(root: string): Record<string, string> {
  return { AUTOGRADER_ROOT: root, SOCKGRADE_BIN: path.resolve('bin/sockgrade.js'), SOCKGRADE_ARGS: `--sandbox ${TEST_SANDBOX}` };
}

/** Every file under `dir`, relative, sorted. */
export function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}
