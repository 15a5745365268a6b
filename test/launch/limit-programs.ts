// Python programs and helpers for the limits, output-cap and run-as tests. Each program is harmless and ends by
// itself within 30 s even if no limit stops it.

import { readFileSync, readdirSync } from 'node:fs';

/** Spins on the CPU for 20 s of wall-clock time at most. */
export const SPINS_20_S = `
import time
end = time.monotonic() + 20
while time.monotonic() < end:
    pass
`;

/** Catches SIGXCPU (saying so once on stdout) and spins on, 20 s of wall-clock time at most. */
export const SPINS_CATCHING_SIGXCPU = `
import signal, time
caught = []
def on_xcpu(signum, frame):
    if not caught:
        print("caught SIGXCPU", flush=True)
    caught.append(signum)
signal.signal(signal.SIGXCPU, on_xcpu)
end = time.monotonic() + 20
while time.monotonic() < end:
    pass
`;

/** Kills itself with SIGKILL at once, using (almost) no CPU. */
export const KILLS_ITSELF_WITH_SIGKILL = `
import os, signal
os.kill(os.getpid(), signal.SIGKILL)
`;

/** Allocates 2 GB in one piece. */
export const ALLOCATES_2_GB = `
buffer = bytearray(2 * 1000 ** 3)
print("allocated", len(buffer))
`;

/** Says whether SIGXFSZ is ignored, then writes 10 MB to the file named by argv[1]. */
export const WRITES_10_MB_FILE = `
import signal, sys
print("SIGXFSZ ignored:", signal.getsignal(signal.SIGXFSZ) == signal.SIG_IGN, flush=True)
with open(sys.argv[1], "wb") as f:
    f.write(b"x" * 10_000_000)
print("wrote 10 MB", flush=True)
`;

/** Forks at most 100 children (each sleeps 20 s), reports how many forks worked and failed, then sleeps 20 s. */
export const FORKS_UP_TO_100 = `
import os, time
forked = failed = 0
for _ in range(100):
    try:
        pid = os.fork()
    except OSError:
        failed += 1
        continue
    if pid == 0:
        time.sleep(20)
        os._exit(0)
    forked += 1
print("forked", forked, "failed", failed, flush=True)
time.sleep(20)
`;

/** Writes 200 MiB to stdout as fast as it can, then says so on stderr. */
export const FLOODS_STDOUT_200_MIB = `
import sys
line = b"x" * 1048575 + b"\\n"
for _ in range(200):
    sys.stdout.buffer.write(line)
sys.stdout.buffer.flush()
sys.stderr.write("finished\\n")
`;

/** Writes 3 MiB to stderr, then says so on stdout. */
export const FLOODS_STDERR_3_MIB = `
import sys
for _ in range(3):
    sys.stderr.buffer.write(b"e" * 1048576)
sys.stderr.buffer.flush()
print("finished")
`;

/** Writes exactly 1 MiB to stdout. */
export const WRITES_1_MIB = `
import sys
sys.stdout.buffer.write(b"y" * 1048576)
`;

/** Prints its uid, gid, supplementary groups, FOO from its environment and its CPU limit. */
export const REPORTS_IDENTITY = `
import os, resource
print(os.getuid(), os.getgid(), os.getgroups(), os.environ.get("FOO"), resource.getrlimit(resource.RLIMIT_CPU))
`;

/** True when this test process runs as root (it may then switch users). */
export const isRoot = process.getuid?.() === 0;

/** A uid (and group number) in 61000..64999 that no account and no running process uses. */
export function unusedUid(): number {
  const known = new Set(
    readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .map((line) => Number(line.split(':')[2])),
  );
  for (;;) {
    const uid = 61000 + Math.floor(Math.random() * 4000);
    if (!known.has(uid) && liveProcessesOf(uid).length === 0) return uid;
  }
}

/** Pids of running (not zombie) processes whose real uid is `uid`. */
export function liveProcessesOf(uid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let status: string;
    try {
      status = readFileSync(`/proc/${entry}/status`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    const realUid = /^Uid:\s+(\d+)/m.exec(status)?.[1];
    const state = /^State:\s+(\S)/m.exec(status)?.[1];
    if (Number(realUid) === uid && state !== 'Z' && state !== 'X') pids.push(Number(entry));
  }
  return pids;
}
