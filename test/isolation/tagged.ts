// Finding every process a grading left behind: each test grading runs with a unique tag in its
// environment, which student programs, their children and double-forked daemons inherit.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

/** Pids of live processes whose environment carries `tag`. */
export function processesTagged(tag: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').includes(tag)) found.push(Number(entry));
    } catch {
      // vanished, or a zombie
    }
  }
  return found;
}

/** Runs `work` with a fresh tag in process.env (inherited by everything it starts); returns the tag. */
export async function withTag<T>(work: () => Promise<T>): Promise<{ value: T; tag: string }> {
  const tag = `sockgrade-test-${randomUUID()}`;
  process.env.SOCKGRADE_TEST_TAG = tag;
  try {
    return { value: await work(), tag };
  } finally {
    delete process.env.SOCKGRADE_TEST_TAG;
  }
}
