// The bundled assignments, and resolving `<assignment id | path.yaml>` to a file.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../version.js';
import { UsageError } from '../spec/errors.js';
import type { LoadedAssignment } from '../spec/load.js';

/** Folder of the bundled assignment files. */
export const ASSIGNMENTS_DIR = path.join(PACKAGE_ROOT, 'assignments');

/** Ids of the bundled assignments, sorted. */
export function bundledIds(): string[] {
  return readdirSync(ASSIGNMENTS_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

/** A path to an assignment file from an id of a bundled assignment or a path to a .yaml file. */
export function resolveAssignment(ref: string): string {
  if (/\.ya?ml$/i.test(ref) || ref.includes('/') || ref.includes(path.sep)) {
    if (!existsSync(ref)) throw new UsageError(`assignment file ${ref}: no such file`);
    return ref;
  }
  const file = path.join(ASSIGNMENTS_DIR, `${ref}.yaml`);
  if (!existsSync(file)) {
    throw new UsageError(`unknown assignment ${JSON.stringify(ref)}; bundled: ${bundledIds().join(', ')} (or give the path of a .yaml file)`);
  }
  return file;
}

/** Loads `<assignment id | path.yaml>`, with the hidden groups of a private fixtures file (`--fixtures`) when given. */
export async function loadAssignment(ref: string, privateFixtures?: string, options: { cached?: boolean } = {}): Promise<LoadedAssignment> {
  const file = resolveAssignment(ref);
  // `check` and `grade` take an assignment this build has validated before from the cache (spec/assignment-cache.ts).
  if (options.cached === true && privateFixtures === undefined) {
    const { loadAssignmentCached } = await import('../spec/assignment-cache.js');
    return loadAssignmentCached(file);
  }
  const { loadAssignmentFile } = await import('../spec/load.js');
  const loaded = await loadAssignmentFile(file);
  if (privateFixtures === undefined) return loaded;
  const { withPrivateFixtures } = await import('../spec/private-fixtures.js');
  return withPrivateFixtures(loaded, privateFixtures);
}
