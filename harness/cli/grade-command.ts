// `sockgrade grade` (a class, on all cores, resumable, shardable) and `sockgrade merge` (shards into one).
import { Command, Option } from 'commander';
import { parseShard, type Shard } from '../batch/shard.js';
import { killAllProcessesSync } from '../launch/registry.js';
import type { SandboxRequest } from '../session/isolation.js';
import { UsageError } from '../spec/errors.js';
import type { CommandIO } from './check-command.js';

/** Options of `sockgrade grade` as commander parses them. */
interface GradeFlags {
  out: string;
  jobs?: number;
  force?: boolean;
  shard?: Shard;
  sandbox: SandboxRequest;
  fixtures?: string;
}

/** Registers `grade` and `merge` on `program`; each action reports its exit code through `setCode`. */
export function registerGradeCommands(program: Command, io: CommandIO, setCode: (code: number) => void): void {
  program
    .command('grade')
    .description('grade a class: one folder per student, or a Canvas, Moodle or Gradescope export (folder or .zip)')
    .argument('<assignment>', 'a bundled assignment id (see `sockgrade list`) or the path of an assignment .yaml file')
    .argument('<submissions>', 'folder with one sub-folder per student, or an LMS export (folder or .zip)')
    .requiredOption('-o, --out <dir>', 'results folder (per-student result.json and feedback.md, results.jsonl, gradebooks, report.html)')
    .option('--jobs <n>', 'gradings at a time (default: the number of CPUs)', parseJobs)
    .option('--force', 'regrade every submission, even those unchanged since the last run')
    .option('--shard <i/n>', 'grade only shard i of n (students split by a stable hash of their id); combine with `sockgrade merge`', parseShard)
    .addOption(new Option('--sandbox <mode>', 'isolation of each grading').choices(['auto', 'namespace', 'none']).default('auto'))
    .option('--fixtures <file>', "a private fixtures file: hidden sentence groups, graded as hidden checks (masked in each student's feedback.md)")
    .action(async (assignment: string, submissions: string, flags: GradeFlags) => {
      const controller = new AbortController();
      const restore = takeOverSignals(controller, io);
      try {
        const { runBatch } = await import('../batch/run-batch.js');
        const outcome = await runBatch(assignment, submissions, { ...flags, signal: controller.signal }, io);
        setCode(outcome.code === 130 && controller.signal.reason === 'SIGTERM' ? 143 : outcome.code);
      } finally {
        restore();
      }
    });

  program
    .command('merge')
    .description('combine results folders of one assignment (e.g. the shards of a class) into one')
    .argument('<dirs...>', 'results folders written by `sockgrade grade`')
    .requiredOption('-o, --out <dir>', 'the merged results folder')
    .action(async (dirs: string[], flags: { out: string }) => {
      const { mergeResults } = await import('../batch/merge.js');
      setCode((await mergeResults(dirs, flags.out, io)).code);
    });
}

/** Parses `--jobs`: a positive integer. */
export function parseJobs(value: string): number {
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs: expected a positive integer, got ${JSON.stringify(value)}`);
  return jobs;
}

/** While a batch runs, Ctrl-C (or SIGTERM) stops it cleanly; a second one ends everything at once. Returns the undo. */
function takeOverSignals(controller: AbortController, io: CommandIO): () => void {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const saved = signals.map((s) => [s, process.listeners(s)] as const);
  const handler = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      killAllProcessesSync();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }
    io.stderr.write(`\nsockgrade: ${signal}: stopping; no new grading starts and the running ones are ended (again to quit at once)\n`);
    controller.abort(signal);
  };
  for (const s of signals) {
    process.removeAllListeners(s);
    process.on(s, handler);
  }
  return () => {
    for (const [s, listeners] of saved) {
      process.removeListener(s, handler);
      for (const l of listeners) process.on(s, l);
    }
  };
}
