// `sockgrade doctor`: what isolation this machine allows, and how to enable what is missing.

import { jailMaker } from './jail.js';
import { platformName } from './problems.js';
import type { IsolationReport, Trial, Trials } from './types.js';

const TOOL_NAMES = ['unshare', 'bwrap', 'setpriv', 'prlimit', 'ip'] as const;
const TRIAL_NAMES: (keyof Omit<Trials, 'loopbackKind'>)[] = ['netns', 'pidns', 'bwrap', 'setpriv', 'loopback', 'jail', 'helperJail'];

/** The doctor's text for `report` (deterministic: everything comes from the report). */
export function renderDoctor(report: IsolationReport): string {
  const who = report.isRoot ? 'as root' : `as uid ${report.uid ?? '?'}`;
  const lines = [`sockgrade doctor: isolation on this machine (${platformName(report.platform)}, running ${who})`, ''];
  for (const [label, value] of rows(report)) lines.push(`  ${`${label}:`.padEnd(34)}${value}`);
  if (report.platform === 'linux') {
    const helper = `sockgrade-exec ${report.execHelper ?? 'not used (not built: npm run build needs a C compiler; or SOCKGRADE_EXEC_HELPER=off)'}`;
    lines.push('', `tools:  ${[...TOOL_NAMES.map((name) => `${name} ${report.tools[name] ?? 'missing'}`), helper].join(', ')}`);
    const tried = TRIAL_NAMES.flatMap((name) => trialText(name, report.trials[name]));
    lines.push(`trials: ${tried.length > 0 ? tried.join(', ') : 'none'}`);
  }
  if (report.problems.length > 0) lines.push('', 'Why not:', ...report.problems.map((p) => `  - ${p}`));
  const hints = enableHints(report);
  lines.push('', ...(hints.length > 0 ? ['To enable more:', ...hints.map((h) => `  - ${h}`)] : ['Everything is available.']));
  return `${lines.join('\n')}\n`;
}

function rows(report: IsolationReport): [string, string][] {
  const { namespace, trials } = report;
  const tool = namespace === 'bwrap' ? 'bubblewrap' : 'unshare';
  const start = namespace === 'bwrap' ? trials.bwrap : trials.pidns;
  return [
    [
      'network namespace per submission',
      namespace === null ? 'no, free ports instead of 12000 (get-port)' : `yes, with ${tool}${cost(start, 'start')}: loopback only, port 12000 free`,
    ],
    ['PID namespace', namespace === null ? 'no, only the process group is killed' : `yes, with ${tool}: nothing a submission starts outlives its grading`],
    ['filesystem jail', jailText(report)],
    [
      'unprivileged user',
      report.canDropPrivileges
        ? `yes, student programs run as an unprivileged uid (${report.execHelper !== null ? 'sockgrade-exec' : 'setpriv'})`
        : `no, student programs run as this user (${report.isRoot ? 'root' : `uid ${report.uid ?? '?'}`})`,
    ],
    [
      'resource limits',
      report.canLimitResources ? `yes, with ${report.execHelper !== null ? 'sockgrade-exec' : 'prlimit'}` : `no, ${report.platform === 'linux' ? 'prlimit is missing' : 'prlimit is Linux only'}`,
    ],
  ];
}

function jailText(report: IsolationReport): string {
  const maker = jailMaker(report);
  if (maker === 'sockgrade-exec') return `yes, made by sockgrade-exec${cost(report.trials.helperJail, 'per launch')}`;
  if (maker === 'bwrap') return `yes, with bubblewrap${cost(report.trials.jail, 'per launch')}`;
  return 'no, student programs see and may write what this user can';
}

function cost(trial: Trial | null, what: string): string {
  return trial === null ? '' : ` (${what}: ${trial.ms} ms)`;
}

function trialText(name: string, trial: Trial | null): string[] {
  return trial === null ? [] : [`${name} ${trial.ok ? 'ok' : 'failed'} ${trial.ms} ms`];
}

/** How to enable each missing piece, in plain words (deduplicated, in a fixed order). */
export function enableHints(report: IsolationReport): string[] {
  const { tools, trials, isRoot } = report;
  if (report.platform !== 'linux') {
    return [
      `${platformName(report.platform)} has no namespaces: sockgrade falls back to free ports, given as {port} and SERVER_PORT; ` +
        'a program that hard-codes 12000 is told which port it bound. For full isolation run sockgrade on Linux, e.g. in a container as root',
    ];
  }
  const hints: string[] = [];
  const failed = (trial: Trial | null): boolean => trial !== null && !trial.ok;
  if (tools.bwrap === null) hints.push('install bubblewrap (filesystem jail, and namespaces with loopback up): apt-get install bubblewrap');
  if (tools.unshare === null || (isRoot && tools.setpriv === null && !report.canDropPrivileges) || tools.prlimit === null) {
    hints.push('install util-linux (unshare, setpriv, prlimit): apt-get install util-linux');
  }
  if (report.namespace === null && tools.bwrap === null && tools.unshare !== null && tools.ip === null) {
    hints.push('install iproute2 (ip, to bring loopback up in an unshare namespace): apt-get install iproute2');
  }
  const namespaceBlocked = failed(trials.netns) || failed(trials.pidns) || failed(trials.bwrap) || failed(trials.jail);
  if (namespaceBlocked && !isRoot) {
    const { unprivilegedUsernsClone: clone, apparmorRestrictUnprivilegedUserns: apparmor, maxUserNamespaces: max } = report.sysctls;
    const unknown = clone !== 0 && apparmor !== 1 && max !== 0; // blocked, but by none of the switches we know
    if (clone === 0 || unknown) hints.push('enable unprivileged user namespaces: sysctl -w kernel.unprivileged_userns_clone=1 (as root; Debian kernels)');
    if (apparmor === 1 || unknown) {
      hints.push('on Ubuntu 24.04 (and GitHub ubuntu-24.04 runners): sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 (as root)');
    }
    if (max === 0) hints.push('allow user namespaces at all: sysctl -w user.max_user_namespaces=15000 (as root)');
  }
  if (namespaceBlocked) {
    hints.push('or run sockgrade as root, or in a container with CAP_SYS_ADMIN (docker run --privileged, or --cap-add SYS_ADMIN with seccomp and AppArmor unconfined)');
  }
  if (!isRoot) hints.push('run sockgrade as root (e.g. in a container) so that student programs run as an unprivileged user, not as you');
  return [...new Set(hints)];
}
