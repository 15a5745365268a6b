// The jail for real, made by bwrap (jailPrefix) and by sockgrade-exec itself (helperJailArgs): a jailed
// python (as an unprivileged uid when root) inside a grading namespace, which must see the same either way.

import { chmod, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { detectIsolation } from '../../harness/sandbox/detect.js';
import { helperJailArgs, jailLayout, jailMaker, jailPrefix, locateInterpreter, type JailSpec } from '../../harness/sandbox/jail.js';
import { switchUserArgv } from '../../harness/launch/plan.js';
import { buildNamespacePrefix, namespacePrefix } from '../../harness/sandbox/namespace-command.js';
import type { NamespaceKind } from '../../harness/sandbox/types.js';
import { makeScratch, type Scratch } from '../../harness/sandbox/scratch.js';
import { median, runArgv } from './run.js';
import { launch } from '../../harness/launch/launcher.js';
import { describeOutcome } from '../../harness/launch/headline.js';
import type { SpawnError } from '../../harness/launch/types.js';
import { notStarted } from '../../harness/checks/hints.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const report = await detectIsolation();
const UID = 65534;
const uid = report.canDropPrivileges ? UID : undefined;
const kinds: NamespaceKind[] = [];
/** Who can make the jail here: bwrap, and as root sockgrade-exec itself (Linux 5.12+). */
type Maker = 'bwrap' | 'sockgrade-exec';
const makers: Maker[] = [];
if (report.trials.jail?.ok === true) makers.push('bwrap');
if (jailMaker(report) === 'sockgrade-exec') makers.push('sockgrade-exec');
if (report.namespace !== null && report.trials.bwrap?.ok === true) kinds.push('bwrap');
if (report.namespace !== null && report.trials.pidns?.ok === true && report.tools.ip !== null) kinds.push('unshare');

/** Whether a path is under /tmp, which the jail replaces with a fresh tmpfs (such a path to hide gets no cover). */
const underTmp = (p: string): boolean => p === '/tmp' || p.startsWith('/tmp/');
let work: string;
/** A folder of the machine's /tmp that is to be hidden: the jail's fresh /tmp hides it without a cover. */
let tmpHidden: string;
/** Outside /tmp whatever the checkout: a file to hide, given as a symbolic link to it. */
let linkDir: string;
let scratch: Scratch;
let python: string;
let spec: JailSpec;

beforeAll(async () => {
  // Outside /tmp on purpose: the jail's fresh /tmp would hide things there anyway.
  await mkdir(join(repo, '.sockgrade-tmp'), { recursive: true });
  work = await mkdtemp(join(repo, '.sockgrade-tmp', 'sandbox-jail-'));
  await chmod(work, 0o755); // so that only the jail, not the folder's mode, hides what is inside
  await mkdir(join(work, 'submissions', 'alice'), { recursive: true });
  await writeFile(join(work, 'submissions', 'alice', 'hello.txt'), 'hello from alice\n');
  await writeFile(join(work, 'submissions', 'bob.txt'), 'bob\n');
  await mkdir(join(work, 'hidden'));
  await writeFile(join(work, 'hidden', 'secret.txt'), 'the hidden sentences\n', { mode: 0o644 });
  linkDir = await mkdtemp('/var/tmp/sockgrade-jail-link-');
  await chmod(linkDir, 0o755);
  await writeFile(join(linkDir, 'real-secret.txt'), 'hidden through a link\n', { mode: 0o644 });
  await symlink(join(linkDir, 'real-secret.txt'), join(linkDir, 'secret-link'));
  tmpHidden = await mkdtemp(join(tmpdir(), 'sockgrade-jail-hidden-'));
  await chmod(tmpHidden, 0o755);
  await writeFile(join(tmpHidden, 'secret.txt'), 'hidden in /tmp\n', { mode: 0o644 });
  scratch = await makeScratch(join(work, 'submissions', 'alice'), uid === undefined ? {} : { uid });
  const interpreter = await locateInterpreter('python3');
  python = interpreter.executable;
  spec = {
    scratch: scratch.dir,
    hide: [join(work, 'submissions'), join(work, 'hidden'), tmpHidden, join(linkDir, 'secret-link')],
    uid,
    readOnlyBinds: interpreter.binds,
  };
});

afterAll(async () => {
  await scratch?.dispose();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
  if (tmpHidden !== undefined) await rm(tmpHidden, { recursive: true, force: true });
  if (linkDir !== undefined) await rm(linkDir, { recursive: true, force: true });
});

// Reports, as JSON, what a student program can and cannot do from inside the jail.
const PROBE = `
import json, os, signal
signal.alarm(20)
def attempt(fn):
    try:
        return fn()
    except OSError as e:
        return 'errno ' + (os.strerror(e.errno) if e.errno else str(e))
def write(path):
    with open(path, 'w') as f: f.write('x')
    return 'ok'
out = {
  'uid': os.getuid(), 'gid': os.getgid(), 'groups': os.getgroups(), 'cwd': os.getcwd(),
  'listdir': sorted(os.listdir('.')), 'hello': attempt(lambda: open('hello.txt').read()),
  'writeScratch': attempt(lambda: write('written.txt')),
  'writeRoot': attempt(lambda: write('/sockgrade-jail-test')),
  'writeRepo': attempt(lambda: write(REPO + '/sockgrade-jail-test')),
  'hiddenDir': attempt(lambda: sorted(os.listdir(HIDDEN))),
  'secret': attempt(lambda: open(HIDDEN + '/secret.txt').read()),
  'otherSubmission': attempt(lambda: open(SUBMISSIONS + '/bob.txt').read()),
  'shadow': attempt(lambda: open('/etc/shadow').read()[:0] or 'readable'),
  'writeTmp': attempt(lambda: write('/tmp/sockgrade-jail-marker')),
  'tmpSecret': attempt(lambda: open(TMP_HIDDEN + '/secret.txt').read()),
  'linkedSecret': attempt(lambda: open(LINKED_REAL).read()),
}
print(json.dumps(out))
`;

function probe(): string {
  const constants = `REPO=${JSON.stringify(repo)}\nHIDDEN=${JSON.stringify(join(work, 'hidden'))}\nSUBMISSIONS=${JSON.stringify(join(work, 'submissions'))}\nTMP_HIDDEN=${JSON.stringify(tmpHidden)}\nLINKED_REAL=${JSON.stringify(join(linkDir, 'real-secret.txt'))}\n`;
  return constants + PROBE;
}

/** The jail and, when a uid is given, the switch to it: what a jailed student program runs under. */
function jailed(maker: Maker = makers[0] ?? 'bwrap'): string[] {
  if (maker === 'sockgrade-exec') {
    const user = String(spec.uid);
    return [report.execHelper ?? 'sockgrade-exec', ...helperJailArgs(spec, report), '--uid', user, '--gid', user, '--'];
  }
  return [...jailPrefix(spec, report), ...(spec.uid !== undefined ? switchUserArgv({ uid: spec.uid, gid: spec.uid }) : [])];
}

test('this machine: a jail exactly when bubblewrap or sockgrade-exec can make one (else both refuse, saying why)', () => {
  expect(report.canJail).toBe(makers.length > 0);
  expect(kinds.length > 0).toBe(report.namespace !== null);
  if (report.trials.jail?.ok === true) {
    expect(jailPrefix(spec, report).slice(0, 2)).toEqual([report.tools.bwrap, '--die-with-parent']);
  } else {
    expect(() => jailPrefix(spec, report)).toThrow(/no filesystem jail on this machine/);
    expect(report.problems.length).toBeGreaterThan(0);
  }
  if (!makers.includes('sockgrade-exec')) expect(() => helperJailArgs(spec, report)).toThrow(/sockgrade-exec cannot make jails on this machine|needs the uid/);
});

test('a path to hide under /tmp gets no cover: the jail\'s /tmp is a fresh tmpfs already', () => {
  const report = { canDropPrivileges: false } as Parameters<typeof jailLayout>[1];
  // Paths of the machine outside /tmp (the checkout itself may be under /tmp), looked at, not mounted.
  const layout = jailLayout({ scratch: scratch.dir, hide: ['/usr/share', tmpHidden, '/etc/passwd'] }, report);
  expect(layout.steps.filter((step) => step.kind === 'tmpfs' || step.kind === 'hide-file')).toEqual([
    { kind: 'tmpfs', path: '/usr/share' },
    { kind: 'hide-file', path: '/etc/passwd' },
  ]);
  expect(layout.steps.map((step) => step.path)).not.toContain(tmpHidden);
});

test('a scratch copied inside the jail: made last, under /tmp, by sockgrade-exec only', () => {
  const report = { canDropPrivileges: true, trials: { helperJail: { ok: true } } } as Parameters<typeof jailLayout>[1];
  const copied = { scratch: '/tmp/submission', copyFrom: '/srv/class/alice', hide: ['/usr/share'], uid: 61000 };
  expect(jailLayout(copied, report).steps).toEqual([
    { kind: 'tmpfs', path: '/usr/share' },
    { kind: 'copy', path: '/tmp/submission', from: '/srv/class/alice' },
  ]);
  expect(helperJailArgs(copied, report)).toEqual(['--jail', '--tmpfs', '/usr/share', '--copy', '/srv/class/alice', '/tmp/submission', '--chdir', '/tmp/submission']);
  expect(() => jailLayout({ ...copied, scratch: '/srv/submission' }, report)).toThrow('scratch: a copy made inside the jail goes under /tmp, not at /srv/submission');
  expect(() => jailPrefix(copied, { ...report, tools: { bwrap: '/usr/bin/bwrap' }, trials: { jail: { ok: true } } } as Parameters<typeof jailPrefix>[1])).toThrow(
    'a scratch copied inside the jail is made by sockgrade-exec, not bwrap',
  );
});

test.runIf(makers.includes('sockgrade-exec'))('sockgrade-exec is given the same steps as bwrap, and no jail without a uid', () => {
  const args = helperJailArgs(spec, report);
  expect(args[0]).toBe('--jail');
  expect(args.slice(-2)).toEqual(['--chdir', scratch.dir]);
  expect(args).toContain('--bind');
  expect(args[args.indexOf('--bind') + 1]).toBe(scratch.dir);
  for (const hidden of spec.hide.filter((h) => h !== join(linkDir, 'secret-link'))) {
    if (underTmp(hidden)) expect(args).not.toContain(hidden);
    else expect(args.join(' ')).toContain(`--tmpfs ${hidden}`);
  }
  expect(args.join(' ')).toContain(`--hide-file ${join(linkDir, 'real-secret.txt')}`);
  expect(() => helperJailArgs({ ...spec, uid: undefined }, report)).toThrow(/needs the uid the program runs as/);
});

describe.runIf(report.canJail)('a jailed python', () => {
  test.runIf(report.trials.jail?.ok === true)('bwrap\'s jail leaves the switch to the uid to the launcher (and refuses a uid when not root)', async () => {
    if (!report.canDropPrivileges) expect(() => jailPrefix({ ...spec, uid: UID }, report)).toThrow(/cannot run student programs as uid 65534/);
    expect(jailPrefix(spec, report).at(-1)).toBe('--');
    expect(jailPrefix(spec, report).filter((arg) => arg === '--')).toHaveLength(1);
    expect(jailPrefix(spec, report)).not.toContain('--new-session');
  });

  test.each(makers)('made by %s: sees its scratch, writes only there, cannot see hidden paths, /etc/shadow, or leak into /tmp', async (maker) => {
    const ns = namespacePrefix(report) ?? [];
    const result = await runArgv([...ns, ...jailed(maker), python, '-c', probe()]);
    expect(result.stderr).toBe('');
    const seen = JSON.parse(result.stdout) as Record<string, unknown>;
    const denied = uid === undefined ? 'errno Read-only file system' : expect.stringMatching(/^errno (Read-only file system|Permission denied)$/);
    // A checkout under /tmp (a CI clone) is not in the jail at all: its fresh /tmp has none of the machine's.
    const absent = 'errno No such file or directory';
    expect(seen).toEqual({
      uid: uid ?? process.getuid?.(),
      gid: uid ?? process.getgid?.(),
      groups: uid === undefined ? expect.any(Array) : [],
      cwd: scratch.dir,
      listdir: ['hello.txt'],
      hello: 'hello from alice\n',
      writeScratch: 'ok',
      writeRoot: denied,
      writeRepo: underTmp(repo) ? absent : denied,
      hiddenDir: underTmp(work) ? absent : [],
      secret: 'errno No such file or directory',
      otherSubmission: 'errno No such file or directory',
      shadow: uid === undefined ? 'readable' : 'errno Permission denied',
      writeTmp: 'ok',
      tmpSecret: 'errno No such file or directory',
      linkedSecret: 'errno Permission denied', // /dev/null (on a nodev mount) over the file the link leads to
    });
    expect(await readFile(join(scratch.dir, 'written.txt'), 'utf8')).toBe('x');
    await rm(join(scratch.dir, 'written.txt'));
    expect(existsSync('/tmp/sockgrade-jail-marker')).toBe(false);
    expect(existsSync('/sockgrade-jail-test')).toBe(false);
    expect(existsSync(join(repo, 'sockgrade-jail-test'))).toBe(false);
    expect(await readdir(join(work, 'hidden'))).toEqual(['secret.txt']); // hidden inside only
  });

  test.runIf(makers.includes('sockgrade-exec'))('made by sockgrade-exec with the scratch copied inside its /tmp: the same view, and nothing written reaches the folder copied', async () => {
    const alice = join(work, 'submissions', 'alice'); // hidden by the jail, copied before the cover
    const copied = { ...spec, scratch: '/tmp/submission', copyFrom: alice };
    const user = String(spec.uid);
    const argv = [report.execHelper ?? 'sockgrade-exec', ...helperJailArgs(copied, report), '--uid', user, '--gid', user, '--'];
    const result = await runArgv([...(namespacePrefix(report) ?? []), ...argv, python, '-c', probe()]);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ uid: UID, cwd: '/tmp/submission', listdir: ['hello.txt'], hello: 'hello from alice\n', writeScratch: 'ok', otherSubmission: 'errno No such file or directory', secret: 'errno No such file or directory', shadow: 'errno Permission denied' });
    expect(await readdir(alice)).toEqual(['hello.txt']);
  });

  // Inside each kind of grading namespace this machine can make (none: the fallback is asserted above).
  const pairs = kinds.flatMap((kind) => makers.map((maker) => [kind, maker] as const));
  test.each(pairs)('inside a %s namespace, a UDP server jailed by %s on 12000 answers a client there, in the launcher\'s process group', async (kind, maker) => {
    const server = `
import os, signal, socket
signal.alarm(20)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('', 12000))
print('ready', os.getpgrp(), os.getpid(), os.getuid(), flush=True)
while True:
    data, addr = s.recvfrom(2048)
    s.sendto(data.decode().upper().encode(), addr)
`;
    const argv = [...jailed(maker), python, '-c', server];
    const ns = buildNamespacePrefix(kind, report.tools, report.isRoot) ?? [];
    const result = await runArgv([...ns, process.execPath, join(here, 'udp-worker.mjs')], { env: { JAILED_ARGV: JSON.stringify(argv) } });
    const seen = JSON.parse(result.stdout) as { leader: number; pgrp: number; pid: number; uid: number; reply: string; from: string };
    expect(seen).toMatchObject({ reply: 'HELLO FROM THE WORKER', from: '127.0.0.1:12000', uid: uid ?? process.getuid?.() });
    expect(seen.pgrp).toBe(seen.leader); // no new session: the student stays in the group the launcher made
    // bwrap stays as the group's leader, the program is its child; sockgrade-exec becomes the program.
    if (maker === 'bwrap') expect(seen.pid).not.toBe(seen.leader);
    else expect(seen.pid).toBe(seen.leader);
  });

  // Only sockgrade-exec's: bwrap's --die-with-parent is set before the switch to the uid inside the jail,
  // which clears it, so there only the worker's PID namespace ends a program whose starter died.
  test.runIf(makers.includes('sockgrade-exec'))('made by sockgrade-exec: the jailed program is killed when the process that started it dies', async () => {
    const maker = 'sockgrade-exec';
    // A parent that starts the jailed program, passes on the pid it prints, and is then SIGKILLed.
    const parent = `
const { spawn } = require('child_process');
const argv = JSON.parse(process.env.JAILED_ARGV);
const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
child.stdout.once('data', (d) => process.stdout.write(d));
setTimeout(() => process.exit(3), 20000);
`;
    const argv = [...jailed(maker), python, '-c', 'import os, time; print(os.getpid(), flush=True); time.sleep(30)'];
    const started = spawn(process.execPath, ['-e', parent], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, JAILED_ARGV: JSON.stringify(argv) } });
    const pid = Number(await new Promise<string>((resolve) => started.stdout.setEncoding('utf8').once('data', resolve)));
    expect(existsSync(`/proc/${pid}`)).toBe(true);
    started.kill('SIGKILL');
    const deadline = Date.now() + 10_000;
    while (existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z')).toBe(false);
  });

  test.runIf(makers.includes('sockgrade-exec'))("made by sockgrade-exec: a jail it cannot make is sockgrade's failure, never the student's", async () => {
    const broken = helperJailArgs({ ...spec, readOnlyBinds: [...(spec.readOnlyBinds ?? []), '/nonexistent/sockgrade-lib'] }, report);
    const user = { uid: UID, gid: UID };
    const outcome = await launch({ command: python, args: ['-c', 'print("ran")'], cwd: scratch.dir, helperJail: broken, switchUser: user }).outcome;
    expect(outcome.spawnError).toEqual({ code: 'EHELPER', message: 'sockgrade-exec: --jail: cannot take /nonexistent/sockgrade-lib: No such file or directory', path: report.execHelper });
    expect([outcome.exitCode, outcome.stdout.text]).toEqual([null, '']);
    expect(describeOutcome(outcome, 'your server')).toBe(
      "your server could not start: sockgrade's launch helper failed before it ran (sockgrade-exec: --jail: cannot take /nonexistent/sockgrade-lib: No such file or directory)",
    );
    expect(notStarted(outcome.spawnError as SpawnError, 'python3')).toEqual({
      status: 'errored',
      message: 'sockgrade could not start "python3": its launch helper failed before the program ran (sockgrade-exec: --jail: cannot take /nonexistent/sockgrade-lib: No such file or directory)',
      hint: "This is sockgrade's failure, not the student's, and it is not counted against them: run sockgrade doctor, then grade again.",
    });
    // A program that exits 125 with the helper's words is the program's own exit: its checks judge it.
    const spoof = await launch({ command: python, args: ['-c', 'import sys; print("sockgrade-exec: --jail: cannot take /x: No such file or directory", file=sys.stderr); sys.exit(125)'], cwd: scratch.dir, helperJail: helperJailArgs(spec, report), switchUser: user }).outcome;
    expect([spoof.spawnError, spoof.exitCode]).toEqual([undefined, 125]);
  });

  // Where sockgrade is not root, bwrap makes the jail and sockgrade-exec runs inside it: bwrap failing
  // before it, nothing comes on the status pipe, and the launch is sockgrade's failure too.
  test.runIf(report.trials.jail?.ok === true && report.execHelper !== null)("made by bwrap: a jail it cannot make is sockgrade's failure, never the student's", async () => {
    // As prepare-programs does: the helper is bound into bwrap's jail (it may live under a hidden /tmp).
    const withHelper = { ...spec, readOnlyBinds: [...(spec.readOnlyBinds ?? []), report.execHelper as string] };
    const broken = jailPrefix({ ...withHelper, readOnlyBinds: [...withHelper.readOnlyBinds, '/nonexistent/sockgrade-lib'] }, report);
    const user = report.canDropPrivileges ? { switchUser: { uid: UID, gid: UID } } : {};
    const outcome = await launch({ command: python, args: ['-c', 'print("ran")'], cwd: scratch.dir, wrapper: broken, ...user, limits: { cpuSeconds: 10 } }).outcome;
    expect(outcome.spawnError).toEqual({
      code: 'EHELPER',
      message: "bwrap failed before sockgrade-exec ran: bwrap: Can't find source path /nonexistent/sockgrade-lib: No such file or directory",
      path: report.tools.bwrap,
    });
    expect([outcome.exitCode, outcome.stdout.text]).toEqual([null, '']);
    expect(notStarted(outcome.spawnError as SpawnError, 'python3').status).toBe('errored');
    // The same jail made, the program's own exit 1 with bwrap's words is the program's.
    const own = await launch({
      command: python,
      args: ['-c', "import sys; print(\"bwrap: Can't find source path /x: No such file or directory\", file=sys.stderr); sys.exit(1)"],
      cwd: scratch.dir,
      wrapper: jailPrefix(withHelper, report),
      ...user,
      limits: { cpuSeconds: 10 },
    }).outcome;
    expect([own.spawnError, own.exitCode]).toEqual([undefined, 1]);
  });

  test.each(makers)('cost: one jail launch by %s (the jail, the switch to the uid, /bin/true), and python in a jail', async (maker) => {
    const bare: number[] = [];
    const py: number[] = [];
    for (let i = 0; i < 7; i++) bare.push((await runArgv([...jailed(maker), '/bin/true'])).ms);
    for (let i = 0; i < 3; i++) py.push((await runArgv([...jailed(maker), python, '-c', 'pass'])).ms);
    const plain: number[] = [];
    for (let i = 0; i < 3; i++) plain.push((await runArgv([python, '-c', 'pass'])).ms);
    console.log(`jail launch by ${maker}: median ${median(bare)} ms; python -c pass jailed ${median(py)} ms vs plain ${median(plain)} ms`);
    expect(median(bare)).toBeLessThan(2_000);
  });
});
