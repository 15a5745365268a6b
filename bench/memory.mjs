#!/usr/bin/env node
// `npm run bench:memory`: how much memory the `sockgrade grade` CLI process itself needs as the
// class grows. Generates classes of N submissions (correct and faulty Python programs from
// fixtures/programs/, one folder per student) and grades each with
//   node bin/sockgrade.js grade <assignment> <class> -o <fresh dir> --jobs J
// while sampling, every 100 ms, /proc/<pid>/status of the CLI process (VmRSS, VmHWM) and, apart,
// the summed RSS of its descendants (grading workers, bwrap, the students' programs). The CLI also
// reports, at its exit, its own peak RSS (getrusage ru_maxrss, children excluded) and the peak of its
// V8 heap (sampled every 50 ms), through a small preload (`node --import`), so a peak in the last
// 100 ms before exit is not missed.
// With --resume-to M (comma-separated), the largest class's submissions and stored results are then
// copied to classes of M students (each copy renamed: s0001-2, …; same files, so the same hashes) and
// graded again: every entry is kept, nothing runs, and what is measured is the resume (reading the
// stored entries) and the rewriting of the class files, at sizes that would take hours to grade.
// Options: --n 100,1000 (class sizes, comma-separated; default 1000), --jobs J (default: the CPUs),
// --assignment A (default udp-uppercase), --cli FILE (the sockgrade.js to run, default
// bin/sockgrade.js: e.g. a copy of an older build, to compare), --json FILE (raw figures),
// --keep (leave the classes and results in the temp folder). Method and figures: docs/benchmarks.md.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { processTree } from './proc-tree.mjs';
import { stopOnSignal, track } from './stop-on-signal.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PROGRAMS = path.join(ROOT, 'fixtures', 'programs');
const args = Object.fromEntries(
  process.argv.slice(2).flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : 'true']] : [])),
);
const SIZES = String(args.n ?? '1000').split(',').map(Number);
const JOBS = Number(args.jobs ?? availableParallelism());
const ASSIGNMENT = args.assignment ?? 'udp-uppercase';
const CLI = path.resolve(args.cli ?? path.join(ROOT, 'bin', 'sockgrade.js'));
const RESUME_TO = args['resume-to'] ? String(args['resume-to']).split(',').map(Number) : [];
if (SIZES.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--n: expected class sizes like 100,1000, got ${args.n}`);
if (RESUME_TO.some((m) => !Number.isInteger(m) || m < Math.max(...SIZES))) throw new Error(`--resume-to: expected class sizes of at least the largest --n, got ${args['resume-to']}`);

// Cycled through: 3 correct pairs in different styles, 3 faulty ones whose faults end quickly (no
// timeouts), so that results carry failures, messages and transcripts of both kinds.
const MODELS = [
  ['textbook/UDPServer.py', 'textbook/UDPClient.py'],
  ['faulty/udp-server-bind-typo.py', 'textbook/UDPClient.py'],
  ['styles/udp-server.py', 'styles/udp-client.py'],
  ['textbook/UDPServer.py', 'faulty/udp-client-prints-bytes.py'],
  ['styles/udp-server-binds-127.py', 'styles/udp-client-no-prompt.py'],
  ['faulty/udp-server-does-not-uppercase.py', 'textbook/UDPClient.py'],
];

function makeClass(base, n) {
  const dir = path.join(base, `class-${n}`);
  for (let i = 0; i < n; i++) {
    const [server, client] = MODELS[i % MODELS.length];
    const sub = path.join(dir, `s${String(i + 1).padStart(4, '0')}`);
    mkdirSync(sub, { recursive: true });
    copyFileSync(path.join(PROGRAMS, server), path.join(sub, 'UDPServer.py'));
    copyFileSync(path.join(PROGRAMS, client), path.join(sub, 'UDPClient.py'));
  }
  return dir;
}

/** Copies class `dir` and its results `out` (n students) into a class and results of m students (copies renamed `<student>-<k>`). */
function cloneClass(dir, out, n, m, base) {
  const bigDir = path.join(base, `class-${m}-copy`);
  const bigOut = path.join(base, `results-${m}-copy`);
  const students = readdirSync(dir).sort();
  for (let i = 0; i < m; i++) {
    const orig = students[i % n];
    const name = i < n ? orig : `${orig}-${Math.floor(i / n) + 1}`;
    mkdirSync(path.join(bigDir, name), { recursive: true });
    for (const f of readdirSync(path.join(dir, orig))) copyFileSync(path.join(dir, orig, f), path.join(bigDir, name, f));
    mkdirSync(path.join(bigOut, name), { recursive: true });
    const entry = JSON.parse(readFileSync(path.join(out, orig, 'entry.json'), 'utf8'));
    const renamed = JSON.parse(JSON.stringify(entry).replaceAll(`"${orig}/`, `"${name}/`).replaceAll(`"${orig}"`, `"${name}"`));
    writeFileSync(path.join(bigOut, name, 'entry.json'), `${JSON.stringify(renamed, null, 2)}\n`);
    writeFileSync(path.join(bigOut, name, 'result.json'), readFileSync(path.join(out, orig, 'result.json'), 'utf8').replaceAll(`"${orig}/`, `"${name}/`));
    copyFileSync(path.join(out, orig, 'feedback.md'), path.join(bigOut, name, 'feedback.md'));
  }
  return { dir: bigDir, out: bigOut };
}

// Loaded into the CLI process only (workers are started with their own arguments, without it).
const PRELOAD = `
import { writeFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
let heapPeak = 0;
const sample = () => { heapPeak = Math.max(heapPeak, getHeapStatistics().used_heap_size); };
setInterval(sample, 50).unref();
process.on('exit', () => {
  sample();
  writeFileSync(process.env.SOCKGRADE_BENCH_MEMORY_OUT, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, heapPeak }));
});
`;

function statusKiB(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
    return { rss: field('VmRSS'), hwm: field('VmHWM') };
  } catch {
    return undefined;
  }
}

/** Summed VmRSS (KiB) of the descendants of `root` (not `root` itself), from /proc. */
function descendantsRssKiB(root) {
  const tree = processTree(root);
  tree.delete(root);
  let kib = 0;
  for (const pid of tree) kib += statusKiB(pid)?.rss ?? 0;
  return kib;
}

function grade(dir, out, preload, report) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // In a process group of its own, so that a stopped bench stops it (stop-on-signal.mjs).
    const child = track(
      spawn(process.execPath, ['--import', pathToFileURL(preload).href, CLI, 'grade', ASSIGNMENT, dir, '-o', out, '--jobs', String(JOBS)], {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, SOCKGRADE_BENCH_MEMORY_OUT: report },
        detached: true,
      }),
    );
    let stderr = '';
    let cli = { rss: 0, hwm: 0 };
    let others = 0;
    let ticks = 0;
    const timer = setInterval(() => {
      const s = statusKiB(child.pid);
      if (s) cli = { rss: Math.max(cli.rss, s.rss), hwm: Math.max(cli.hwm, s.hwm) };
      if (ticks++ % 5 === 0) others = Math.max(others, descendantsRssKiB(child.pid)); // the /proc walk every 500 ms
    }, 100);
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-20_000)));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ code, ms: performance.now() - started, stderr, sampled: cli, othersKiB: others });
    });
  });
}

async function main() {
  const base = mkdtempSync(path.join(tmpdir(), 'sockgrade-bench-memory-'));
  stopOnSignal(() => {
    if (args.keep) return `classes and results kept in ${base}`;
    rmSync(base, { recursive: true, force: true });
    return `its temp folder ${base} removed`;
  }, 'bench:memory');
  const preload = path.join(base, 'preload.mjs');
  writeFileSync(preload, PRELOAD);
  console.log(`sockgrade bench:memory: ${ASSIGNMENT}, classes of ${SIZES.join(', ')}${RESUME_TO.length ? ` (then resumed at ${RESUME_TO.join(', ')})` : ''}; --jobs ${JOBS}; ${cpus().length} × ${cpus()[0]?.model ?? '?'}; node ${process.version}; cli ${path.relative(ROOT, CLI) || CLI}`);
  const rows = [];
  const measure = async (n, dir, out, kind) => {
    const report = path.join(base, `memory-${n}-${kind}.json`);
    const before = loadavg()[0];
    process.stderr.write(`  ${kind === 'graded' ? 'grading' : 'resuming (all kept)'} ${n} submissions (load average ${before.toFixed(2)})…\n`);
    const r = await grade(dir, out, preload, report);
    if (r.code !== 0) throw new Error(`sockgrade grade exited ${r.code}:\n${r.stderr}`);
    if (kind === 'resumed' && !r.stderr.includes(`0 graded, ${n} kept`)) throw new Error(`expected every entry to be kept:\n${r.stderr.slice(-2000)}`);
    const exit = JSON.parse(readFileSync(report, 'utf8'));
    const size = (f) => statSync(path.join(out, f)).size;
    const lines = readFileSync(path.join(out, 'results.jsonl'), 'utf8').split('\n').filter(Boolean).length;
    if (lines !== n) throw new Error(`results.jsonl has ${lines} entries, expected ${n}`);
    rows.push({
      n,
      kind,
      seconds: r.ms / 1000,
      loadBefore: before,
      loadAfter: loadavg()[0],
      cliMaxRssMiB: exit.maxRssKiB / 1024,
      cliHwmSampledMiB: r.sampled.hwm / 1024,
      cliRssSampledMiB: r.sampled.rss / 1024,
      cliHeapPeakMiB: exit.heapPeak / 2 ** 20,
      othersPeakMiB: r.othersKiB / 1024,
      resultsJsonlMiB: size('results.jsonl') / 2 ** 20,
      reportHtmlMiB: size('report.html') / 2 ** 20,
    });
  };
  const largest = Math.max(...SIZES);
  for (const n of SIZES) {
    const dir = makeClass(base, n);
    const out = path.join(base, `results-${n}`);
    await measure(n, dir, out, 'graded');
    if (n === largest && RESUME_TO.length > 0) {
      for (const m of RESUME_TO) {
        const big = cloneClass(dir, out, n, m, base);
        await measure(m, big.dir, big.out, 'resumed');
        if (!args.keep) rmSync(big.dir, { recursive: true, force: true }), rmSync(big.out, { recursive: true, force: true });
      }
    }
    if (!args.keep) rmSync(dir, { recursive: true, force: true }), rmSync(out, { recursive: true, force: true });
  }
  const f = (x, d = 0) => x.toFixed(d);
  console.log('\nsubmissions         | wall      | load (1 min) before → after | CLI peak RSS (ru_maxrss) | CLI VmHWM / VmRSS peak (sampled) | CLI V8 heap peak | workers + students peak RSS (sum) | results.jsonl | report.html');
  for (const r of rows) {
    console.log(
      `${`${r.n} ${r.kind}`.padEnd(19)} | ${`${f(r.seconds, 1)} s`.padEnd(9)} | ${`${f(r.loadBefore, 2)} → ${f(r.loadAfter, 2)}`.padEnd(27)} | ${`${f(r.cliMaxRssMiB)} MiB`.padEnd(24)} | ${`${f(r.cliHwmSampledMiB)} / ${f(r.cliRssSampledMiB)} MiB`.padEnd(32)} | ${`${f(r.cliHeapPeakMiB)} MiB`.padEnd(16)} | ${`${f(r.othersPeakMiB)} MiB`.padEnd(33)} | ${`${f(r.resultsJsonlMiB, 1)} MiB`.padEnd(13)} | ${f(r.reportHtmlMiB, 1)} MiB`,
    );
  }
  if (args.json) {
    writeFileSync(args.json, JSON.stringify({ assignment: ASSIGNMENT, jobs: JOBS, cli: CLI, rows }, null, 1));
    console.log(`\nraw figures: ${args.json}`);
  }
  if (args.keep) console.log(`\nclasses and results kept in ${base}`);
  else rmSync(base, { recursive: true, force: true });
}

await main();
