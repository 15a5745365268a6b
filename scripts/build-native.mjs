#!/usr/bin/env node
// `npm run build`, last step: compiles the C programs of native/ into dist/native/ — sockgrade-exec,
// which every student program is started through (limits, then the switch to its own uid), and
// sockgrade-netcheck, the isolation probe's loopback trial. Static builds where the C library allows
// it, else dynamic ones. Without a C compiler the build still succeeds: sockgrade then uses prlimit
// and setpriv (~2–3 ms more CPU per launch) and a Node script for the trial (~60 ms more per
// command); `sockgrade doctor` says whether sockgrade-exec is used, and the loopback trial's time shows which ran.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'native');
rmSync(outdir, { recursive: true, force: true });
if (process.platform !== 'linux') process.exit(0); // Linux-only, like the jail
mkdirSync(outdir, { recursive: true });
const compilers = [process.env.CC, 'cc', 'gcc', 'clang'].filter((c) => c);
for (const name of ['sockgrade-exec', 'sockgrade-netcheck']) {
  if (!build(name)) {
    process.stderr.write(`build-native: no C compiler built native/${name}.c: sockgrade will use its slower stand-in (docs/isolation.md)\n`);
  }
}

/** Compiles native/<name>.c into dist/native/<name>: static where the C library allows it, else dynamic. */
function build(name) {
  const flags = ['-O2', '-s', '-Wall', '-Wextra', '-Werror', '-o', path.join(outdir, name), path.join(root, 'native', `${name}.c`)];
  for (const cc of compilers) {
    for (const linking of [['-static'], []]) {
      const run = spawnSync(cc, [...linking, ...flags], { encoding: 'utf8' });
      if (run.error?.code === 'ENOENT') break; // no such compiler: try the next
      if (run.status === 0) return true;
      if (linking.length === 0) process.stderr.write(`build-native: ${cc} failed on ${name}.c:\n${run.stderr}`);
    }
  }
  return false;
}
