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

/** The helper's first words on its status descriptor (`--status-fd`), written as soon as it runs. */
export const HELPER_STARTED = 'started\n';

/**
 * What the status descriptor says of a launch that ended: the helper's own failure (its message), a
 * failure of the wrapper it was started under before it ran (bwrap could not make the jail: nothing
 * came, and `wrapperSaid`, the first line of stderr, says why), or nothing (the program ran). A launch
 * the harness stopped is never called a failure for saying nothing: it may have been stopped first.
 */
export function helperFailure(status: string, launch: { wrapper: string | undefined; stoppedByHarness: boolean; wrapperSaid: string; exit: string }): string | undefined {
  if (status.startsWith(HELPER_STARTED)) {
    const said = status.slice(HELPER_STARTED.length).trim();
    return said === '' ? undefined : (said.split('\n')[0] ?? said);
  }
  if (launch.stoppedByHarness) return undefined;
  const who = launch.wrapper === undefined ? 'sockgrade-exec' : path.basename(launch.wrapper);
  const why = launch.wrapperSaid.trim() !== '' ? launch.wrapperSaid.trim() : launch.exit;
  return launch.wrapper === undefined ? `${who} ended before it ran: ${why}` : `${who} failed before sockgrade-exec ran: ${why}`;
}
