// sockgrade-exec (native/sockgrade-exec.c): the small program student programs are started through
// when `npm run build` could compile it. It sets the limits and switches to the program's uid in one
// exec, where prlimit and setpriv took two (~2–3 ms of CPU per launch); without it they are used.

import path from 'node:path';
import { NATIVE_DIR, nativeProgram } from '../native-programs.js';

/** Where `npm run build` puts it. */
export const EXEC_HELPER_PATH = path.join(NATIVE_DIR, 'sockgrade-exec');

/**
 * The helper's path when it is built and usable here (Linux), else null. `SOCKGRADE_EXEC_HELPER=off`
 * makes sockgrade use prlimit and setpriv instead (to compare them, or to rule the helper out).
 */
export function execHelper(): string | null {
  return process.env.SOCKGRADE_EXEC_HELPER === 'off' ? null : nativeProgram('sockgrade-exec');
}
