#!/usr/bin/env node
// `npm run build`, last step: compiles native/sockgrade-exec.c into dist/native/sockgrade-exec, the
// small program every student program is started through (limits, then the switch to its own uid).
// A static build where the C library allows it, else a dynamic one. Without a C compiler the build
// still succeeds: sockgrade then starts student programs through prlimit and setpriv, as before
// (~2–3 ms more CPU per launch; `sockgrade doctor` says which is used).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'native', 'sockgrade-exec.c');
const output = path.join(root, 'dist', 'native', 'sockgrade-exec');
rmSync(output, { force: true });
if (process.platform !== 'linux') process.exit(0); // the helper is Linux-only, like the jail
mkdirSync(path.dirname(output), { recursive: true });
const compilers = [process.env.CC, 'cc', 'gcc', 'clang'].filter((c) => c);
const flags = ['-O2', '-s', '-Wall', '-Wextra', '-Werror', '-o', output, source];
for (const cc of compilers) {
  for (const linking of [['-static'], []]) {
    const run = spawnSync(cc, [...linking, ...flags], { encoding: 'utf8' });
    if (run.error?.code === 'ENOENT') break; // no such compiler: try the next
    if (run.status === 0) process.exit(0);
    if (linking.length === 0) process.stderr.write(`build-native: ${cc} failed:\n${run.stderr}`);
  }
}
process.stderr.write('build-native: no C compiler built native/sockgrade-exec.c: student programs will be started through prlimit and setpriv (slower)\n');
