#!/usr/bin/env node
// The sockgrade command: runs the compiled CLI (built by `npm ci`/`npm run build` into dist/).
import { main } from '../dist/harness/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
