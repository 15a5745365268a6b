// What isolation this machine allows, found by quick bounded trial runs (memoised per process).

import { readFileSync } from 'node:fs';
import { buildNamespacePrefix } from './namespace-command.js';
import { defaultSearchPath, findExecutable } from './tools.js';
import { runTrial, TRIAL_TIMEOUT_MS } from './trial.js';
import { explainProblems } from './problems.js';
import type { IsolationReport, NamespaceKind, SandboxTools, Trials, UserNamespaceSysctls } from './types.js';

/** The uid a root harness drops student programs to in trials (nobody). */
export const TRIAL_UID = 65534;

/** Overrides for probing (tests): where to look for tools, and the bound on each trial. */
export interface ProbeOptions {
  searchPath?: string[];
  timeoutMs?: number;
}

let memo: Promise<IsolationReport> | undefined;

/** The isolation report of this machine, probed once per process. */
export function detectIsolation(): Promise<IsolationReport> {
  memo ??= probeIsolation();
  return memo;
}

/** Probes afresh (not memoised): finds the tools, runs each trial, and explains what is missing. */
export async function probeIsolation(options: ProbeOptions = {}): Promise<IsolationReport> {
  const dirs = options.searchPath ?? defaultSearchPath();
  const timeoutMs = options.timeoutMs ?? TRIAL_TIMEOUT_MS;
  const platform = process.platform;
  const uid = typeof process.getuid === 'function' ? process.getuid() : null;
  const isRoot = uid === 0;
  const find = (name: string): string | null => (platform === 'linux' ? findExecutable(name, dirs) : null);
  const tools: SandboxTools = {
    unshare: find('unshare'),
    bwrap: find('bwrap'),
    setpriv: find('setpriv'),
    prlimit: find('prlimit'),
    ip: find('ip'),
  };
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
    canJail: trials.jail?.ok === true,
    canDropPrivileges: isRoot && trials.setpriv?.ok === true,
    canLimitResources: tools.prlimit !== null,
    problems: [],
  };
  report.problems = explainProblems(report);
  return report;
}

async function runTrials(tools: SandboxTools, isRoot: boolean, timeoutMs: number): Promise<Trials> {
  const asUser = isRoot ? [] : ['--user', '--map-root-user'];
  const trials = noTrials();
  if (tools.unshare !== null) {
    trials.netns = await runTrial([tools.unshare, ...asUser, '--net', 'true'], timeoutMs);
    trials.pidns = await runTrial([tools.unshare, ...asUser, '--net', '--pid', '--fork', '--mount-proc', 'true'], timeoutMs);
  }
  if (tools.bwrap !== null) {
    trials.bwrap = await runTrial([tools.bwrap, '--dev-bind', '/', '/', '--unshare-net', '--unshare-pid', '--die-with-parent', 'true'], timeoutMs);
  }
  if (isRoot && tools.setpriv !== null) trials.setpriv = await runTrial([...dropTo(tools.setpriv, TRIAL_UID), 'true'], timeoutMs);
  // Loopback: the real prefix (bwrap first, else unshare) around a program that checks lo and binds 12000.
  const candidates: NamespaceKind[] = [];
  if (trials.bwrap?.ok === true) candidates.push('bwrap');
  if (trials.pidns?.ok === true) candidates.push('unshare');
  for (const kind of candidates) {
    const prefix = buildNamespacePrefix(kind, tools, isRoot);
    if (prefix === undefined) continue;
    trials.loopback = await runTrial([...prefix, process.execPath, '-e', LOOPBACK_CHECK], timeoutMs);
    trials.loopbackKind = kind;
    if (trials.loopback.ok) break;
  }
  if (tools.bwrap !== null && trials.bwrap?.ok === true) {
    const drop = trials.setpriv?.ok === true && tools.setpriv !== null ? dropTo(tools.setpriv, TRIAL_UID) : [];
    const jail = [tools.bwrap, '--ro-bind', '/', '/', '--dev', '/dev', '--tmpfs', '/tmp', '--die-with-parent', '--'];
    trials.jail = await runTrial([...jail, ...drop, 'true'], timeoutMs);
  }
  return trials;
}

/** setpriv argv that switches to `uid` (and gid = uid) for good, before the command. */
function dropTo(setpriv: string, uid: number): string[] {
  return [setpriv, '--reuid', String(uid), '--regid', String(uid), '--clear-groups', '--no-new-privs', '--'];
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
  return { netns: null, pidns: null, bwrap: null, setpriv: null, loopback: null, loopbackKind: null, jail: null };
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
