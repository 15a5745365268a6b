// Imported first by sockgrade's own processes (the CLI's `cli/early.ts`, the grading worker): V8
// compiles their code no further than its baseline tier (Sparkplug), never with TurboFan. Their work
// is glue between system calls (spawning, /proc, sockets, files), where optimised code gains little,
// while TurboFan's compiles ran on the machine's other core: a worker used ~2.5 ms less CPU per
// grading without them, over 60 and 200 gradings alike, and a class of 40 took ~2 % less CPU in all
// (docs/benchmarks-history.md, session 6). An unknown flag only prints a warning (a future V8 without it).
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--max-opt=1');
