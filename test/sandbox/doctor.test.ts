// renderDoctor on synthetic reports: the exact text for a full root machine, a locked-down runner, macOS.

import { expect, test } from 'vitest';
import { renderDoctor } from '../../harness/sandbox/doctor.js';
import { detectIsolation } from '../../harness/sandbox/detect.js';
import { macos, rootWithBwrap, ubuntuRunner } from './reports.js';

test('root with bubblewrap and sockgrade-exec: everything available, the jail made by sockgrade-exec, with the measured costs', () => {
  expect(renderDoctor(rootWithBwrap())).toBe(`sockgrade doctor: isolation on this machine (linux, running as root)

  network namespace per submission: yes, with bubblewrap (start: 6.8 ms): loopback only, port 12000 free
  PID namespace:                    yes, with bubblewrap: nothing a submission starts outlives its grading
  filesystem jail:                  yes, made by sockgrade-exec (per launch: 2.1 ms)
  unprivileged user:                yes, student programs run as an unprivileged uid (sockgrade-exec)
  resource limits:                  yes, with sockgrade-exec

tools:  unshare /usr/bin/unshare, bwrap /usr/bin/bwrap, setpriv /usr/bin/setpriv, prlimit /usr/bin/prlimit, ip /usr/sbin/ip, sockgrade-exec /opt/sockgrade/dist/native/sockgrade-exec
trials: netns ok 6.1 ms, pidns ok 7.5 ms, bwrap ok 6.8 ms, setpriv ok 3.3 ms, loopback ok 127.9 ms, jail ok 9.4 ms, helperJail ok 2.1 ms

Everything is available.
`);
});

test('root where sockgrade-exec cannot jail (a kernel before 5.12): the jail is bubblewrap\'s', () => {
  const report = rootWithBwrap();
  report.trials.helperJail = { ok: false, ms: 1.2, argv: ['sockgrade-exec'], detail: 'exit status 125: sockgrade-exec: --jail: cannot take /dev/null: Function not implemented' };
  const text = renderDoctor(report);
  expect(text).toContain('  filesystem jail:                  yes, with bubblewrap (per launch: 9.4 ms)\n');
  expect(text).toContain('jail ok 9.4 ms, helperJail failed 1.2 ms\n');
});

test('non-root on an ubuntu-24.04 runner: what is missing, why, and how to enable it', () => {
  expect(renderDoctor(ubuntuRunner())).toBe(`sockgrade doctor: isolation on this machine (linux, running as uid 1001)

  network namespace per submission: no, free ports instead of 12000 (get-port)
  PID namespace:                    no, only the process group is killed
  filesystem jail:                  no, student programs see and may write what this user can
  unprivileged user:                no, student programs run as this user (uid 1001)
  resource limits:                  yes, with prlimit

tools:  unshare /usr/bin/unshare, bwrap missing, setpriv /usr/bin/setpriv, prlimit /usr/bin/prlimit, ip /usr/sbin/ip, sockgrade-exec not used (not built: npm run build needs a C compiler; or SOCKGRADE_EXEC_HELPER=off)
trials: netns failed 4.2 ms, pidns failed 4 ms

Why not:
  - could not create a network namespace with unshare: exit status 1: unshare: write failed /proc/self/uid_map: Operation not permitted
  - bwrap was not found (Debian package bubblewrap), so there is no filesystem jail
  - AppArmor forbids unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns = 1)
  - no network namespace can be made here: each grading gets a free port (get-port) instead of port 12000 in its own namespace
  - sockgrade is not running as root, so student programs run as this user (uid 1001), not as an unprivileged one

To enable more:
  - install bubblewrap (filesystem jail, and namespaces with loopback up): apt-get install bubblewrap
  - on Ubuntu 24.04 (and GitHub ubuntu-24.04 runners): sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 (as root)
  - or run sockgrade as root, or in a container with CAP_SYS_ADMIN (docker run --privileged, or --cap-add SYS_ADMIN with seccomp and AppArmor unconfined)
  - run sockgrade as root (e.g. in a container) so that student programs run as an unprivileged user, not as you
`);
});

test('macOS: no namespaces, the free-port fallback stated honestly', () => {
  expect(renderDoctor(macos())).toBe(`sockgrade doctor: isolation on this machine (macOS, running as uid 501)

  network namespace per submission: no, free ports instead of 12000 (get-port)
  PID namespace:                    no, only the process group is killed
  filesystem jail:                  no, student programs see and may write what this user can
  unprivileged user:                no, student programs run as this user (uid 501)
  resource limits:                  no, prlimit is Linux only

Why not:
  - macOS has no Linux namespaces: each grading gets a free port (get-port) instead of its own network namespace, student programs run as this user, and there is no filesystem jail

To enable more:
  - macOS has no namespaces: sockgrade falls back to free ports, given as {port} and SERVER_PORT; a program that hard-codes 12000 is told which port it bound. For full isolation run sockgrade on Linux, e.g. in a container as root
`);
});

test('this machine: the doctor agrees with the detection', async () => {
  const report = await detectIsolation();
  const text = renderDoctor(report);
  console.log(text);
  expect(text).toContain(report.namespace === null ? 'network namespace per submission: no' : 'network namespace per submission: yes');
  expect(text.endsWith(report.problems.length === 0 ? 'Everything is available.\n' : '\n')).toBe(true);
});
