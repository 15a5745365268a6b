#!/usr/bin/env node
// The sockgrade command: runs the bundled CLI (built by `npm ci`/`npm run build` into dist/bundle/).
// The interpreter lookup the first grading waits for starts first (dist/bundle/early.js, small), then the CLI loads.
import { startEarly } from '../dist/bundle/early.js';

const argv = process.argv.slice(2);
startEarly(argv);
const { main, endStudentProgramsOnSignal } = await import('../dist/bundle/main.js');
endStudentProgramsOnSignal();
process.exitCode = await main(argv);
