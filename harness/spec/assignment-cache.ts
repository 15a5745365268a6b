// Assignments this build has already validated, kept in sockgrade's cache folder (cache.ts) under
// the hash of their text and of the build: `check` and `grade` then start without loading the YAML
// parser and the schema library (~660 KB of code to compile, the schema to build, the file to parse
// and check: ~40 ms of CPU on the way to the first grading, at every command). Only valid
// assignments are kept; a file that changes by one byte, or a rebuilt sockgrade, is validated again,
// and its mistakes are reported as always (spec/load.ts).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildId, cachePath } from '../cache.js';
import { writeFileAtomic } from '../reporters/write-file.js';
import type { LoadedAssignment } from './load.js';
import type { Assignment } from './schema.js';

/** Validated assignments kept; the least recently written go first. */
const MAX_KEPT = 64;

/** The cache file of an assignment's text, or undefined when caching is off. */
export function assignmentCacheFile(text: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const key = createHash('sha256').update(buildId()).update('\0').update(text).digest('hex');
  return cachePath(path.join('assignments', `${key}.json`), env);
}

/**
 * Reads and validates an assignment file as spec/load.ts does, but takes the result from the cache
 * when this build has validated the same text before (and keeps it when it validates it now).
 */
export async function loadAssignmentCached(file: string): Promise<LoadedAssignment> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    const { loadAssignmentFile } = await import('./load.js');
    return loadAssignmentFile(file); // reports why it cannot be read
  }
  const kept = assignmentCacheFile(text);
  const assignment = kept === undefined ? undefined : recall(kept);
  if (assignment !== undefined) return { assignment, file };
  const { parseAssignment } = await import('./load.js');
  const validated = parseAssignment(text, file); // throws the file's mistakes; nothing is kept then
  if (kept !== undefined) keep(kept, validated);
  return { assignment: validated, file };
}

function recall(file: string): Assignment | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { schema, id } = parsed as Partial<Assignment>;
    return schema === 'sockgrade/assignment@1' && typeof id === 'string' ? (parsed as Assignment) : undefined;
  } catch {
    return undefined;
  }
}

/** Best effort: a cache that cannot be written is no cache. */
function keep(file: string, assignment: Assignment): void {
  try {
    writeFileAtomic(file, JSON.stringify(assignment), { private: true });
    const dir = path.dirname(file);
    const entries = readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => ({ name, at: statSync(path.join(dir, name)).mtimeMs }))
      .sort((a, b) => b.at - a.at);
    for (const old of entries.slice(MAX_KEPT)) rmSync(path.join(dir, old.name), { force: true });
  } catch {
    // no cache this time
  }
}
