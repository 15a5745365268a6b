// batch.json: what a results folder was graded against (assignment, its hash, the harness version,
// the layout and shard), so that resume and merge can tell whether folders belong together.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Layout } from './layouts.js';
import type { BatchRole } from './match-roles.js';

/** The format tag of batch.json. */
export const BATCH_META_SCHEMA = 'sockgrade/batch@1' as const;

/** The description of one results folder. */
export interface BatchMeta {
  schema: typeof BATCH_META_SCHEMA;
  assignment: { id: string; title: string; file: string };
  assignmentHash: string;
  harnessVersion: string;
  layout: Layout;
  /** The patterns that picked each role's file. */
  roles: { role: BatchRole; patterns: string[] }[];
  /** Names in the submissions folder that belong to no submission. */
  ignored: string[];
  shard?: { index: number; count: number };
  generatedAt: string;
}

/** Reads a results folder's batch.json; undefined when missing or not one. */
export async function readMeta(dir: string): Promise<BatchMeta | undefined> {
  try {
    const value = JSON.parse(await readFile(path.join(dir, 'batch.json'), 'utf8')) as unknown;
    if (typeof value === 'object' && value !== null && (value as Record<string, unknown>).schema === BATCH_META_SCHEMA) return value as BatchMeta;
  } catch {
    // missing or unreadable: not a results folder
  }
  return undefined;
}
