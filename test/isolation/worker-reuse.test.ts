// A class is graded by workers that take one submission after another in the same namespaces, but
// only while those are as fresh as new ones: what one student leaves behind never reaches the next.
import { describe, expect, it } from 'vitest';
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cli, PROGRAMS, TEST_SANDBOX } from '../e2e/grade.js';
import { scores } from '../batch/cli.js';
import { workersStarted } from '../../harness/worker/run-in-worker.js';
import { detectIsolation } from '../../harness/sandbox/detect.js';
import { leftBehind } from './tagged.js';
import type { Result } from '../../harness/result/types.js';

const namespaced = TEST_SANDBOX !== 'none';
// Namespaces are kept between gradings only where student programs are jailed as another user (root here).
const report = namespaced ? await detectIsolation() : undefined;
const reusable = report !== undefined && report.canJail && report.canDropPrivileges;

/** A class folder: student → { file name in the submission: fixture program }. */
async function makeClass(students: Record<string, Record<string, string>>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'sockgrade-reuse-'));
  for (const [student, files] of Object.entries(students)) {
    await mkdir(path.join(root, 'class', student), { recursive: true });
    for (const [name, program] of Object.entries(files)) await copyFile(path.join(PROGRAMS, program), path.join(root, 'class', student, name));
  }
  return root;
}

/** Grades the class one at a time (so that the order is the students' order); returns the scores and how many workers it started. */
async function gradeClass(assignment: string, root: string, jobs = 1): Promise<{ scores: Record<string, string>; workers: number; retired: string[] }> {
  const before = workersStarted();
  const out = path.join(root, 'out');
  // Why workers retired (SOCKGRADE_DEBUG_WORKERS), to say what happened when a count is off.
  const retired: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.env.SOCKGRADE_DEBUG_WORKERS = '1';
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) =>
    String(chunk).startsWith('worker retired: ') ? retired.push(String(chunk).trim()) > 0 : write(chunk, ...rest)) as typeof process.stderr.write;
  try {
    const run = await cli(['grade', assignment, path.join(root, 'class'), '-o', out, '--jobs', String(jobs)]);
    expect(run.code, run.stderr).toBe(0);
  } finally {
    process.stderr.write = write;
    delete process.env.SOCKGRADE_DEBUG_WORKERS;
  }
  return { scores: await scores(out), workers: workersStarted() - before, retired };
}

/** This process's children that run the grading worker (directly, or under their namespace prefix). */
function workerChildren(): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z' || Number(ppid) !== process.pid) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('worker-main.js')) found.push(Number(entry));
    } catch {
      // vanished
    }
  }
  return found;
}

const tcpPair = { 'TCPServer.py': 'textbook/TCPServer.py', 'TCPClient.py': 'textbook/TCPClient.py' };
const udpPair = { 'UDPServer.py': 'textbook/UDPServer.py', 'UDPClient.py': 'textbook/UDPClient.py' };

describe('workers kept between gradings', () => {
  it('grades a class of TCP pairs one after another in one worker (the TIME_WAITs each client run leaves do not matter)', async () => {
    const root = await makeClass({ a: tcpPair, b: tcpPair, c: tcpPair });
    const graded = await gradeClass('tcp-uppercase', root);
    expect(graded.scores).toEqual({ a: '19/19.5', b: '19/19.5', c: '19/19.5' });
    expect(graded.workers, graded.retired.join('\n')).toBe(!namespaced ? 0 : reusable ? 1 : 3);
  });

  it('keeps one worker per job: four UDP pairs at --jobs 2 take two', async () => {
    const root = await makeClass({ a: udpPair, b: udpPair, c: udpPair, d: udpPair });
    const graded = await gradeClass('udp-uppercase', root, 2);
    expect(graded.scores).toEqual({ a: '20/20', b: '20/20', c: '20/20', d: '20/20' });
    expect(graded.workers, graded.retired.join('\n')).toBe(!namespaced ? 0 : reusable ? 2 : 4);
  });

  it('ends a daemon the last student left before the next grading, and the next student is not charged', async () => {
    const root = await makeClass({ a: { 'UDPServer.py': 'hostile/server-double-fork-daemon.py' }, b: udpPair });
    const graded = await gradeClass('udp-uppercase', root);
    expect(graded.scores).toEqual({ a: '12/20', b: '20/20' });
    const a = JSON.parse(await readFile(path.join(root, 'out', 'a', 'result.json'), 'utf8')) as Result;
    expect(leftBehind(a)).toEqual([]);
    expect(graded.workers, graded.retired.join('\n')).toBe(!namespaced ? 0 : reusable ? 1 : 2);
  });

  // Registered only in namespaces: on the machine's own network the TIME_WAIT it leaves would hold port
  // 12000 for 60 s, and there is no worker to keep.
  if (namespaced) it('starts fresh namespaces after a student leaves a TIME_WAIT on the assignment port, so the next textbook server can bind', async () => {
    const root = await makeClass({ a: { 'TCPServer.py': 'hostile/tcp-server-leaves-time-wait.py' }, b: tcpPair, c: tcpPair });
    const graded = await gradeClass('tcp-uppercase', root);
    expect(graded.scores).toEqual({ a: '11/19.5', b: '19/19.5', c: '19/19.5' });
    // a's worker retires; b's fresh one is clean again after b (its client's TIME_WAITs are on ephemeral ports) and grades c.
    expect(graded.workers, graded.retired.join('\n')).toBe(reusable ? 2 : 3);
  });

  // The same over IPv6, while the client runs' own TIME_WAITs are IPv4 ones: the IPv6 table is still looked at.
  if (namespaced) it('starts fresh namespaces after a student leaves an IPv6 TIME_WAIT on the assignment port among IPv4 ones', async () => {
    const root = await makeClass({ a: { 'TCPServer.py': 'hostile/tcp-server-leaves-time-wait-ipv6.py', 'TCPClient.py': 'textbook/TCPClient.py' }, b: tcpPair, c: tcpPair });
    const graded = await gradeClass('tcp-uppercase', root);
    expect(graded.scores).toEqual({ a: '19/19.5', b: '19/19.5', c: '19/19.5' });
    expect(graded.workers, graded.retired.join('\n')).toBe(reusable ? 2 : 3);
    if (reusable) expect(graded.retired).toEqual([expect.stringMatching(/^worker retired: 1 tcp6 socket\(s\) left in the namespace: \S+ [0-9A-F]{32}:2EE0 [0-9A-F]{32}:[0-9A-F]{4} 06 /)]);
  });

  // Registered only in namespaces: on the machine itself the queue would outlive the test (see the fixture).
  if (namespaced) it('starts fresh namespaces after a student leaves a POSIX message queue, so the next one cannot read it', async () => {
    const root = await makeClass({ a: { 'UDPServer.py': 'hostile/udp-server-leaves-mqueue.py', 'UDPClient.py': 'textbook/UDPClient.py' }, b: udpPair, c: udpPair });
    const graded = await gradeClass('udp-uppercase', root);
    expect(graded.scores).toEqual({ a: '20/20', b: '20/20', c: '20/20' });
    // a's worker retires for its queue; b's fresh one is clean again after b and grades c.
    expect(graded.workers, graded.retired.join('\n')).toBe(reusable ? 2 : 3);
    if (reusable) expect(graded.retired).toEqual(['worker retired: 1 POSIX message queue(s) left: sockgrade-left-behind']);
  });

  // Workers start while the machine is probed and the assignment loads: nothing may be left of them
  // when it turns out there is nothing to grade, or the command fails.
  it('ends the workers started ahead when every submission is kept from the last run', async () => {
    const root = await makeClass({ a: udpPair });
    expect((await gradeClass('udp-uppercase', root, 2)).scores).toEqual({ a: '20/20' });
    const again = await cli(['grade', 'udp-uppercase', path.join(root, 'class'), '-o', path.join(root, 'out'), '--jobs', '2']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('sockgrade: grading 0 submissions (1 unchanged since the last run, kept), 2 at a time');
    expect(workerChildren()).toEqual([]);
  });

  it('ends the workers started ahead when the assignment file is bad (exit 2)', async () => {
    const root = await makeClass({ a: udpPair });
    const bad = path.join(root, 'bad.yaml');
    await writeFile(bad, 'schema: sockgrade/assignment@1\nid: Mine\n');
    const before = workersStarted();
    const run = await cli(['grade', bad, path.join(root, 'class'), '-o', path.join(root, 'out'), '--jobs', '2']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('id: expected a kebab-case id such as "udp-uppercase", got "Mine"');
    expect(workersStarted() - before).toBe(namespaced && report?.namespace === 'bwrap' ? 2 : 0);
    expect(workerChildren()).toEqual([]);
  });
});
