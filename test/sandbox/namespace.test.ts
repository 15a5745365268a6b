// namespacePrefix for real: only loopback inside, port 12000 (and a port the host holds) bindable
// inside, and nothing started inside outlives the command (PID namespace).

import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';
import getPort from 'get-port';
import { afterAll, describe, expect, test } from 'vitest';
import { detectIsolation } from '../../harness/sandbox/detect.js';
import { readFileSync, existsSync } from 'node:fs';
import { execHelper } from '../../harness/launch/exec-helper.js';
import { buildNamespacePrefix, namespacePrefix, WORKER_TCP_HASH_BUCKETS } from '../../harness/sandbox/namespace-command.js';
import type { IsolationReport, NamespaceKind } from '../../harness/sandbox/types.js';
import { killMarked, median, pidsWithMarker, runArgv } from './run.js';

const report = await detectIsolation();
// The kinds whose own trials worked here: both are exercised when both work.
const kinds: NamespaceKind[] = [];
if (report.trials.bwrap?.ok === true && report.namespace !== null) kinds.push('bwrap');
if (report.trials.pidns?.ok === true && report.tools.ip !== null && report.namespace !== null) kinds.push('unshare');

// `sleep <marker>`: unique on this machine, so strays can be found (and killed) by command line.
const MARKERS = { bwrap: '1007.25', unshare: '1007.75' } as const;
const ORPHAN_MARKERS = { bwrap: '1008.25', unshare: '1008.75' } as const;

afterAll(() => {
  for (const marker of [...Object.values(MARKERS), ...Object.values(ORPHAN_MARKERS)]) killMarked(`sleep ${marker}`);
});

async function until(condition: () => boolean, budgetMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + budgetMs;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  return condition();
}

function prefixFor(kind: NamespaceKind, r: IsolationReport): string[] {
  const prefix = buildNamespacePrefix(kind, r.tools, r.isRoot);
  if (prefix === undefined) throw new Error(`no ${kind} prefix`);
  return prefix;
}

test('this machine: a prefix exactly when a namespace can be made (else the free-port fallback)', () => {
  const prefix = namespacePrefix(report);
  if (report.namespace === null) {
    expect(prefix).toBeUndefined();
    expect(report.problems.join('\n')).toMatch(/no network namespace can be made here|has no Linux namespaces/);
  } else {
    expect(prefix).toEqual(prefixFor(report.namespace, report));
    expect(kinds).toContain(report.namespace);
  }
});

describe.each(kinds)('inside a %s namespace', (kind) => {
  const prefix = prefixFor(kind, report);

  // As root, on Linux 6.1+, with sockgrade-exec built, the prefix nests a namespace with a TCP hash of its
  // own (reading /proc/net/tcp walks the whole hash); elsewhere the machine's hash is kept.
  test.runIf(existsSync('/proc/sys/net/ipv4/tcp_ehash_entries'))('its TCP connection hash: its own where it can be, else the machine\'s', async () => {
    const own = report.isRoot && execHelper() !== null && existsSync('/proc/sys/net/ipv4/tcp_child_ehash_entries');
    const result = await runArgv([...prefix, 'cat', '/proc/sys/net/ipv4/tcp_ehash_entries']);
    expect(result.stderr).toBe('');
    // A namespace that shares the machine's hash shows its size negated.
    expect(result.stdout.trim()).toBe(own ? String(WORKER_TCP_HASH_BUCKETS) : `-${readFileSync('/proc/sys/net/ipv4/tcp_ehash_entries', 'utf8').trim()}`);
  });

  test('only loopback exists, up, with 127.0.0.1 and ::1', async () => {
    const ip = report.tools.ip ?? 'ip';
    const result = await runArgv([...prefix, ip, '-o', 'addr']);
    expect(result.stderr).toBe('');
    const lines = result.stdout.trim().split('\n').map((line) => line.split(/\s+/).slice(1, 4).join(' '));
    expect(lines).toEqual(['lo inet 127.0.0.1/8', 'lo inet6 ::1/128']);
  });

  test('0.0.0.0:12000 and a port the host namespace holds both bind inside (TCP and UDP)', async () => {
    const held = await getPort({ host: '0.0.0.0' });
    const tcp = net.createServer();
    const udp = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => tcp.listen(held, '0.0.0.0', resolve));
    await new Promise<void>((resolve) => udp.bind(held, '0.0.0.0', resolve));
    try {
      const script = `
        const net = require('net'), dgram = require('dgram');
        const bind = (port) => new Promise((ok, no) => {
          const t = net.createServer(); t.once('error', no);
          t.listen(port, '0.0.0.0', () => { const u = dgram.createSocket('udp4'); u.once('error', no); u.bind(port, '0.0.0.0', () => ok(port)); });
        });
        Promise.all([bind(12000), bind(${held})]).then((p) => { console.log('bound ' + p.join(' ')); process.exit(0); },
          (e) => { console.log('failed ' + e.code); process.exit(1); });`;
      const result = await runArgv([...prefix, process.execPath, '-e', script]);
      expect(result.stdout.trim()).toBe(`bound 12000 ${held}`);
    } finally {
      tcp.close();
      udp.close();
    }
  });

  test('a double-forked, setsid background process is gone once the command exits', async () => {
    const marker = MARKERS[kind];
    const shell = `pid=$(setsid /bin/sh -c 'sleep ${marker} </dev/null >/dev/null 2>&1 & echo $!'); kill -0 "$pid" && echo "alive $pid"`;
    const result = await runArgv([...prefix, '/bin/sh', '-c', shell]);
    expect(result.stdout).toMatch(/^alive \d+\n$/); // it was running inside, orphaned, in its own session
    expect(result.code).toBe(0);
    // The namespace's init is gone, so the kernel has killed everyone in it; give it a moment to be reaped.
    expect(await until(() => pidsWithMarker(`sleep ${marker}`).length === 0)).toBe(true);
  });

  test('the whole namespace dies with its parent (SIGKILLed parent)', async () => {
    const marker = ORPHAN_MARKERS[kind];
    const parent = spawn('/bin/sh', ['-c', '"$@" & wait', 'sh', ...prefix, 'sleep', marker], { stdio: 'ignore' });
    try {
      expect(await until(() => pidsWithMarker(`sleep ${marker}`, true).length > 0)).toBe(true); // the sleep itself
    } finally {
      parent.kill('SIGKILL');
    }
    expect(await until(() => pidsWithMarker(`sleep ${marker}`).length === 0)).toBe(true);
  });

  test('cost: starting a command in a fresh namespace', async () => {
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const result = await runArgv([...prefix, '/bin/true']);
      expect(result.code).toBe(0);
      times.push(result.ms);
    }
    console.log(`${kind}: start /bin/true in fresh net+pid+mount namespaces: median ${median(times)} ms (of ${times.map((t) => t.toFixed(1)).join(', ')})`);
    expect(median(times)).toBeLessThan(2_000);
  });
});
