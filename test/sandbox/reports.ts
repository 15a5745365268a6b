// Synthetic isolation reports for exact-text tests: a full root machine, a locked-down runner, macOS.

import { explainProblems } from '../../harness/sandbox/problems.js';
import type { IsolationReport, Trial } from '../../harness/sandbox/types.js';

const ok = (ms: number, argv: string[]): Trial => ({ ok: true, ms, argv, detail: '' });
const no = (ms: number, argv: string[], detail: string): Trial => ({ ok: false, ms, argv, detail });

const TOOLS = { unshare: '/usr/bin/unshare', bwrap: '/usr/bin/bwrap', setpriv: '/usr/bin/setpriv', prlimit: '/usr/bin/prlimit', ip: '/usr/sbin/ip' };

function finish(report: IsolationReport): IsolationReport {
  return { ...report, problems: explainProblems(report) };
}

/** Root on Debian 12 with bubblewrap installed and sockgrade-exec built: everything works. */
export function rootWithBwrap(): IsolationReport {
  return finish({
    platform: 'linux', isRoot: true, uid: 0, tools: TOOLS,
    sysctls: { unprivilegedUsernsClone: null, apparmorRestrictUnprivilegedUserns: null, maxUserNamespaces: 96364 },
    trials: {
      netns: ok(6.1, ['unshare']), pidns: ok(7.5, ['unshare']), bwrap: ok(6.8, ['bwrap']), setpriv: ok(3.3, ['setpriv']),
      loopback: ok(127.9, ['bwrap']), loopbackKind: 'bwrap', jail: ok(9.4, ['bwrap']), helperJail: ok(2.1, ['sockgrade-exec']),
    },
    namespace: 'bwrap', canJail: true, canDropPrivileges: true, canLimitResources: true, execHelper: '/opt/sockgrade/dist/native/sockgrade-exec', problems: [],
  });
}

/** A non-root user on GitHub's ubuntu-24.04 runner: AppArmor forbids unprivileged user namespaces. */
export function ubuntuRunner(): IsolationReport {
  const denied = 'exit status 1: unshare: write failed /proc/self/uid_map: Operation not permitted';
  return finish({
    platform: 'linux', isRoot: false, uid: 1001, tools: { ...TOOLS, bwrap: null },
    sysctls: { unprivilegedUsernsClone: 1, apparmorRestrictUnprivilegedUserns: 1, maxUserNamespaces: 63936 },
    trials: { netns: no(4.2, ['unshare'], denied), pidns: no(4.0, ['unshare'], denied), bwrap: null, setpriv: null, loopback: null, loopbackKind: null, jail: null, helperJail: null },
    namespace: null, canJail: false, canDropPrivileges: false, canLimitResources: true, execHelper: null, problems: [],
  });
}

/** A student's Mac. */
export function macos(): IsolationReport {
  return finish({
    platform: 'darwin', isRoot: false, uid: 501,
    tools: { unshare: null, bwrap: null, setpriv: null, prlimit: null, ip: null },
    sysctls: { unprivilegedUsernsClone: null, apparmorRestrictUnprivilegedUserns: null, maxUserNamespaces: null },
    trials: { netns: null, pidns: null, bwrap: null, setpriv: null, loopback: null, loopbackKind: null, jail: null, helperJail: null },
    namespace: null, canJail: false, canDropPrivileges: false, canLimitResources: false, execHelper: null, problems: [],
  });
}
