// Choosing a grading's isolation from what the machine allows and what the user asked for
// (`--sandbox auto|namespace|none`), and saying honestly what is left unprotected.
import { detectIsolation, forgetRememberedIsolation, likelyNamespacePrefix } from '../sandbox/detect.js';
import { keepWorkersReady, stopReadyWorkers } from '../worker/run-in-worker.js';
import { namespacePrefix } from '../sandbox/namespace-command.js';
import { explainProblems } from '../sandbox/problems.js';
import { UsageError } from '../spec/errors.js';
import type { SandboxChoice } from '../grade-one.js';

/** What `--sandbox` accepts. */
export type SandboxRequest = 'auto' | 'namespace' | 'none';

/** The isolation for gradings on this machine: its own namespaces when possible (or required), else none. */
export async function chooseSandbox(requested: SandboxRequest): Promise<SandboxChoice> {
  if (requested === 'none') return { plan: { mode: 'none', unprotected: [...sharedNetwork('--sandbox none was given'), NO_JAIL] } };
  const report = await detectIsolation();
  const prefix = namespacePrefix(report);
  if (prefix) {
    const unprotected = [
      ...(report.canJail ? [] : [NO_JAIL]),
      ...(report.canJail && !report.canDropPrivileges ? [`user: student programs run as sockgrade's own user (uid ${report.uid ?? '?'}), as sockgrade is not root`] : []),
      ...(report.canLimitResources ? [] : ['limits: prlimit is missing (and sockgrade-exec is not built), so CPU, memory, process and file-size limits are not applied']),
    ];
    return { plan: { mode: 'namespace', unprotected }, workerPrefix: prefix, ...(report.canJail ? { jail: { report, hide: [] } } : {}) };
  }
  const why = explainProblems(report);
  if (requested === 'namespace') {
    throw new UsageError(`--sandbox namespace: this machine cannot give each grading its own network namespace: ${why.join('; ')} (run sockgrade doctor)`);
  }
  return { plan: { mode: 'none', unprotected: [...sharedNetwork(why[0] ?? 'no network namespace can be made here'), NO_JAIL] } };
}

/**
 * Starts `chooseSandbox` while `work` runs (probing the machine takes ~90 ms, mostly waiting on the
 * trial processes; loading an assignment ~100 ms of CPU). `work`'s error comes first, once the
 * probe has ended too (so none of its trial processes outlives the command).
 *
 * With `workersAhead`, that many grading workers start at once under the prefix the probe will most
 * likely choose (a worker's start, ~150 ms of wall time, then overlaps the probe and the loading
 * instead of following them): they are kept when the probe chooses that prefix, and ended when it
 * does not or `work` fails. They only run our own code: no student program starts before the choice.
 */
export async function whileChoosingSandbox<T>(requested: SandboxRequest, work: Promise<T>, workersAhead = 0): Promise<[T, SandboxChoice]> {
  const likely = workersAhead > 0 && requested !== 'none' ? likelyNamespacePrefix() : undefined;
  if (likely) keepWorkersReady(likely, workersAhead);
  const choosing = chooseSandbox(requested);
  const [done, chosen] = await Promise.allSettled([work, choosing]);
  const kept = likely !== undefined && done.status === 'fulfilled' && chosen.status === 'fulfilled' && sameArgv(chosen.value.workerPrefix, likely);
  if (likely && !kept) await stopReadyWorkers();
  if (done.status === 'rejected') throw done.reason;
  if (chosen.status === 'rejected') throw chosen.reason;
  return [done.value, chosen.value];
}

/**
 * After a command in which sockgrade could not run some gradings itself (errored checks, a worker
 * that ended without a result): the next command probes the machine afresh instead of trusting the
 * kept report (sandbox/isolation-cache.ts). Best effort, and cheap: one probe, ~40 ms of CPU.
 */
export function probeAfreshNextTime(): void {
  try {
    forgetRememberedIsolation();
  } catch {
    // a cache that cannot be read or written is no cache
  }
}

function sameArgv(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((arg, i) => arg === b[i]);
}

const NO_JAIL =
  "filesystem: no jail, so student programs can read and write whatever sockgrade's user can (other submissions, results, the harness's files)";

function sharedNetwork(reason: string): string[] {
  return [
    `network: ${reason}, so student programs share this machine's network: they can reach any local port, and gradings that need the assignment's fixed port take turns`,
    'processes: without a PID namespace, a program that leaves its process group and clears its environment can outlive its grading',
  ];
}
