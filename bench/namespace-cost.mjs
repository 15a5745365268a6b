// Measures what isolation costs per submission: a fresh network + PID namespace (with loopback up),
// one jailed launch, and the grading worker's start. Run: node bench/namespace-cost.mjs (after npm run build).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { detectIsolation, namespacePrefix, jailPrefix } from '../dist/harness/sandbox/index.js';
import { buildNamespacePrefix } from '../dist/harness/sandbox/namespace-command.js';
import { switchUserArgv } from '../dist/harness/launch/plan.js';

const RUNS = Number(process.env.RUNS ?? 40);
const report = await detectIsolation();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time(argv) {
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    execFileSync(argv[0], argv.slice(1), { stdio: 'ignore' });
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}
const row = (label, ms, base) => console.log(`${label.padEnd(66)} ${ms.toFixed(1).padStart(7)} ms${base === undefined ? '' : `   (+${(ms - base).toFixed(1)} ms)`}`);

console.log(`median of ${RUNS} runs each, ${report.isRoot ? 'as root' : 'unprivileged'}, namespace kind: ${report.namespace ?? 'none'}\n`);
const base = time(['/bin/true']);
row('/bin/true', base);
for (const kind of ['bwrap', 'unshare']) {
  const prefix = buildNamespacePrefix(kind, report.tools, report.isRoot);
  if (prefix) row(`/bin/true in a fresh net+pid namespace (${kind}), loopback up`, time([...prefix, '/bin/true']), base);
}
if (report.canJail) {
  const jail = jailPrefix({ scratch: '/tmp', hide: [], ...(report.canDropPrivileges ? { uid: 61999 } : {}) }, report);
  const user = report.canDropPrivileges ? switchUserArgv({ uid: 61999, gid: 61999 }) : [];
  row(`/bin/true in a jail (bwrap${user.length ? `, then ${path.basename(user[0])}` : ''})`, time([...jail, ...user, '/bin/true']), base);
}
const node = time([process.execPath, '-e', '0']);
row('node -e 0 (a bare worker process)', node);
row('node importing the grading worker modules', time([process.execPath, '--input-type=module', '-e', "await import('./dist/harness/runner.js')"]), node);
const prefix = namespacePrefix(report);
if (prefix) row('the same, in a fresh namespace (what one isolated grading adds)', time([...prefix, process.execPath, '--input-type=module', '-e', "await import('./dist/harness/runner.js')"]), base);
