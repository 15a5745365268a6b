// jailPrefix for real: a jailed python (as an unprivileged uid when root) inside a grading namespace.

import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { detectIsolation } from '../../harness/sandbox/detect.js';
import { jailPrefix, locateInterpreter, type JailSpec } from '../../harness/sandbox/jail.js';
import { switchUserArgv } from '../../harness/launch/plan.js';
import { buildNamespacePrefix, namespacePrefix } from '../../harness/sandbox/namespace-command.js';
import type { NamespaceKind } from '../../harness/sandbox/types.js';
import { makeScratch, type Scratch } from '../../harness/sandbox/scratch.js';
import { median, runArgv } from './run.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const report = await detectIsolation();
const UID = 65534;
const uid = report.canDropPrivileges ? UID : undefined;
const kinds: NamespaceKind[] = [];
if (report.namespace !== null && report.trials.bwrap?.ok === true) kinds.push('bwrap');
if (report.namespace !== null && report.trials.pidns?.ok === true && report.tools.ip !== null) kinds.push('unshare');

let work: string;
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
  scratch = await makeScratch(join(work, 'submissions', 'alice'), uid === undefined ? {} : { uid });
  const interpreter = await locateInterpreter('python3');
  python = interpreter.executable;
  spec = {
    scratch: scratch.dir,
    hide: [join(work, 'submissions'), join(work, 'hidden')],
    uid,
    readOnlyBinds: interpreter.binds,
  };
});

afterAll(async () => {
  await scratch?.dispose();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
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
}
print(json.dumps(out))
`;

function probe(): string {
  const constants = `REPO=${JSON.stringify(repo)}\nHIDDEN=${JSON.stringify(join(work, 'hidden'))}\nSUBMISSIONS=${JSON.stringify(join(work, 'submissions'))}\n`;
  return constants + PROBE;
}

/** The jail and, when a uid is given, the launcher's switch to it: what a jailed student program runs under. */
function jailed(): string[] {
  return [...jailPrefix(spec, report), ...(spec.uid !== undefined ? switchUserArgv({ uid: spec.uid, gid: spec.uid }) : [])];
}

test('this machine: a jail exactly when bubblewrap works (else jailPrefix refuses, saying why)', () => {
  expect(report.canJail).toBe(report.trials.jail?.ok === true);
  expect(kinds.length > 0).toBe(report.namespace !== null);
  if (report.canJail) {
    expect(jailPrefix(spec, report).slice(0, 2)).toEqual([report.tools.bwrap, '--die-with-parent']);
  } else {
    expect(() => jailPrefix(spec, report)).toThrow(/no filesystem jail on this machine/);
    expect(report.problems.length).toBeGreaterThan(0);
  }
});

describe.runIf(report.canJail)('a jailed python', () => {
  test('leaves the switch to the uid to the launcher (and refuses a uid when not root)', async () => {
    if (!report.canDropPrivileges) expect(() => jailPrefix({ ...spec, uid: UID }, report)).toThrow(/cannot run student programs as uid 65534/);
    expect(jailPrefix(spec, report).at(-1)).toBe('--');
    expect(jailPrefix(spec, report).filter((arg) => arg === '--')).toHaveLength(1);
    expect(jailPrefix(spec, report)).not.toContain('--new-session');
  });

  test('sees its scratch, writes only there, cannot see hidden paths, /etc/shadow, or leak into /tmp', async () => {
    const ns = namespacePrefix(report) ?? [];
    const result = await runArgv([...ns, ...jailed(), python, '-c', probe()]);
    expect(result.stderr).toBe('');
    const seen = JSON.parse(result.stdout) as Record<string, unknown>;
    const denied = uid === undefined ? 'errno Read-only file system' : expect.stringMatching(/^errno (Read-only file system|Permission denied)$/);
    expect(seen).toEqual({
      uid: uid ?? process.getuid?.(),
      gid: uid ?? process.getgid?.(),
      groups: uid === undefined ? expect.any(Array) : [],
      cwd: scratch.dir,
      listdir: ['hello.txt'],
      hello: 'hello from alice\n',
      writeScratch: 'ok',
      writeRoot: denied,
      writeRepo: denied,
      hiddenDir: [],
      secret: 'errno No such file or directory',
      otherSubmission: 'errno No such file or directory',
      shadow: uid === undefined ? 'readable' : 'errno Permission denied',
      writeTmp: 'ok',
    });
    expect(await readFile(join(scratch.dir, 'written.txt'), 'utf8')).toBe('x');
    expect(existsSync('/tmp/sockgrade-jail-marker')).toBe(false);
    expect(existsSync('/sockgrade-jail-test')).toBe(false);
    expect(existsSync(join(repo, 'sockgrade-jail-test'))).toBe(false);
    expect(await readdir(join(work, 'hidden'))).toEqual(['secret.txt']); // hidden inside only
  });

  // Inside each kind of grading namespace this machine can make (none: the fallback is asserted above).
  test.each(kinds)('inside a %s namespace, a jailed UDP server on 12000 answers a client there, in the launcher\'s process group', async (kind) => {
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
    const argv = [...jailed(), python, '-c', server];
    const ns = buildNamespacePrefix(kind, report.tools, report.isRoot) ?? [];
    const result = await runArgv([...ns, process.execPath, join(here, 'udp-worker.mjs')], { env: { JAILED_ARGV: JSON.stringify(argv) } });
    const seen = JSON.parse(result.stdout) as { leader: number; pgrp: number; pid: number; uid: number; reply: string; from: string };
    expect(seen).toMatchObject({ reply: 'HELLO FROM THE WORKER', from: '127.0.0.1:12000', uid: uid ?? process.getuid?.() });
    expect(seen.pgrp).toBe(seen.leader); // no new session: the student stays in the group the launcher made
    expect(seen.pid).not.toBe(seen.leader); // bwrap stays as the group's leader, the program is its child
  });

  test('cost: one jail launch (bwrap, the switch to the uid, /bin/true), and python in a jail', async () => {
    const bare: number[] = [];
    const py: number[] = [];
    for (let i = 0; i < 7; i++) bare.push((await runArgv([...jailed(), '/bin/true'])).ms);
    for (let i = 0; i < 3; i++) py.push((await runArgv([...jailed(), python, '-c', 'pass'])).ms);
    const plain: number[] = [];
    for (let i = 0; i < 3; i++) plain.push((await runArgv([python, '-c', 'pass'])).ms);
    console.log(`jail launch: median ${median(bare)} ms; python -c pass jailed ${median(py)} ms vs plain ${median(plain)} ms`);
    expect(median(bare)).toBeLessThan(2_000);
  });
});
