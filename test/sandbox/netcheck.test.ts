// sockgrade-netcheck (native/sockgrade-netcheck.c), the probe's loopback trial: it passes only inside
// a namespace where loopback is up and is the only interface, and says what it saw otherwise.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { nativeProgram } from '../../harness/native-programs.js';
import { detectIsolation } from '../../harness/sandbox/detect.js';
import { buildNamespacePrefix } from '../../harness/sandbox/namespace-command.js';

const netcheck = nativeProgram('sockgrade-netcheck');
const report = await detectIsolation();

describe('the loopback trial', () => {
  it('is sockgrade-netcheck when built, else the Node script', () => {
    if (report.trials.loopback === null) return; // no namespace to try it in
    expect(report.trials.loopback.argv.at(-1)).toBe(netcheck ?? expect.stringContaining("require('os')"));
  });

  it.runIf(netcheck !== null && report.platform === 'linux')('fails on the machine\'s own network, naming the other interfaces', () => {
    const run = spawnSync(netcheck as string, { encoding: 'utf8' });
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/^interfaces inside: lo, \S/);
  });

  it.runIf(netcheck !== null && report.trials.netns?.ok === true)('fails in a network namespace whose loopback is down', () => {
    const unshare = [report.tools.unshare as string, ...(report.isRoot ? [] : ['--user', '--map-root-user']), '--net'];
    const run = spawnSync(unshare[0] as string, [...unshare.slice(1), netcheck as string], { encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 3, stderr: 'interfaces inside: none (lo is down)\n' });
  });

  it.runIf(netcheck !== null && report.namespace !== null)('passes in a grading namespace, and fails when 12000 is taken there', () => {
    const prefix = buildNamespacePrefix(report.namespace ?? 'bwrap', report.tools, report.isRoot) ?? [];
    const ok = spawnSync(prefix[0] as string, [...prefix.slice(1), netcheck as string], { encoding: 'utf8' });
    expect({ status: ok.status, stderr: ok.stderr }).toEqual({ status: 0, stderr: '' });
    // Node holds a UDP socket on 127.0.0.1:12000 in the namespace while the check runs there.
    const holdThenCheck = `const s = require('dgram').createSocket('udp4'); s.bind(12000, '127.0.0.1', () => { const r = require('child_process').spawnSync(${JSON.stringify(netcheck)}, { encoding: 'utf8' }); process.stdout.write(JSON.stringify({ status: r.status, stderr: r.stderr })); s.close(); });`;
    const taken = spawnSync(prefix[0] as string, [...prefix.slice(1), process.execPath, '-e', holdThenCheck], { encoding: 'utf8' });
    expect(JSON.parse(taken.stdout)).toEqual({ status: 4, stderr: 'UDP bind 127.0.0.1:12000 failed: Address already in use\n' });
  });
});
