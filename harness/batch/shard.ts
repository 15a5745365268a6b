// `--shard i/n`: a deterministic partition of a class by a stable hash of each student id, so that
// n machines grade disjoint parts whose union is the class, whatever order they list files in.
import { UsageError } from '../spec/errors.js';
import { stableHash } from './hashes.js';

/** One shard of n, 1-based. */
export interface Shard {
  index: number;
  count: number;
}

/** Parses `i/n` (1 ≤ i ≤ n). */
export function parseShard(value: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) throw new UsageError(`--shard: expected i/n with 1 ≤ i ≤ n (for example 2/4), got ${JSON.stringify(value)}`);
  return { index, count };
}

/** Whether a student belongs to a shard. */
export function inShard(student: string, shard: Shard): boolean {
  return stableHash(student) % shard.count === shard.index - 1;
}
