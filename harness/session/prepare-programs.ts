// Before a grading starts: each student program gets its interpreter resolved (past pyenv-style
// shims), and, where the sandbox can jail, the jail (sockgrade-exec's options, or bwrap's prefix) that
// shows it nothing else of the machine's files and a scratch copy of its folder owned by an unprivileged
// uid (made inside the jail by sockgrade-exec, or on the host and bound into bwrap's).
import path from 'node:path';
import { helperJailArgs, jailMaker, jailPrefix } from '../sandbox/jail.js';
import { makeScratch, type Scratch } from '../sandbox/scratch.js';
import type { IsolationReport } from '../sandbox/types.js';
import { PACKAGE_ROOT } from '../version.js';
import { execHelper } from '../launch/exec-helper.js';
import { interpreterFor } from './interpreters.js';
import type { GradingPlan, ProgramPlan } from './plan.js';

/** Folders never hidden from a jailed program, whatever the submission's location. */
const SYSTEM = new Set(['/', '/usr', '/bin', '/sbin', '/lib', '/lib64', '/etc', '/tmp', '/var', '/opt', '/dev', '/proc']);

/** Where a program jailed by sockgrade-exec runs: its folder, copied under the jail's own /tmp at each launch. */
const JAILED_SCRATCH = '/tmp/submission';

/** The plan with its programs prepared, and how to remove their scratch copies afterwards. */
export interface PreparedPrograms {
  plan: GradingPlan;
  dispose(): Promise<void>;
}

/** Prepares the programs of `plan` (their interpreters, and where the sandbox jails them their scratch copies and jail prefixes). */
export async function preparePrograms(plan: GradingPlan, jail: { report: IsolationReport; hide: string[] } | undefined): Promise<PreparedPrograms> {
  const scratches: Scratch[] = [];
  const prepare = async (program: ProgramPlan | undefined): Promise<ProgramPlan | undefined> => {
    if (!program) return undefined;
    const interpreter = await interpreterFor(program.template[0] ?? '');
    const executable = interpreter?.executable;
    const withExecutable = executable ? { ...program, executable } : program;
    if (!jail) return withExecutable;
    const uid = jail.report.canDropPrivileges ? allocateUid() : undefined;
    const hide = [PACKAGE_ROOT, program.cwd, ...jail.hide].filter((p) => !SYSTEM.has(path.resolve(p)));
    const helper = execHelper();
    // sockgrade-exec makes the jail itself where it can (as root, with a uid), copies the program's
    // folder into the jail's /tmp (nothing copied or removed on the host: ~1.3 ms of the command's
    // CPU per program on an ext4 /tmp, where a jail's tmpfs copy takes ~0.1 ms), and execs it there.
    if (uid !== undefined && helper !== null && jailMaker(jail.report) === 'sockgrade-exec') {
      const spec = { scratch: JAILED_SCRATCH, copyFrom: program.cwd, hide, uid, readOnlyBinds: interpreter?.binds ?? [] };
      return { ...withExecutable, cwd: JAILED_SCRATCH, source: program.cwd, helperJail: helperJailArgs(spec, jail.report), uid };
    }
    // Else bwrap is the wrapper, with a scratch copy on the host bound into the jail, and the launcher
    // starts the program through sockgrade-exec (when built) inside it, where sockgrade's own folder is hidden.
    const scratch = await makeScratch(program.cwd, uid !== undefined ? { uid } : {});
    scratches.push(scratch);
    const spec = { scratch: scratch.dir, hide, ...(uid !== undefined ? { uid } : {}), readOnlyBinds: [...(interpreter?.binds ?? []), ...(helper !== null ? [helper] : [])] };
    return { ...withExecutable, cwd: scratch.dir, wrapper: jailPrefix(spec, jail.report), ...(uid !== undefined ? { uid } : {}) };
  };
  try {
    const server = await prepare(plan.server);
    const client = await prepare(plan.client);
    return {
      plan: { ...plan, ...(server ? { server } : {}), ...(client ? { client } : {}) },
      dispose: async () => {
        await Promise.all(scratches.map((s) => s.dispose()));
      },
    };
  } catch (error) {
    await Promise.all(scratches.map((s) => s.dispose()));
    throw error;
  }
}

let nextUid = 0;
/** A uid of its own for each jailed program, so process limits (counted per uid) are not shared between gradings. */
function allocateUid(): number {
  const offset = (process.pid * 7 + nextUid++) % 4000;
  return 61000 + offset;
}
