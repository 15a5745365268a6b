// `sockgrade gradescope-bundle <assignment> -o autograder.zip`: a Gradescope autograder zip holding
// setup.sh, run_autograder, and sockgrade itself (built code, assignments, lock file) with the assignment.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { Zippable } from 'fflate';
import { UsageError } from '../spec/errors.js';
import { EXEC_HELPER_PATH } from '../launch/exec-helper.js';
import { PACKAGE_ROOT } from '../version.js';
import { loadAssignment, resolveAssignment } from './catalog.js';
import type { CommandIO } from './check-command.js';
import { EXIT } from './exit-codes.js';
import { runScript, setupScript } from './gradescope-scripts.js';

const EXECUTABLE = { os: 3, attrs: 0o100755 << 16 } as const;
const REGULAR = { os: 3, attrs: 0o100644 << 16 } as const;

/** Registers the `gradescope-bundle` command on `program`; `setCode` receives its exit code. */
export function registerGradescopeBundle(program: Command, io: CommandIO, setCode: (code: number) => void): void {
  program
    .command('gradescope-bundle')
    .description('write a Gradescope autograder zip (setup.sh, run_autograder, sockgrade and the assignment)')
    .argument('<assignment>', 'a bundled assignment id or the path of an assignment .yaml file')
    .requiredOption('-o, --output <zip>', 'the zip file to write, e.g. autograder.zip')
    .option('--fixtures <file>', 'a private fixtures file to grade with (hidden checks; students never see the file)')
    .action(async (assignment: string, opts: { output: string; fixtures?: string }) => {
      setCode(await gradescopeBundleCommand(assignment, opts.output, io, opts.fixtures));
    });
}

/** Builds the bundle for `assignmentRef` and writes it to `output`; returns the exit code. */
export async function gradescopeBundleCommand(assignmentRef: string, output: string, io: CommandIO, privateFixtures?: string): Promise<number> {
  const file = resolveAssignment(assignmentRef);
  // Loaded with the private file, so that a mistake in it is found now rather than at every submission.
  const { assignment } = await loadAssignment(file, privateFixtures);
  const hidden = assignment.fixtures.filter((g) => g.hidden);
  const serverFiles = assignment.server?.files ?? [];
  const clientFiles = assignment.client?.files ?? [];
  if (serverFiles.length === 0 && clientFiles.length === 0) {
    throw new UsageError(`${file}: server.files and client.files are both missing: run_autograder needs file names or patterns to find the student's programs`);
  }
  if (!existsSync(path.join(PACKAGE_ROOT, 'dist', 'bundle', 'main.js'))) {
    throw new UsageError(`sockgrade is not built (no ${path.join(PACKAGE_ROOT, 'dist')}): run \`npm run build\` first`);
  }
  const zip: Zippable = {
    'setup.sh': [Buffer.from(setupScript()), EXECUTABLE],
    run_autograder: [Buffer.from(runScript({ assignmentId: assignment.id, serverFiles, clientFiles, privateFixtures: privateFixtures !== undefined })), EXECUTABLE],
    sockgrade: {
      'assignment.yaml': [readFileSync(file), REGULAR],
      ...(privateFixtures !== undefined ? { 'private-fixtures.yaml': [readFileSync(privateFixtures), REGULAR] as [Buffer, typeof REGULAR] } : {}),
      'package.json': [readFileSync(path.join(PACKAGE_ROOT, 'package.json')), REGULAR],
      'package-lock.json': [readFileSync(path.join(PACKAGE_ROOT, 'package-lock.json')), REGULAR],
      bin: tree(path.join(PACKAGE_ROOT, 'bin')),
      assignments: tree(path.join(PACKAGE_ROOT, 'assignments')),
      // The launch helper too, when built (a static binary runs on Gradescope's Ubuntu image; else prlimit and setpriv are used there).
      dist: { bundle: tree(path.join(PACKAGE_ROOT, 'dist', 'bundle')), ...(existsSync(EXEC_HELPER_PATH) ? { native: tree(path.dirname(EXEC_HELPER_PATH)) } : {}) },
    },
  };
  const { zipSync } = await import('fflate');
  const bytes = zipSync(zip, { level: 9, mtime: new Date('2020-01-01T00:00:00Z') });
  await writeFile(output, bytes);
  io.stdout.write(
    `wrote ${output} (${(bytes.length / 1024).toFixed(0)} KiB) for ${assignment.id}: setup.sh, run_autograder, sockgrade/\n` +
      `  run_autograder looks for the server as ${serverFiles.join(', ') || '(not graded)'} and the client as ${clientFiles.join(', ') || '(not graded)'}\n` +
      (hidden.length > 0 ? `  hidden groups from ${privateFixtures}: ${hidden.map((g) => `${g.id} (${g.sentences.length} sentences, ${g.points} points per check)`).join(', ')}; Gradescope shows their checks after grading is published\n` : '') +
      `  upload it as the autograder of a Gradescope programming assignment (Ubuntu base image)\n`,
  );
  return EXIT.passed;
}

/** A folder's files for the zip (source maps left out); executables keep their mode. */
function tree(dir: string): Zippable {
  const out: Zippable = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out[entry.name] = tree(full);
    else if (entry.isFile() && !entry.name.endsWith('.map')) out[entry.name] = [readFileSync(full), statSync(full).mode & 0o111 ? EXECUTABLE : REGULAR];
  }
  return out;
}
