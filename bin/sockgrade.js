#!/usr/bin/env node
// The sockgrade command: runs the bundled CLI (built by `npm ci`/`npm run build` into dist/bundle/).
// What the first grading waits for starts first (dist/bundle/early.js, small: the interpreter lookup,
// and grade's workers), then the CLI loads; workers no grading took are ended before it exits.
import { startEarly, stopEarly } from '../dist/bundle/early.js';

const argv = process.argv.slice(2);
startEarly(argv);
try {
  const { main, endStudentProgramsOnSignal, dropOutputToClosedPipes } = await import('../dist/bundle/main.js');
  endStudentProgramsOnSignal();
  dropOutputToClosedPipes();
  process.exitCode = await main(argv);
} finally {
  await stopEarly();
}
