#!/usr/bin/env node
// The sockgrade command: runs the compiled CLI (built by `npm ci`/`npm run build` into dist/).
import { main, endStudentProgramsOnSignal } from '../dist/harness/cli/main.js';

endStudentProgramsOnSignal();
process.exitCode = await main(process.argv.slice(2));
