// `sockgrade grade`: grade a class. Discover the submissions, reuse stored gradings whose hashes
// match, grade the rest on a pool of workers, store each one as it ends, then rebuild the class files.
import { mkdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { CommandIO } from '../cli/check-command.js';
import { loadAssignment } from '../cli/catalog.js';
import { UsageError } from '../spec/errors.js';
import { probeAfreshNextTime, whileChoosingSandbox, type SandboxRequest } from '../session/isolation.js';
import { lookUpInterpreterOf, lookUpInterpretersByExtension } from '../session/interpreters.js';
import type { LoadedAssignment } from '../spec/load.js';
import { stopAllProcesses } from '../launch/registry.js';
import { keepWorkersReady, stopReadyWorkers } from '../worker/run-in-worker.js';
import { VERSION } from '../version.js';
import { sweepTempFiles } from './atomic.js';
import { discoverSubmissions, type Submission } from './discover.js';
import { prepareEntry } from './grade-entry.js';
import { assignmentHash, contentHash } from './hashes.js';
import { matchRoles, assignmentRoles, rolePatterns } from './match-roles.js';
import { matchingSummary } from './matching.js';
import { BATCH_META_SCHEMA, type BatchMeta } from './meta.js';
import { writeOutputs } from './outputs.js';
import { runPool } from './pool.js';
import { barProgress, lineProgress, type Progress } from './progress.js';
import { inShard, type Shard } from './shard.js';
import { readStored, writeStudent } from './store.js';
import { summarize, type EntrySummary } from './types.js';

/** Options of `sockgrade grade`. */
export interface GradeOptions {
  out: string;
  jobs?: number;
  force?: boolean;
  shard?: Shard;
  sandbox?: SandboxRequest;
  /** A private fixtures file: hidden sentence groups added to the assignment's (masked in feedback.md). */
  fixtures?: string;
  /** Aborted on Ctrl-C: no new grading starts, running ones are ended and discarded (exit code 130). */
  signal?: AbortSignal;
  /** Where progress goes: a bar on a terminal, else one line per grading (default: chosen from the stream). */
  progress?: 'bar' | 'lines';
}

/** What a batch run did. */
export interface BatchOutcome {
  code: number;
  /** Summaries of the class's entries (the full ones are in the results folder). */
  entries: EntrySummary[];
  graded: number;
  reused: number;
}

/** A class as found before grading: its assignment, its submissions, those kept from the last run and those to grade. */
interface ClassToGrade {
  loaded: LoadedAssignment;
  aHash: string;
  out: string;
  meta: BatchMeta;
  entries: Map<string, EntrySummary>;
  todo: { submission: Submission; hash: string }[];
}

type Source = Awaited<ReturnType<typeof openSubmissions>>;

/** Grades a class; resolves with the exit code: 0 all graded, 3 some harness errors, 130 interrupted (2 is thrown as UsageError). */
export async function runBatch(assignmentRef: string, submissionsPath: string, options: GradeOptions, io: CommandIO): Promise<BatchOutcome> {
  const started = performance.now();
  const jobs = options.jobs ?? availableParallelism();
  const opened: { source?: Source } = {};
  try {
    // The machine's isolation is probed while the class is read (and the interpreters looked up), and a worker per job starts meanwhile.
    const [found, chosen] = await whileChoosingSandbox(options.sandbox ?? 'auto', findClass(assignmentRef, submissionsPath, options, io, opened), jobs);
    const { loaded, aHash, out, meta, entries, todo } = found;
    const source = opened.source as Source;
    const prefix = chosen.workerPrefix;
    const reused = entries.size;
    io.stderr.write(`sockgrade: grading ${todo.length} submission${todo.length === 1 ? '' : 's'}${reused > 0 ? ` (${reused} unchanged since the last run, kept)` : ''}, ${jobs} at a time\n`);

    // Jailed programs must not see the class's other submissions, the results or the hidden sentences.
    const hide = [source.hide, out, ...(loaded.privateFixtures ? [path.resolve(loaded.privateFixtures)] : [])];
    const sandbox = chosen.jail ? { ...chosen, jail: { ...chosen.jail, hide: [...chosen.jail.hide, ...hide] } } : chosen;
    // Temporary folders of finished gradings are removed while the next ones run, and all before the end.
    const cleanups: Promise<void>[] = [];
    const ctx = { loaded, sandbox, assignmentHash: aHash, later: (cleanup: Promise<void>) => void cleanups.push(cleanup.catch(() => {})) };
    const progress = await makeProgress(options, io, todo.length);
    const stopped = (): boolean => options.signal?.aborted ?? false;
    const sweeper = stopSweeper(options.signal);
    let done = 0;
    let finished = 0;
    // Workers grade one submission after another; keep as many as gradings are left to run or running
    // (none started for nothing at the end, none kept waiting once the last ones have started).
    const keepWorkers = (): void => {
      if (prefix) keepWorkersReady(prefix, Math.min(jobs, todo.length - finished));
    };
    // No more than there are gradings: a job each were started ahead (or none, when the probe chose another prefix: they start now).
    keepWorkers();
    // Each grading is stored while its job's next grading starts (its worker would otherwise wait on
    // the disk); every store is awaited before the class files are written, and its error comes out.
    const stores: Promise<void>[] = [];
    try {
      // Each job's next student is staged and prepared while the job's current grading runs.
      await runPool(
        todo,
        jobs,
        {
          prepare: ({ submission, hash }) => prepareEntry(ctx, submission, hash),
          discard: (prepared) => prepared.discard(),
          run: async (prepared) => {
            const entry = await prepared.grade().finally(() => {
              finished += 1;
              keepWorkers();
            });
            if (stopped()) return; // ended by Ctrl-C: not a real grading, not stored
            // Stored on the next turn of the event loop: the job first gives its worker the next plan.
            const stored = nextTurn().then(() => writeStudent(out, entry)).then(() => {
              entries.set(entry.student, summarize(entry));
              progress.graded(entry, ++done, todo.length);
            });
            stored.catch(() => {}); // awaited below; not an unhandled rejection meanwhile
            stores.push(stored);
          },
        },
        stopped,
      );
      await Promise.all(stores);
    } finally {
      await Promise.allSettled([...stores, ...cleanups]);
      progress.stop();
      sweeper.dispose();
      await stopReadyWorkers();
    }
    const all = [...entries.values()];
    await writeOutputs(out, all, meta);
    const errors = all.filter((e) => e.error).length;
    // Run again to retry them: with the machine probed afresh, not with a kept report that may be the cause.
    if (errors > 0) probeAfreshNextTime();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (stopped()) {
      io.stderr.write(`sockgrade: interrupted: ${done} graded in this run are stored, the rest were not started or were stopped; run the same command again to finish (results in ${options.out})\n`);
      return { code: 130, entries: all, graded: done, reused };
    }
    io.stderr.write(
      `sockgrade: ${done} graded, ${reused} kept, in ${seconds} s${errors > 0 ? `; ${errors} could not be graded by sockgrade (see "error" in results.jsonl; run again to retry them)` : ''}; results in ${options.out}\n`,
    );
    return { code: errors > 0 ? 3 : 0, entries: all, graded: done, reused };
  } finally {
    await stopReadyWorkers();
    await opened.source?.dispose();
  }
}

/**
 * Reads the assignment and the class, and sorts the submissions into those kept from the last run
 * (same files, assignment and sockgrade) and those to grade; starts looking up the interpreters (those
 * of the first submission's languages at once, those of the assignment's commands at the first
 * submission to grade). `opened` gets the submissions' source (a .zip is extracted) to dispose of.
 */
async function findClass(assignmentRef: string, submissionsPath: string, options: GradeOptions, io: CommandIO, opened: { source?: Source }): Promise<ClassToGrade> {
  // The interpreters of the class's language are looked up first of all (a Python start, ~100 ms
  // through a pyenv shim; most classes are in one language): bin/sockgrade.js started that from a
  // glance at the folder before the CLI loaded (cli/early.ts); here from the first submission once
  // found. The class is found while the assignment loads.
  const loading = loadAssignment(assignmentRef, options.fixtures, { cached: true });
  const finding = openSubmissions(submissionsPath).then(async (source) => {
    opened.source = source;
    const discovery = await discoverSubmissions(source.root);
    lookUpInterpretersByExtension((discovery.submissions[0]?.files ?? []).map((f) => f.path));
    return discovery;
  });
  const [assignmentLoad, classFind] = await Promise.allSettled([loading, finding]);
  // A mistake in the assignment is reported first, as when one was read after the other.
  if (assignmentLoad.status === 'rejected') throw assignmentLoad.reason;
  if (classFind.status === 'rejected') throw classFind.reason;
  const loaded = assignmentLoad.value;
  const discovery = classFind.value;
  const aHash = await assignmentHash(loaded.file, loaded.privateFixtures);
  const selected = options.shard ? discovery.submissions.filter((s) => inShard(s.student, options.shard as Shard)) : discovery.submissions;
  const out = path.resolve(options.out);
  await mkdir(out, { recursive: true });
  await sweepTempFiles(out);
  const meta: BatchMeta = {
    schema: BATCH_META_SCHEMA,
    assignment: { id: loaded.assignment.id, title: loaded.assignment.title, file: loaded.file },
    assignmentHash: aHash,
    harnessVersion: VERSION,
    layout: discovery.layout,
    roles: assignmentRoles(loaded.assignment).map((role) => ({ role, patterns: rolePatterns(loaded.assignment, role) })),
    ignored: discovery.ignored,
    ...(options.shard ? { shard: options.shard } : {}),
    generatedAt: new Date().toISOString(),
  };
  const preview = selected.map((s) => ({ matched: Object.fromEntries(matchRoles(loaded.assignment, s.files).flatMap((m) => (m.file ? [[m.role, m.file.display]] : []))) }));
  io.stderr.write(`sockgrade: ${matchingSummary(preview, meta)}\n`);

  // Only summaries are kept (the gradebooks, matching.txt and the report's numbers need no more); the
  // full results are in each student's folder, read back one at a time for results.jsonl and the report.
  const stored = await readStored(out);
  const entries = new Map<string, EntrySummary>();
  const todo: { submission: Submission; hash: string }[] = [];
  for (const submission of selected) {
    const hash = contentHash(submission.files);
    const old = stored.get(submission.student);
    const reusable = old && !old.error && old.contentHash === hash && old.assignmentHash === aHash && old.harnessVersion === VERSION;
    if (reusable && !options.force) entries.set(submission.student, old);
    else {
      todo.push({ submission, hash });
      // The interpreters are looked up (a Python start; ~100 ms through a pyenv shim) while the others are hashed.
      if (todo.length === 1) lookUpInterpreters(loaded.assignment, submission);
    }
  }
  return { loaded, aHash, out, meta, entries, todo };
}

/** Starts looking up the interpreters a submission's programs run with (cached for every grading). */
function lookUpInterpreters(assignment: LoadedAssignment['assignment'], submission: Submission): void {
  for (const m of matchRoles(assignment, submission.files)) {
    if (m.file) lookUpInterpreterOf(m.file.path, m.role, assignment[m.role]?.command);
  }
}

async function openSubmissions(given: string): Promise<{ root: string; hide: string; dispose(): Promise<void> }> {
  const info = await stat(given).catch(() => undefined);
  if (!info) throw new UsageError(`submissions ${given}: no such folder or .zip file`);
  if (info.isDirectory()) return { root: given, hide: path.resolve(given), dispose: async () => {} };
  if (!/\.zip$/i.test(given)) throw new UsageError(`submissions ${given}: expected a folder or a .zip file`);
  // The zip reader is loaded only for a .zip (most classes are folders).
  const { extractZip } = await import('./zip.js');
  const zip = await extractZip(given);
  return { root: zip.root, hide: path.resolve(given), dispose: zip.dispose };
}

async function makeProgress(options: GradeOptions, io: CommandIO, total: number): Promise<Progress> {
  const tty = io.stderr === process.stderr && process.stderr.isTTY && !process.env.CI;
  return (options.progress ?? (tty ? 'bar' : 'lines')) === 'bar' ? barProgress(process.stderr, total) : lineProgress(io.stderr, total);
}

/** Once aborted, ends every student program and worker, again and again until the pool has drained (gradings waiting on a lock start late). */
function stopSweeper(signal: AbortSignal | undefined): { dispose(): void } {
  let timer: NodeJS.Timeout | undefined;
  const start = (): void => {
    void stopAllProcesses();
    timer = setInterval(() => void stopAllProcesses(), 100);
  };
  if (signal?.aborted) start();
  else signal?.addEventListener('abort', start, { once: true });
  return {
    dispose() {
      signal?.removeEventListener('abort', start);
      if (timer) clearInterval(timer);
    },
  };
}
