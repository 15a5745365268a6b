// Finding every process a grading left behind: each student program, its children and double-forked
// daemons carry the grading's run id in their environment (SOCKGRADE_RUN_TAG).
import { readdirSync, readFileSync } from 'node:fs';
import type { Result } from '../../harness/result/types.js';

/** Pids of live (non-zombie) processes that carry `result`'s run id. */
export function leftBehind(result: Result): number[] {
  const needle = `SOCKGRADE_RUN_TAG=${result.environment.runId}`;
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2)[0];
      if (state === 'Z' || state === 'X') continue;
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(needle)) found.push(Number(entry));
    } catch {
      // vanished
    }
  }
  return found;
}
