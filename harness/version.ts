// sockgrade's own version and install folder, found from this module whether run from source or dist/.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'assignments'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('sockgrade: cannot find its own package.json');
    dir = parent;
  }
  return dir;
}

/** The folder sockgrade is installed in (holds package.json, assignments/, fixtures/). */
export const PACKAGE_ROOT = findRoot();

/** The harness version recorded in every result. */
export const VERSION: string = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
