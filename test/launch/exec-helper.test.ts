// sockgrade-exec (native/sockgrade-exec.c): built by `npm run build` where a C compiler is, and used by
// the launcher in place of prlimit and setpriv; it fails closed, before the program runs.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXEC_HELPER_PATH, execHelper } from '../../harness/launch/exec-helper.js';
import { planSpawn } from '../../harness/launch/plan.js';
import { findUtil } from '../../harness/launch/limits.js';

const hasCompiler = ['cc', 'gcc', 'clang'].some((cc) => spawnSync(cc, ['--version']).status === 0);
const limits = { cpuSeconds: 10, memoryBytes: 1_073_741_824, processes: 64, fileSizeBytes: 16_777_216 };
const jailed = { command: 'python3', args: ['UDPServer.py'], cwd: tmpdir(), wrapper: ['bwrap', '--ro-bind', '/', '/', '--'], switchUser: { uid: 61000, gid: 61000 }, limits };

describe('the launch argv', () => {
  it('with the helper: the wrapper, then the helper with the limits and the uid, then the program', () => {
    const plan = planSpawn(jailed, 0, '/opt/sockgrade/dist/native/sockgrade-exec');
    expect([plan.file, ...plan.args]).toEqual([
      'bwrap', '--ro-bind', '/', '/', '--',
      '/opt/sockgrade/dist/native/sockgrade-exec', '--status-fd', '3', '--cpu', '10', '--data', '1073741824', '--nproc', '64', '--fsize', '16777216', '--uid', '61000', '--gid', '61000', '--',
      'python3', 'UDPServer.py',
    ]);
    expect(plan.limitFacts).toEqual({ appliedLimits: limits });
    expect(plan.statusFd).toBe(3);
  });

  it('without it: prlimit around the wrapper, setpriv inside it', () => {
    const prlimit = findUtil('prlimit', process.env.PATH);
    const setpriv = findUtil('setpriv', process.env.PATH);
    if (prlimit === undefined || setpriv === undefined) return; // not Linux with util-linux: nothing to compare
    const plan = planSpawn(jailed, 0, null);
    expect([plan.file, ...plan.args]).toEqual([
      prlimit, '--cpu=10:11', '--data=1073741824:1073741824', '--nproc=64:64', '--fsize=16777216:16777216', '--',
      'bwrap', '--ro-bind', '/', '/', '--',
      setpriv, '--reuid', '61000', '--regid', '61000', '--clear-groups', '--inh-caps=-all', '--no-new-privs', '--',
      'python3', 'UDPServer.py',
    ]);
  });

  it("a uid without a wrapper: the helper switches to it (sockgrade's folder need not be reachable by that uid)", () => {
    const plan = planSpawn({ command: 'python3', args: ['UDPServer.py'], cwd: tmpdir(), uid: 61000, limits: { cpuSeconds: 10 } }, 0, '/opt/sockgrade/dist/native/sockgrade-exec');
    expect([plan.file, ...plan.args]).toEqual(['/opt/sockgrade/dist/native/sockgrade-exec', '--status-fd', '3', '--cpu', '10', '--uid', '61000', '--gid', '61000', '--', 'python3', 'UDPServer.py']);
    expect(plan.uid).toBeUndefined();
    // With a wrapper, the wrapper runs as that uid: prlimit and the spawn's own switch, as without the helper.
    const wrapped = planSpawn({ command: 'python3', args: [], cwd: tmpdir(), uid: 61000, wrapper: ['env', '--'] }, 0, '/opt/sockgrade/dist/native/sockgrade-exec');
    expect([wrapped.file, wrapped.uid, wrapped.gid]).toEqual(['env', 61000, 61000]);
  });

  it('a jail made by the helper: its --jail options first, then the limits and the uid it switches to inside', () => {
    const helperJail = ['--jail', '--tmpfs', '/root', '--bind', '/tmp/scratch', '--chdir', '/tmp/scratch'];
    const { wrapper: _, ...unwrapped } = jailed;
    const plan = planSpawn({ ...unwrapped, helperJail }, 0, '/opt/sockgrade/dist/native/sockgrade-exec');
    expect([plan.file, ...plan.args]).toEqual([
      '/opt/sockgrade/dist/native/sockgrade-exec', '--status-fd', '3', ...helperJail, '--cpu', '10', '--data', '1073741824', '--nproc', '64', '--fsize', '16777216', '--uid', '61000', '--gid', '61000', '--',
      'python3', 'UDPServer.py',
    ]);
    // It is a harness mistake to ask for it without the helper, with a wrapper as well, or without a user to switch to.
    expect(() => planSpawn({ ...unwrapped, helperJail }, 0, null)).toThrow('launch: helperJail needs sockgrade-exec (npm run build), which is not built or not usable here');
    expect(() => planSpawn({ ...jailed, helperJail }, 0, '/opt/sockgrade/dist/native/sockgrade-exec')).toThrow('launch: helperJail and wrapper are two jails: give one');
    const { switchUser: __, ...asRoot } = unwrapped;
    expect(() => planSpawn({ ...asRoot, helperJail }, 0, '/opt/sockgrade/dist/native/sockgrade-exec')).toThrow('launch: helperJail needs switchUser (sockgrade-exec leaves no jailed program root)');
  });

  it('no helper at all when there is nothing for it to do', () => {
    const plan = planSpawn({ command: 'python3', args: ['UDPServer.py'], cwd: tmpdir() }, 0, '/opt/sockgrade/dist/native/sockgrade-exec');
    expect([plan.file, ...plan.args]).toEqual(['python3', 'UDPServer.py']);
    expect(plan.statusFd).toBeUndefined();
  });
});

describe('sockgrade-exec', () => {
  it('is built wherever npm run build found a C compiler (else prlimit and setpriv are used)', () => {
    expect(execHelper() === EXEC_HELPER_PATH).toBe(hasCompiler && process.platform === 'linux' && process.env.SOCKGRADE_EXEC_HELPER !== 'off');
  });

  const run = (args: string[]) => spawnSync(EXEC_HELPER_PATH, args, { encoding: 'utf8' });

  it.runIf(execHelper() !== null)('sets the limits, CPU with its hard limit a second later', () => {
    const r = run(['--cpu', '3', '--data', '500000000', '--fsize', '1000', '--', '/bin/sh', '-c', 'echo $(ulimit -St) $(ulimit -Ht) $(ulimit -d) $(ulimit -f)']);
    expect(r.stderr).toBe('');
    // dash reports data in KiB and file size in 512-byte blocks.
    expect(r.stdout).toBe(`3 4 ${Math.floor(500_000_000 / 1024)} ${Math.floor(1000 / 512)}\n`);
    expect(r.status).toBe(0);
  });

  it.runIf(execHelper() !== null)('fails closed, before the program runs, on anything it does not understand', () => {
    const cases: [string[], string][] = [
      [['--bogus', '1', '--', '/bin/true'], 'sockgrade-exec: unknown option: --bogus\n'],
      [['--cpu', 'ten', '--', '/bin/true'], 'sockgrade-exec: --cpu: expected a whole number\n'],
      [['--cpu', '-1', '--', '/bin/true'], 'sockgrade-exec: --cpu: expected a whole number\n'],
      [['--uid', '61000', '--', '/bin/true'], 'sockgrade-exec: --uid and --gid: give both or neither\n'],
      [['--uid', '0', '--gid', '0', '--', '/bin/true'], 'sockgrade-exec: --uid/--gid: 0 is not an unprivileged user\n'],
      // Wider than a uid: cut to 32 bits, 2^32 would have been root; from 2^63 on, "no uid".
      [['--uid', '4294967296', '--gid', '4294967296', '--', '/bin/true'], 'sockgrade-exec: --uid: expected a user or group id below 4294967295\n'],
      [['--uid', '61000', '--gid', '9223372036854775808', '--', '/bin/true'], 'sockgrade-exec: --gid: expected a user or group id below 4294967295\n'],
      [['--cpu', '3'], 'sockgrade-exec: usage: sockgrade-exec [--status-fd N] [--jail [--tmpfs P] [--hide-file P] [--dir P] [--ro-bind P] [--bind P] [--copy F P] [--chdir P]] [--cpu S] [--data B] [--nproc N] [--fsize B] [--uid U --gid G] -- PROGRAM [ARGS...]\n'],
      [['--tmpfs', '/tmp', '--', '/bin/true'], 'sockgrade-exec: --tmpfs: comes after --jail\n'],
      [['--jail', '--bind', 'relative', '--uid', '61000', '--gid', '61000', '--', '/bin/true'], 'sockgrade-exec: --bind: expected an absolute path\n'],
      [['--jail', '--chdir', '/', '--', '/bin/true'], 'sockgrade-exec: --jail: needs --uid and --gid: a program left root could undo its jail\n'],
      [['--jail', '--ro-bind', '/nonexistent/sockgrade', '--uid', '61000', '--gid', '61000', '--', '/bin/true'], 'sockgrade-exec: --jail: cannot take /nonexistent/sockgrade: No such file or directory\n'],
      [['--jail', '--copy', '/etc', 'relative', '--uid', '61000', '--gid', '61000', '--', '/bin/true'], 'sockgrade-exec: --copy: expected two absolute paths: the folder copied, and where\n'],
      [['--copy', '/etc', '/tmp/x', '--', '/bin/true'], 'sockgrade-exec: --copy: comes after --jail\n'],
    ];
    for (const [args, message] of cases) {
      const r = run(args);
      expect({ args, stderr: r.stderr, status: r.status }).toEqual({ args, stderr: message, status: 125 });
    }
  });

  it.runIf(execHelper() !== null)('says on --status-fd that it ran, and its own failure there too, a descriptor its program never holds', () => {
    const withStatus = (args: string[]): { status: number | null; stderr: string; reported: string } => {
      const r = spawnSync(EXEC_HELPER_PATH, ['--status-fd', '3', ...args], { stdio: ['ignore', 'pipe', 'pipe', 'pipe'], encoding: 'utf8' });
      return { status: r.status, stderr: r.stderr, reported: String(r.output[3] ?? '') };
    };
    expect(withStatus(['--cpu', 'ten', '--', '/bin/true'])).toEqual({ status: 125, stderr: 'sockgrade-exec: --cpu: expected a whole number\n', reported: 'started\nsockgrade-exec: --cpu: expected a whole number\n' });
    // A program that ran says nothing more there, even when it exits 125 saying the same words: it cannot write to the descriptor.
    expect(withStatus(['--cpu', '10', '--', '/bin/true'])).toEqual({ status: 0, stderr: '', reported: 'started\n' });
    const spoof = withStatus(['--cpu', '10', '--', 'sh', '-c', 'echo "sockgrade-exec: --cpu: expected a whole number" >&2; echo spoofed >&3; exit 125']);
    expect(spoof.status).toBe(125);
    expect(spoof.reported).toBe('started\n');
    expect(spoof.stderr).toMatch(/^sockgrade-exec: --cpu: expected a whole number\n.*3: Bad file descriptor\n$/s);
    // Without the descriptor open (a wrapper closed it), failures go to stderr only.
    const r = spawnSync(EXEC_HELPER_PATH, ['--status-fd', '3', '--cpu', 'ten', '--', '/bin/true'], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 125, stderr: 'sockgrade-exec: --cpu: expected a whole number\n' });
  });

  it.runIf(execHelper() !== null)('no core dump, and no descriptor but those sockgrade gives reaches the program', () => {
    // Descriptor 3 is inherited (not close-on-exec) from the process that starts the helper.
    const r = spawnSync(EXEC_HELPER_PATH, ['--cpu', '10', '--', 'python3', '-c', 'import os, resource; print(resource.getrlimit(resource.RLIMIT_CORE), sorted(int(f) for f in os.listdir("/proc/self/fd")))'], {
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    // [0, 1, 2, 3]: the standard three, and the folder listdir opened (4 as well, had 3 been inherited).
    expect({ stdout: r.stdout, stderr: r.stderr, status: r.status }).toEqual({ stdout: '(0, 0) [0, 1, 2, 3]\n', stderr: '', status: 0 });
  });

  it.runIf(execHelper() !== null && process.getuid?.() === 0)('in its jail: "/" as the working directory without --chdir, and a /tmp of at most 64 MiB', () => {
    const r = run(['--jail', '--uid', '61000', '--gid', '61000', '--', 'python3', '-c', 'import os; s = os.statvfs("/tmp"); print(os.getcwd(), s.f_blocks * s.f_frsize, s.f_files)']);
    expect({ stdout: r.stdout, stderr: r.stderr, status: r.status }).toEqual({ stdout: `/ ${64 * 1024 * 1024} 16384\n`, stderr: '', status: 0 });
  });

  it.runIf(execHelper() !== null && process.getuid?.() === 0)('--copy: the folder copied into the jail\'s /tmp, the program\'s own, with 64 MiB to write besides', () => {
    const from = mkdtempSync(path.join(tmpdir(), 'sockgrade-copy-'));
    try {
      mkdirSync(path.join(from, 'lib', 'deep'), { recursive: true });
      writeFileSync(path.join(from, 'server.py'), 'print(1)\n', { mode: 0o644 });
      writeFileSync(path.join(from, 'run'), '#!/bin/sh\n', { mode: 0o4755 });
      writeFileSync(path.join(from, 'lib', 'deep', 'data.txt'), 'x'.repeat(10_000));
      chmodSync(path.join(from, 'lib'), 0o777);
      symlinkSync('lib/deep/data.txt', path.join(from, 'inside'));
      symlinkSync('../../etc/passwd', path.join(from, 'climbs-out'));
      symlinkSync('/etc/passwd', path.join(from, 'absolute'));
      spawnSync('mkfifo', [path.join(from, 'fifo')]);
      const list = `
import json, os, errno
out = {'cwd': os.getcwd(), 'entries': {}}
for top, dirs, files in os.walk('.'):
    for n in sorted(dirs + files):
        p = os.path.join(top, n)[2:]
        st = os.lstat(p)
        out['entries'][p] = [oct(st.st_mode), st.st_uid, st.st_gid] + ([os.readlink(p)] if os.path.islink(p) else [])
s = os.statvfs('/tmp')
out['tmp'] = [s.f_blocks * s.f_frsize, s.f_files]
with open('written.txt', 'w') as f: f.write('mine')
try:
    with open('big', 'wb') as f:
        for _ in range(65): f.write(b'\\0' * 1048576)
    out['big'] = 'written'
except OSError as e:
    out['big'] = errno.errorcode[e.errno]
print(json.dumps(out))
`;
      const r = run(['--jail', '--copy', from, '/tmp/work/submission', '--chdir', '/tmp/work/submission', '--uid', '61000', '--gid', '61000', '--', 'python3', '-c', list]);
      expect({ stderr: r.stderr, status: r.status }).toEqual({ stderr: '', status: 0 });
      const own = [61000, 61000];
      expect(JSON.parse(r.stdout)).toEqual({
        cwd: '/tmp/work/submission',
        entries: {
          inside: ['0o120777', ...own, 'lib/deep/data.txt'],
          lib: ['0o40755', ...own],
          run: ['0o100755', ...own],
          'server.py': ['0o100644', ...own],
          'lib/deep': ['0o40755', ...own],
          'lib/deep/data.txt': ['0o100644', ...own],
        },
        // Room for the copy besides: a page per folder (3) and the files' pages (1 + 1 + 3), and an inode
        // per entry of the folder copied, left out or not (10 with its root).
        tmp: [64 * 1024 * 1024 + 4096 * (3 + 1 + 1 + 3), 16384 + 10],
        big: 'ENOSPC',
      });
      expect(readdirSync(from).sort()).toEqual(['absolute', 'climbs-out', 'fifo', 'inside', 'lib', 'run', 'server.py']);
      // Fails closed where the folder cannot be copied.
      expect(run(['--jail', '--copy', '/nonexistent/sockgrade', '/tmp/x', '--uid', '61000', '--gid', '61000', '--', '/bin/true'])).toMatchObject({ status: 125, stderr: 'sockgrade-exec: --jail: cannot open the folder /nonexistent/sockgrade: No such file or directory\n' });
      expect(run(['--jail', '--copy', from, '/srv/x', '--uid', '61000', '--gid', '61000', '--', '/bin/true'])).toMatchObject({ status: 125, stderr: 'sockgrade-exec: --jail: copies go under /tmp, not /srv/x: Invalid argument\n' });
    } finally {
      rmSync(from, { recursive: true, force: true });
    }
  });

  // --own-tcp-hash: for the grading worker, in the network namespace its prefix has just made.
  const ownHashPossible = process.getuid?.() === 0 && existsSync('/proc/sys/net/ipv4/tcp_child_ehash_entries') && spawnSync('unshare', ['--net', 'true']).status === 0;
  it.runIf(execHelper() !== null && ownHashPossible)('--own-tcp-hash runs its command in a network namespace of its own, with a TCP hash of that size and loopback up', () => {
    // In a fresh namespace (as a worker's prefix makes it): its id, then the helper's command prints its own, the hash size and the addresses.
    const inside = "readlink /proc/self/ns/net; cat /proc/sys/net/ipv4/tcp_ehash_entries; ip -o addr | awk '{print $2, $3, $4}'";
    const r = spawnSync('unshare', ['--net', '/bin/sh', '-c', 'readlink /proc/self/ns/net; exec "$0" --own-tcp-hash 256 -- /bin/sh -c "$1"', EXEC_HELPER_PATH, inside], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const [given, own, buckets, ...addresses] = r.stdout.trim().split('\n');
    expect(own).not.toBe(given);
    expect({ buckets, addresses }).toEqual({ buckets: '256', addresses: ['lo inet 127.0.0.1/8', 'lo inet6 ::1/128'] });
    // The namespace it was given keeps its setting: the helper sets it only in one it made for that.
    const given2 = spawnSync('unshare', ['--net', '/bin/sh', '-c', '"$0" --own-tcp-hash 256 -- true && cat /proc/sys/net/ipv4/tcp_child_ehash_entries', EXEC_HELPER_PATH], { encoding: 'utf8' });
    expect({ stdout: given2.stdout, stderr: given2.stderr }).toEqual({ stdout: '0\n', stderr: '' });
  });

  it.runIf(execHelper() !== null && process.getuid?.() === 0)('--own-tcp-hash: where it cannot (here, as an unprivileged user), the command runs in the namespace it was given', () => {
    const r = spawnSync('setpriv', ['--reuid', '65534', '--regid', '65534', '--clear-groups', EXEC_HELPER_PATH, '--own-tcp-hash', '256', '--', 'readlink', '/proc/self/ns/net'], { encoding: 'utf8' });
    expect({ status: r.status, stderr: r.stderr, ns: r.stdout.trim() }).toEqual({ status: 0, stderr: '', ns: readlinkSync('/proc/self/ns/net') });
    expect(run(['--own-tcp-hash', 'many', '--', '/bin/true'])).toMatchObject({ status: 125, stderr: 'sockgrade-exec: --own-tcp-hash: expected a whole number\n' });
    expect(run(['--own-tcp-hash', '256', '/bin/true'])).toMatchObject({ status: 125, stderr: 'sockgrade-exec: usage: sockgrade-exec --own-tcp-hash BUCKETS -- COMMAND [ARGS...]\n' });
  });

  it.runIf(execHelper() !== null)('its program is killed when the process that started it dies', async () => {
    // A parent that starts the helper, passes on the pid its program prints, and is then SIGKILLed.
    const parent = `
const { spawn } = require('child_process');
const child = spawn(${JSON.stringify(EXEC_HELPER_PATH)}, ['--', 'sh', '-c', 'echo $$; exec sleep 30'], { stdio: ['ignore', 'pipe', 'inherit'] });
child.stdout.once('data', (d) => process.stdout.write(d));
setTimeout(() => process.exit(3), 20000);
`;
    const started = spawn(process.execPath, ['-e', parent], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = Number(await new Promise<string>((resolve) => started.stdout.setEncoding('utf8').once('data', resolve)));
    const alive = (): boolean => existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z');
    expect(alive()).toBe(true);
    started.kill('SIGKILL');
    const deadline = Date.now() + 10_000;
    while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(alive()).toBe(false);
  });

  it.runIf(execHelper() !== null)('says which program could not be run: 127 when missing, 126 when not executable', () => {
    expect(run(['--', '/nonexistent/python3'])).toMatchObject({ status: 127, stderr: 'sockgrade-exec: /nonexistent/python3: No such file or directory\n' });
    expect(run(['--', tmpdir()])).toMatchObject({ status: 126, stderr: `sockgrade-exec: ${tmpdir()}: Permission denied\n` });
  });
});
