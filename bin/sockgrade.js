#!/usr/bin/env node
// The sockgrade command: runs the bundled CLI (built by `npm ci`/`npm run build` into dist/bundle/).
import { main, endStudentProgramsOnSignal } from '../dist/bundle/main.js';

endStudentProgramsOnSignal();
process.exitCode = await main(process.argv.slice(2));
