// What isolation this machine allows, found by quick bounded trial runs (memoised per process, and
// kept between runs: isolation-cache.ts).

import { readFileSync } from 'node:fs';
import { buildNamespacePrefix } from './namespace-command.js';
import { defaultSearchPath, findExecutable } from './tools.js';
import { runTrial, TRIAL_TIMEOUT_MS } from './trial.js';
import { execHelper } from '../launch/exec-helper.js';
import { nativeProgram } from '../native-programs.js';
import { explainProblems } from './problems.js';
import { jailMaker } from './jail.js';
import { forgetIsolation, isolationCacheFile, isolationKey, keepIsolation, recallIsolation, worthKeeping } from './isolation-cache.js';
import type { IsolationReport, SandboxTools, Trial, Trials, UserNamespaceSysctls } from './types.js';

/** The uid a root harness drops student programs to in trials (nobody). */
export const TRIAL_UID = 65534;

/** Overrides for probing (tests): where to look for tools, and the bound on each trial. */
export interface ProbeOptions {
  searchPath?: string[];
  timeoutMs?: number;
}

let memo: Promise<IsolationReport> | undefined;

/**
 * The isolation report of this machine, once per process: the one kept from an earlier run under
 * the same key (isolation-cache.ts), else probed (and kept when every trial passed).
 */
export function detectIsolation(): Promise<IsolationReport> {
  memo ??= rememberedIsolation();
  return memo;
}

/** The report kept in `file` for this machine as it is now, else a fresh probe (kept when every trial passed). */
export async function rememberedIsolation(options: ProbeOptions = {}, file: string | undefined = isolationCacheFile()): Promise<IsolationReport> {
  const key = file === undefined ? undefined : probeKey(options);
  const kept = key === undefined ? undefined : recallIsolation(key, file);
  if (kept !== undefined) return kept;
  const report = await probeIsolation(options);
  if (key !== undefined && worthKeeping(report)) keepIsolation(key, report, file);
  return report;
}

/**
 * Probes afresh whatever was kept (`sockgrade doctor`), and keeps the new report in its place when
 * every trial passed; otherwise nothing is kept for this machine, and the next command probes too.
 */
export async function probeAfresh(options: ProbeOptions = {}, file: string | undefined = isolationCacheFile()): Promise<IsolationReport> {
  const report = await probeIsolation(options);
  if (file !== undefined) {
    const key = probeKey(options);
    if (worthKeeping(report)) keepIsolation(key, report, file);
    else forgetIsolation(key, file);
  }
  return report;
}

/**
 * Forgets the report kept for this machine as it is now, so that the next command probes afresh. For
 * a command in which sockgrade itself could not run gradings: a kept report may no longer hold in a
 * way its key does not see (a profile reloaded for bwrap, a limit on namespaces reached), and a
 * command run again to retry them should not meet the same stale answer for the rest of the hour.
 */
export function forgetRememberedIsolation(options: ProbeOptions = {}, file: string | undefined = isolationCacheFile()): void {
  if (file !== undefined) forgetIsolation(probeKey(options), file);
}

/** The key of what a probe with `options` would find now: the helper programs it would run, and where it looks for them. */
function probeKey(options: ProbeOptions): string {
  const dirs = options.searchPath ?? defaultSearchPath();
  const tools = findTools(dirs);
  return isolationKey([tools.unshare, tools.bwrap, tools.setpriv, tools.prlimit, tools.ip, execHelper(), nativeProgram('sockgrade-netcheck')], dirs);
}

/** Probes afresh (not memoised): finds the tools, runs each trial, and explains what is missing. */
export async function probeIsolation(options: ProbeOptions = {}): Promise<IsolationReport> {
  const dirs = options.searchPath ?? defaultSearchPath();
  const timeoutMs = options.timeoutMs ?? TRIAL_TIMEOUT_MS;
  const platform = process.platform;
  const uid = typeof process.getuid === 'function' ? process.getuid() : null;
  const isRoot = uid === 0;
  const tools = findTools(dirs);
  const trials = platform === 'linux' ? await runTrials(tools, isRoot, timeoutMs) : noTrials();
  const namespace = trials.loopback?.ok === true ? trials.loopbackKind : null;
  const report: IsolationReport = {
    platform,
    isRoot,
    uid,
    tools,
    sysctls: readSysctls(),
    trials,
    namespace,
    canJail: false, // below, once the rest is known
    // setpriv switches users inside bwrap's jail where sockgrade-exec is not built; its own jail trial switches to uid 65534 too.
    canDropPrivileges: isRoot && (trials.setpriv?.ok === true || trials.helperJail?.ok === true),
    canLimitResources: tools.prlimit !== null || execHelper() !== null,
    execHelper: execHelper(),
    problems: [],
  };
  report.canJail = jailMaker(report) !== null;
  report.problems = explainProblems(report);
  return report;
}

/** The helper programs found in `dirs` (none but on Linux). */
function findTools(dirs: string[]): SandboxTools {
  const find = (name: string): string | null => (process.platform === 'linux' ? findExecutable(name, dirs) : null);
  return { unshare: find('unshare'), bwrap: find('bwrap'), setpriv: find('setpriv'), prlimit: find('prlimit'), ip: find('ip') };
}

/**
 * The namespace prefix the probe will most likely choose, known before any trial has run: bwrap's
 * when bwrap is installed (its trials decide whether it is really chosen). Grading workers are our
 * own code, so they can be started under it while the machine is probed, and ended if it is not chosen.
 */
export function likelyNamespacePrefix(): string[] | undefined {
  const tools = findTools(defaultSearchPath());
  const uid = typeof process.getuid === 'function' ? process.getuid() : null;
  return buildNamespacePrefix('bwrap', tools, uid === 0);
}

/**
 * Runs the trials all at once (they are independent processes, each a few milliseconds but the
 * loopback one, a Node start): the loopback trial through bwrap and the jail with setpriv are run
 * alongside the trials they depend on, and count only when those pass; when one did not, the
 * dependent trial is run again the way the sequence would have run it (through unshare, without setpriv).
 */
async function runTrials(tools: SandboxTools, isRoot: boolean, timeoutMs: number): Promise<Trials> {
  const asUser = isRoot ? [] : ['--user', '--map-root-user'];
  const trial = (argv: string[] | undefined): Promise<Trial | null> => (argv === undefined ? Promise.resolve(null) : runTrial(argv, timeoutMs));
  const drop = isRoot && tools.setpriv !== null ? dropTo(tools.setpriv, TRIAL_UID) : undefined;
  const bwrapPrefix = buildNamespacePrefix('bwrap', tools, isRoot);
  const helper = execHelper();
  const uid = String(TRIAL_UID);
  const [netns, pidns, bwrap, setpriv, bwrapLoopback, jailAsDropped, helperJail] = await Promise.all([
    trial(tools.unshare === null ? undefined : [tools.unshare, ...asUser, '--net', 'true']),
    trial(tools.unshare === null ? undefined : [tools.unshare, ...asUser, '--net', '--pid', '--fork', '--mount-proc', 'true']),
    trial(tools.bwrap === null ? undefined : [tools.bwrap, '--dev-bind', '/', '/', '--unshare-net', '--unshare-pid', '--die-with-parent', 'true']),
    trial(drop === undefined ? undefined : [...drop, 'true']),
    trial(bwrapPrefix === undefined ? undefined : [...bwrapPrefix, ...loopbackCheck()]),
    trial(tools.bwrap === null ? undefined : [...jailArgv(tools.bwrap), ...(drop ?? []), 'true']),
    trial(isRoot && helper !== null ? [helper, '--jail', '--chdir', '/', '--uid', uid, '--gid', uid, '--', 'true'] : undefined),
  ]);
  const trials: Trials = { ...noTrials(), netns, pidns, bwrap, setpriv, helperJail };
  // Loopback: the real prefix (bwrap first, else unshare) around a program that checks lo and binds 12000.
  if (bwrap?.ok === true && bwrapLoopback !== null) {
    trials.loopback = bwrapLoopback;
    trials.loopbackKind = 'bwrap';
  }
  const unsharePrefix = buildNamespacePrefix('unshare', tools, isRoot);
  if (trials.loopback?.ok !== true && pidns?.ok === true && unsharePrefix !== undefined) {
    trials.loopback = await runTrial([...unsharePrefix, ...loopbackCheck()], timeoutMs);
    trials.loopbackKind = 'unshare';
  }
  if (tools.bwrap !== null && bwrap?.ok === true) {
    const dropped = drop !== undefined && setpriv?.ok === true;
    trials.jail = dropped || drop === undefined ? jailAsDropped : await runTrial([...jailArgv(tools.bwrap), 'true'], timeoutMs);
  }
  return trials;
}

/** One jail launch as the trial makes it: read-only root, fresh /dev and /tmp. */
function jailArgv(bwrap: string): string[] {
  return [bwrap, '--ro-bind', '/', '/', '--dev', '/dev', '--tmpfs', '/tmp', '--die-with-parent', '--'];
}

/** setpriv argv that switches to `uid` (and gid = uid) for good, before the command. */
function dropTo(setpriv: string, uid: number): string[] {
  return [setpriv, '--reuid', String(uid), '--regid', String(uid), '--clear-groups', '--no-new-privs', '--'];
}

/**
 * The program of the loopback trial: sockgrade-netcheck (native/, ~1 ms) when built, else the same
 * check in Node (a Node start, ~60 ms of CPU).
 */
function loopbackCheck(): string[] {
  const netcheck = nativeProgram('sockgrade-netcheck');
  return netcheck !== null ? [netcheck] : [process.execPath, '-e', LOOPBACK_CHECK];
}

// Exits 0 only when `lo` is the only interface with addresses and 127.0.0.1:12000 binds for UDP and TCP.
const LOOPBACK_CHECK = `
const os = require('os'), net = require('net'), dgram = require('dgram');
const fail = (code, text) => { process.stderr.write(text + '\\n'); process.exit(code); };
const names = Object.keys(os.networkInterfaces());
if (names.join(',') !== 'lo') fail(3, 'interfaces inside: ' + (names.join(', ') || 'none (lo is down)'));
const udp = dgram.createSocket('udp4');
udp.once('error', (e) => fail(4, 'UDP bind 127.0.0.1:12000 failed: ' + e.code));
udp.bind(12000, '127.0.0.1', () => {
  const tcp = net.createServer();
  tcp.once('error', (e) => fail(5, 'TCP bind 127.0.0.1:12000 failed: ' + e.code));
  tcp.listen(12000, '127.0.0.1', () => process.exit(0));
});`;

function noTrials(): Trials {
  return { netns: null, pidns: null, bwrap: null, setpriv: null, loopback: null, loopbackKind: null, jail: null, helperJail: null };
}

function readSysctls(): UserNamespaceSysctls {
  return {
    unprivilegedUsernsClone: readNumber('/proc/sys/kernel/unprivileged_userns_clone'),
    apparmorRestrictUnprivilegedUserns: readNumber('/proc/sys/kernel/apparmor_restrict_unprivileged_userns'),
    maxUserNamespaces: readNumber('/proc/sys/user/max_user_namespaces'),
  };
}

function readNumber(path: string): number | null {
  try {
    const value = Number(readFileSync(path, 'utf8').trim());
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}
