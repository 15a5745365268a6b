// Kernel resource limits as a util-linux `prlimit` argv prefix (or sockgrade-exec's options), and which
// of them could not be applied.

import { isExecutable } from './command-check.js';
import type { ResourceLimits } from './types.js';

/** Where util-linux tools are looked for when `PATH` does not have them. */
const SYSTEM_DIRS = ['/usr/bin', '/bin', '/usr/local/bin', '/usr/sbin', '/sbin'];

/** The prlimit prefix for some limits, what was applied, and what was not (with why). */
export interface LimitPlan {
  prefix: string[];
  applied: ResourceLimits;
  notApplied: string[];
}

/** Checks each given limit is a whole number in range; throws a RangeError naming the bad one. */
export function checkLimits(limits: ResourceLimits): void {
  const positive: Array<keyof ResourceLimits> = ['cpuSeconds', 'memoryBytes', 'processes'];
  for (const name of positive) checkWhole(`limits.${name}`, limits[name], 1);
  checkWhole('limits.fileSizeBytes', limits.fileSizeBytes, 0);
}

/** Throws a RangeError unless `value` is undefined or a safe integer of at least `min`. */
export function checkWhole(name: string, value: number | undefined, min: number): void {
  if (value === undefined || (Number.isSafeInteger(value) && value >= min)) return;
  throw new RangeError(`${name}: expected an integer of at least ${min}, got ${String(value)}`);
}

/**
 * Builds `prlimit --cpu=N:N+1 --data=B:B --nproc=P:P --fsize=F:F --` for the given limits (none given: no prefix).
 * CPU gets its hard limit one second above the soft one, so that the kernel sends SIGXCPU (which kills most
 * programs and names the cause) rather than a bare SIGKILL. `childUid` is the uid the program runs as.
 */
export function planLimits(limits: ResourceLimits, prlimitPath: string | undefined, childUid: number | undefined): LimitPlan {
  const given = (Object.keys(limits) as Array<keyof ResourceLimits>).filter((name) => limits[name] !== undefined);
  if (given.length === 0) return { prefix: [], applied: {}, notApplied: [] };
  if (prlimitPath === undefined) {
    const why = process.platform === 'linux' ? 'prlimit not found' : `no prlimit on ${process.platform}`;
    return { prefix: [], applied: {}, notApplied: given.map((name) => `${name} (${why})`) };
  }
  const options: string[] = [];
  const { cpuSeconds, memoryBytes, processes, fileSizeBytes } = limits;
  if (cpuSeconds !== undefined) options.push(`--cpu=${cpuSeconds}:${cpuSeconds + 1}`);
  // RLIMIT_DATA (writable private memory, mmap included since Linux 4.7), not RLIMIT_AS: a JVM reserves
  // gigabytes of address space it never uses, and must still start.
  if (memoryBytes !== undefined) options.push(`--data=${memoryBytes}:${memoryBytes}`);
  if (processes !== undefined) options.push(`--nproc=${processes}:${processes}`);
  if (fileSizeBytes !== undefined) options.push(`--fsize=${fileSizeBytes}:${fileSizeBytes}`);
  return { prefix: [prlimitPath, ...options, '--'], ...enforcedLimits(limits, childUid) };
}

/** The same limits as options of sockgrade-exec (native/sockgrade-exec.c), which sets CPU's hard limit one second later too. */
export function execHelperLimitArgs(limits: ResourceLimits): string[] {
  const { cpuSeconds, memoryBytes, processes, fileSizeBytes } = limits;
  return [
    ...(cpuSeconds !== undefined ? ['--cpu', String(cpuSeconds)] : []),
    ...(memoryBytes !== undefined ? ['--data', String(memoryBytes)] : []),
    ...(processes !== undefined ? ['--nproc', String(processes)] : []),
    ...(fileSizeBytes !== undefined ? ['--fsize', String(fileSizeBytes)] : []),
  ];
}

/** Which of the given limits the kernel enforces for a program running as `childUid`, and which it does not (with why). */
export function enforcedLimits(limits: ResourceLimits, childUid: number | undefined): Pick<LimitPlan, 'applied' | 'notApplied'> {
  const applied: ResourceLimits = Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined));
  const notApplied: string[] = [];
  if (limits.processes !== undefined && childUid === 0) {
    // The kernel never holds uid 0 to RLIMIT_NPROC, whatever the capabilities.
    delete applied.processes;
    notApplied.push('processes (not enforced for uid 0: give a uid)');
  }
  return { applied, notApplied };
}

/** Absolute path of an executable util-linux tool (prlimit, setpriv) on `pathEnv` or a usual place; undefined when missing or not Linux. */
export function findUtil(name: 'prlimit' | 'setpriv', pathEnv: string | undefined): string | undefined {
  if (process.platform !== 'linux') return undefined;
  const dirs = [...(pathEnv ?? '').split(':').filter((dir) => dir.startsWith('/')), ...SYSTEM_DIRS];
  return dirs.map((dir) => `${dir}/${name}`).find(isExecutable);
}

