// Why a piece of isolation is missing, in plain words, from the tools found and the trials run.

import type { IsolationReport, Trial } from './types.js';

/** One sentence per missing piece (empty when everything works). */
export function explainProblems(report: IsolationReport): string[] {
  const { platform, tools, trials, isRoot } = report;
  if (platform !== 'linux') {
    return [
      `${platformName(platform)} has no Linux namespaces: each grading gets a free port (get-port) instead of its own network namespace, ` +
        'student programs run as this user, and there is no filesystem jail',
    ];
  }
  const problems: string[] = [];
  if (tools.unshare === null) problems.push('unshare was not found (Debian package util-linux)');
  else if (tools.ip === null) problems.push('ip was not found (Debian package iproute2), so unshare cannot bring loopback up in a namespace');
  if (failed(trials.netns)) problems.push(`could not create a network namespace with unshare: ${trials.netns.detail}`);
  else if (failed(trials.pidns)) problems.push(`could not create net + pid + mount namespaces with unshare: ${trials.pidns.detail}`);
  if (tools.bwrap === null) problems.push(`bwrap was not found (Debian package bubblewrap)${report.canJail ? '' : ', so there is no filesystem jail'}`);
  else if (failed(trials.bwrap)) problems.push(`bubblewrap does not work here: ${trials.bwrap.detail}`);
  if (failed(trials.loopback)) {
    problems.push(`loopback did not come up in a fresh namespace made with ${trials.loopbackKind ?? 'unshare'}: ${trials.loopback.detail}`);
  }
  if (failed(trials.jail)) problems.push(`a bubblewrap jail could not be started: ${trials.jail.detail}`);
  if (!isRoot && (failed(trials.netns) || failed(trials.bwrap))) problems.push(...userNamespaceProblems(report));
  if (report.namespace === null) {
    problems.push('no network namespace can be made here: each grading gets a free port (get-port) instead of port 12000 in its own namespace');
  }
  if (!isRoot) {
    problems.push(`sockgrade is not running as root, so student programs run as this user (uid ${report.uid ?? '?'}), not as an unprivileged one`);
  } else if (report.canDropPrivileges) {
    // sockgrade-exec switches users (its trial did): setpriv is not needed
  } else if (tools.setpriv === null) {
    problems.push('setpriv was not found (Debian package util-linux), so student programs would run as root');
  } else if (failed(trials.setpriv)) {
    problems.push(`setpriv could not switch to an unprivileged uid: ${trials.setpriv.detail}`);
  }
  if (tools.prlimit === null) problems.push('prlimit was not found (Debian package util-linux), so no CPU/memory/process/file-size limits');
  return problems;
}

function userNamespaceProblems(report: IsolationReport): string[] {
  const { sysctls } = report;
  const out: string[] = [];
  if (sysctls.unprivilegedUsernsClone === 0) out.push('unprivileged user namespaces are disabled (kernel.unprivileged_userns_clone = 0)');
  if (sysctls.apparmorRestrictUnprivilegedUserns === 1) {
    out.push('AppArmor forbids unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns = 1)');
  }
  if (sysctls.maxUserNamespaces === 0) out.push('user namespaces are disabled (user.max_user_namespaces = 0)');
  return out;
}

function failed(trial: Trial | null): trial is Trial {
  return trial !== null && !trial.ok;
}

/** A human name for a Node platform id. */
export function platformName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'macOS';
  if (platform === 'win32') return 'Windows';
  return platform;
}
