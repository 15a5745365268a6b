// sockgrade-exec (native/sockgrade-exec.c): the small program student programs are started through
// when `npm run build` could compile it. It sets the limits and switches to the program's uid in one
// exec, where prlimit and setpriv took two (~2–3 ms of CPU per launch); without it they are used.

import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../version.js';

/** Where `npm run build` puts it. */
export const EXEC_HELPER_PATH = path.join(PACKAGE_ROOT, 'dist', 'native', 'sockgrade-exec');

let found: string | null | undefined;

/**
 * The helper's path when it is built and usable here (Linux), else null. `SOCKGRADE_EXEC_HELPER=off`
 * makes sockgrade use prlimit and setpriv instead (to compare them, or to rule the helper out).
 */
export function execHelper(): string | null {
  if (found === undefined) {
    found = process.platform === 'linux' && process.env.SOCKGRADE_EXEC_HELPER !== 'off' && isExecutable(EXEC_HELPER_PATH) ? EXEC_HELPER_PATH : null;
  }
  return found;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
