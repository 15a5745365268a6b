// Before a grading starts: each student program gets its interpreter resolved (past pyenv-style
// shims), and, where the sandbox can jail, a scratch copy of its folder owned by an unprivileged uid
// and the jail (sockgrade-exec's options, or bwrap's prefix) that shows it nothing else of the machine's files.
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
    const scratch = await makeScratch(program.cwd, uid !== undefined ? { uid } : {});
    scratches.push(scratch);
    const hide = [PACKAGE_ROOT, program.cwd, ...jail.hide].filter((p) => !SYSTEM.has(path.resolve(p)));
    const helper = execHelper();
    const base = { scratch: scratch.dir, hide, ...(uid !== undefined ? { uid } : {}) };
    // sockgrade-exec makes the jail itself where it can (as root, with a uid), and execs the program inside it.
    if (uid !== undefined && helper !== null && jailMaker(jail.report) === 'sockgrade-exec') {
      const spec = { ...base, readOnlyBinds: interpreter?.binds ?? [] };
      return { ...withExecutable, cwd: scratch.dir, helperJail: helperJailArgs(spec, jail.report), uid };
    }
    // Else bwrap is the wrapper, and the launcher starts the program through sockgrade-exec (when built) inside the jail, where sockgrade's own folder is hidden.
    const spec = { ...base, readOnlyBinds: [...(interpreter?.binds ?? []), ...(helper !== null ? [helper] : [])] };
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
