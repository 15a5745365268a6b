#!/usr/bin/env node
// `npm run bench`: how close `sockgrade grade` gets to the cost of the student programs themselves.
// Generates a class (correct and faulty Python submissions, udp-uppercase and tcp-uppercase) and
// grades it, in one run and at the same concurrency, with:
//   sockgrade — `node bin/sockgrade.js grade <assignment> <class> -o <dir> --jobs J` (needs `npm run build`);
//   floor     — bench/floor.py --mode floor: the same programs and exchanges, no harness;
//   naive     — bench/floor.py --mode naive: start the server, sleep 1 s, exchange, kill.
// Each round runs sockgrade and the floor back to back on every class (which of the two goes first
// alternates), so that each ratio compares two runs a second apart; the naive grader (~10 s a class)
// runs after them in the first rounds only.
// A larger class of correct submissions (--large, 4×N) is graded by sockgrade and the floor in the
// first rounds too, so that each grader's wall time splits into a fixed cost per command and a cost
// per submission (a class of N pays the first as much as one of 4N does).
// The naive grader also grades the classes of N correct submissions one at a time, as the scripts
// instructors write today do (they use the textbook's fixed port 12000, so two servers cannot run at
// once), in the first --serial-naive-repeats rounds. The output ends with the issue's targets, each
// with the figure it is judged on.
// Options: --n N (correct submissions per assignment, default 10), --repeats R (rounds, default 9),
// --naive-repeats K (rounds with the naive grader, default 3), --serial-naive-repeats K (rounds with
// the naive grader one at a time, default 1; 0: none), --large L (the larger class, default 4×N; 0:
// none), --large-repeats K (its rounds, default 5: the targets are judged on it), --jobs J (default:
// the CPUs), --json FILE (raw figures). Method and figures: docs/benchmarks.md.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { processTree } from './proc-tree.mjs';
import { stopOnSignal, track } from './stop-on-signal.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PROGRAMS = path.join(ROOT, 'fixtures', 'programs');
const args = Object.fromEntries(
  process.argv.slice(2).flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : 'true']] : [])),
);
const N = Number(args.n ?? 10);
const REPEATS = Number(args.repeats ?? 9);
const NAIVE_REPEATS = Math.min(REPEATS, Number(args['naive-repeats'] ?? 3));
const SERIAL_NAIVE_REPEATS = Math.min(REPEATS, Number(args['serial-naive-repeats'] ?? 1));
const LARGE = Number(args.large ?? 4 * N);
const LARGE_REPEATS = Math.min(REPEATS, Number(args['large-repeats'] ?? 5));
/** Whether there is a larger class to grade (and so the fixed/per-submission split, and the targets judged on it). */
const WITH_LARGE = LARGE > N && LARGE_REPEATS > 0;
const JOBS = Number(args.jobs ?? availableParallelism());

// The class: correct submissions in three styles, and faulty ones whose faults end quickly (no timeouts).
const CLASSES = {
  udp: {
    assignment: 'udp-uppercase',
    correct: [
      ['textbook/UDPServer.py', 'textbook/UDPClient.py'],
      ['styles/udp-server.py', 'styles/udp-client.py'],
      ['styles/udp-server-binds-127.py', 'styles/udp-client-no-prompt.py'],
    ],
    faulty: [
      ['faulty/udp-server-bind-typo.py', 'textbook/UDPClient.py'],
      ['textbook/UDPServer.py', 'faulty/udp-client-prints-bytes.py'],
      ['faulty/udp-server-does-not-uppercase.py', 'textbook/UDPClient.py'],
    ],
  },
  tcp: {
    assignment: 'tcp-uppercase',
    correct: [
      ['textbook/TCPServer.py', 'textbook/TCPClient.py'],
      ['styles/tcp-server.py', 'styles/tcp-client.py'],
      ['styles/tcp-server-sendall.py', 'styles/tcp-client-sendall.py'],
    ],
    faulty: [
      ['faulty/tcp-server-bind-typo.py', 'textbook/TCPClient.py'],
      ['textbook/TCPServer.py', 'faulty/tcp-client-prints-bytes.py'],
      ['faulty/tcp-server-does-not-uppercase.py', 'textbook/TCPClient.py'],
    ],
  },
};

function makeClass(base, transport, kind, count) {
  const dir = path.join(base, `${transport}-${kind}-${count}`);
  const models = CLASSES[transport][kind];
  const T = transport.toUpperCase();
  for (let i = 0; i < count; i++) {
    const [server, client] = models[i % models.length];
    const sub = path.join(dir, `${kind}${String(i + 1).padStart(3, '0')}-${path.basename(server, '.py')}--${path.basename(client, '.py')}`);
    mkdirSync(sub, { recursive: true });
    copyFileSync(path.join(PROGRAMS, server), path.join(sub, `${T}Server.py`));
    copyFileSync(path.join(PROGRAMS, client), path.join(sub, `${T}Client.py`));
  }
  return dir;
}

/** Sum of VmRSS (bytes) of `root` and all its descendants, from /proc. */
function treeRss(root) {
  let rss = 0;
  for (const pid of processTree(root)) {
    try {
      rss += Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
    } catch {}
  }
  return rss;
}

/** Busy CPU time of the whole machine so far, in seconds (/proc/stat: all but idle and iowait). */
function busyCpuSeconds() {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = ticks;
  return (user + nice + system + irq + softirq + steal) / 100; // USER_HZ is 100 on Linux
}

/**
 * Runs a command to its end; resolves with wall ms, stdout, the peak RSS of its process tree (sampled
 * every 100 ms), and the machine's busy CPU seconds meanwhile (a grader's workers and students can
 * leave its process tree, so the whole machine is counted: run the bench on an otherwise idle one).
 */
function timed(command, argv) {
  return new Promise((resolve) => {
    const started = performance.now();
    const startedAt = Date.now();
    const cpuBefore = busyCpuSeconds();
    // In a process group of its own, so that a stopped bench stops the grader and everything it started (stop-on-signal.mjs).
    const child = track(spawn(command, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true }));
    let stdout = '';
    let stderr = '';
    let peak = 0;
    const sample = () => (peak = Math.max(peak, treeRss(child.pid)));
    const timer = setInterval(sample, 100);
    setTimeout(sample, 20);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ ms: performance.now() - started, startedAt, endedAt: Date.now(), code, stdout, stderr, peakRss: peak, cpu: busyCpuSeconds() - cpuBefore });
    });
  });
}

async function runSockgrade(transport, dir, base) {
  const out = mkdtempSync(path.join(base, 'out-'));
  const r = await timed(process.execPath, [path.join(ROOT, 'bin', 'sockgrade.js'), 'grade', CLASSES[transport].assignment, dir, '-o', out, '--jobs', String(JOBS)]);
  if (r.code !== 0) throw new Error(`sockgrade grade exited ${r.code}:\n${r.stderr}`);
  const entries = readFileSync(path.join(out, 'results.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  rmSync(out, { recursive: true, force: true });
  // Where the wall time went: from the command to its first grading's start, the gradings, and from
  // the last grading's end to the command's exit (results' startedAt and durationMs, this machine's clock).
  const starts = entries.map((e) => Date.parse(e.result.startedAt));
  const ends = entries.map((e) => Date.parse(e.result.startedAt) + e.result.durationMs);
  const phases = { startUp: Math.min(...starts) - r.startedAt, gradings: Math.max(...ends) - Math.min(...starts), end: r.endedAt - Math.max(...ends) };
  return { ms: r.ms, peakRss: r.peakRss, cpu: r.cpu, entries, phases };
}

// The interpreter the student programs really get: sockgrade runs `python3` as the interpreter's own
// path (a pyenv/asdf shim, a script costing ~50 ms per start, is skipped). The floor and the naive
// grader must start the same one, else they would pay a different start.
const { locateInterpreter } = await import(path.join(ROOT, 'dist', 'harness', 'sandbox', 'interpreter.js'));
const PYTHON = args.python ?? (await locateInterpreter('python3')).executable;

async function runPython(mode, transport, dir, jobs = JOBS) {
  const subs = readdirSync(dir).sort().map((d) => path.join(dir, d));
  const r = await timed(PYTHON, [path.join(ROOT, 'bench', 'floor.py'), '--mode', mode, '--transport', transport, '--jobs', String(jobs), '--python', PYTHON, ...subs]);
  if (r.code !== 0) throw new Error(`floor.py --mode ${mode} exited ${r.code}:\n${r.stderr}`);
  const data = JSON.parse(r.stdout);
  const errors = data.submissions.filter((s) => s.error);
  if (errors.length) throw new Error(`floor.py --mode ${mode}: ${JSON.stringify(errors)}`);
  return { ms: r.ms, peakRss: r.peakRss, cpu: r.cpu, submissions: data.submissions };
}

const quantile = (xs, q) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
/** Median and the first and third quartiles, as `median (q1–q3)`. */
const quartiles = (xs, digits) => `${median(xs).toFixed(digits)} (${quantile(xs, 0.25).toFixed(digits)}–${quantile(xs, 0.75).toFixed(digits)})`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/** Each round's ratio of grader a's wall time to grader b's (a's rounds are the first ones). */
const pairRatios = (run, a, b) => run[a].map((x, j) => x.ms / run[b][j].ms);
/** The naive grader one at a time against sockgrade, medians over their rounds. */
const serialRatio = (run) => median(run.naiveSerial.map((x) => x.ms)) / median(run.sockgrade.map((x) => x.ms));
const spread = (xs, digits = 0, unit = '') => `${median(xs).toFixed(digits)}${unit} [${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}]`;

const NAMES = { sockgrade: 'sockgrade', floor: 'floor', naive: 'naive', naiveSerial: 'naive, one at a time' };
const TARGET_FLOOR = 1.25;
const TARGET_NAIVE = 10;
const TARGET_CRASH_MS = 100;

async function main() {
  const base = mkdtempSync(path.join(tmpdir(), 'sockgrade-bench-'));
  stopOnSignal(() => {
    rmSync(base, { recursive: true, force: true });
    return `its temp folder ${base} removed`;
  });
  // Each class: the graders that grade it, and in how many rounds (the first ones).
  const classes = [];
  const all = { graders: ['sockgrade', 'floor', 'naive'], rounds: REPEATS };
  for (const transport of ['udp', 'tcp']) {
    classes.push({ transport, kind: 'correct', dir: makeClass(base, transport, 'correct', N), count: N, ...all, graders: [...all.graders, 'naiveSerial'] });
    const f = CLASSES[transport].faulty.length;
    classes.push({ transport, kind: 'faulty', dir: makeClass(base, transport, 'faulty', f), count: f, ...all });
    if (WITH_LARGE) classes.push({ transport, kind: 'correct', dir: makeClass(base, transport, 'correct', LARGE), count: LARGE, graders: ['sockgrade', 'floor'], rounds: LARGE_REPEATS });
  }
  for (const c of classes) c.label = `${c.transport}-${c.kind} ×${c.count}`;
  // Node loads the certificates NODE_EXTRA_CA_CERTS names at every start, before any of sockgrade's
  // code runs (sockgrade itself makes no TLS connection): where it is set, the start-up is also timed
  // without it, to show how much of the command's fixed cost is that setting of this machine.
  const extraCerts = process.env.NODE_EXTRA_CA_CERTS;
  const { NODE_EXTRA_CA_CERTS: _, ...envWithoutCerts } = process.env;
  const cliStart = [];
  const cliStartWithoutCerts = [];
  const timeVersion = (env) => {
    const t = performance.now();
    spawnSync(process.execPath, [path.join(ROOT, 'bin', 'sockgrade.js'), '--version'], { env });
    return performance.now() - t;
  };
  // The students' interpreter starts 4 times per submission in every grader: what its start costs
  // (with its site module, which runs the site-packages' .pth files, and without) sets how heavy the
  // programs are against any grader's own cost. A .pth that imports a package at every start (this
  // machine's sandbox writes one) makes every program slower and every ratio to the floor look better.
  const pythonStart = [];
  const pythonStartWithoutSite = [];
  const timePython = (flags) => {
    const t = performance.now();
    spawnSync(PYTHON, [...flags, '-c', 'pass']);
    return performance.now() - t;
  };
  for (let i = 0; i < 5; i++) {
    cliStart.push(timeVersion(process.env));
    if (extraCerts) cliStartWithoutCerts.push(timeVersion(envWithoutCerts));
    pythonStart.push(timePython([]));
    pythonStartWithoutSite.push(timePython(['-S']));
  }
  const cpu = cpus()[0]?.model ?? '?';
  console.log(`sockgrade bench: ${classes.map((c) => `${c.count} ${c.transport}-${c.kind}`).join(', ')}; --jobs ${JOBS}; ${REPEATS} rounds of sockgrade and the floor back to back, the naive grader in ${NAIVE_REPEATS} (one at a time, on the correct classes of ${N}, in ${SERIAL_NAIVE_REPEATS})${WITH_LARGE ? `, the classes of ${LARGE} (sockgrade and the floor) in ${LARGE_REPEATS}` : ''}; ${cpus().length} × ${cpu}; node ${process.version}; student python3 (floor and naive): ${PYTHON}`);
  const runs = classes.map(() => ({ sockgrade: [], floor: [], naive: [], naiveSerial: [] }));
  const graders = ['sockgrade', 'floor', 'naive'];
  for (let r = 0; r < REPEATS; r++) {
    for (const [i, c] of classes.entries()) {
      if (r >= c.rounds) continue;
      // The pair back to back, which goes first alternating (neither always follows the other's clean-up); then the naive grader.
      const order = (r + i) % 2 === 0 ? ['sockgrade', 'floor'] : ['floor', 'sockgrade'];
      if (r < NAIVE_REPEATS && c.graders.includes('naive')) order.push('naive');
      if (r < SERIAL_NAIVE_REPEATS && c.graders.includes('naiveSerial')) order.push('naiveSerial');
      for (const g of order) {
        const run =
          g === 'sockgrade' ? await runSockgrade(c.transport, c.dir, base) : g === 'naiveSerial' ? await runPython('naive', c.transport, c.dir, 1) : await runPython(g, c.transport, c.dir);
        runs[i][g].push(run);
        process.stderr.write(`  round ${r + 1}/${REPEATS} ${c.label} ${NAMES[g]}: ${(run.ms / 1000).toFixed(2)} s\n`);
      }
    }
  }

  // Each class's ratios of wall times, computed once: each round's pairs (the naive grader's rounds are
  // the first ones), and the naive grader one at a time against sockgrade's median.
  const ratios = runs.map((run) => ({
    sgFloor: pairRatios(run, 'sockgrade', 'floor'),
    naiveSg: pairRatios(run, 'naive', 'sockgrade'),
    naiveFloor: pairRatios(run, 'naive', 'floor'),
    serial: run.naiveSerial.length ? serialRatio(run) : undefined,
  }));

  console.log(`\nCLI start-up (sockgrade --version, 5 runs): ${spread(cliStart, 0, ' ms')}`);
  if (extraCerts) console.log(`  without this machine's NODE_EXTRA_CA_CERTS (${extraCerts}), which Node loads at every start: ${spread(cliStartWithoutCerts, 0, ' ms')}`);
  console.log(`the students' python3 start-up (python3 -c pass, 5 runs): ${spread(pythonStart, 0, ' ms')}; without its site module and .pth files (-S): ${spread(pythonStartWithoutSite, 0, ' ms')}`);
  console.log('');
  console.log(`wall time per class, median [min–max] over the rounds (${REPEATS}; the naive grader's ${NAIVE_REPEATS}); submissions/s from the median`);
  console.log('sg/floor: the ratio of each round\'s pair, median (first–third quartile) [min–max]; naive/sg: each naive run against its round\'s sockgrade');
  console.log('class           | sockgrade              | floor                  | naive                  | sg/floor                      | naive/sg');
  for (const [i, c] of classes.entries()) {
    const w = Object.fromEntries(graders.map((g) => [g, runs[i][g].map((x) => x.ms / 1000)]));
    const { sgFloor, naiveSg } = ratios[i];
    const cell = (g) => (w[g].length ? `${spread(w[g], 2, ' s')} ${(c.count / median(w[g])).toFixed(1)}/s` : '—').padEnd(22);
    console.log(`${c.label.padEnd(15)} | ${cell('sockgrade')} | ${cell('floor')} | ${cell('naive')} | ${`${quartiles(sgFloor, 2)} [${Math.min(...sgFloor).toFixed(2)}–${Math.max(...sgFloor).toFixed(2)}]`.padEnd(29)} | ${naiveSg.length ? spread(naiveSg, 1) : '—'}`);
  }

  if (SERIAL_NAIVE_REPEATS > 0) {
    // Its sleeps make its time steady (±1 %), while sockgrade's runs spread by ±20 % on a noisy machine: it is compared with sockgrade's median over all the rounds.
    console.log(`\nthe naive grader one submission at a time, as instructors' scripts run (the textbook's fixed port allows one server at a time), median [min–max] over ${SERIAL_NAIVE_REPEATS} round(s); naive/sg: against sockgrade's median over the rounds`);
    for (const [i, c] of classes.entries()) {
      if (!c.graders.includes('naiveSerial')) continue;
      const w = runs[i].naiveSerial.map((x) => x.ms / 1000);
      console.log(`${c.label.padEnd(15)} | ${spread(w, 2, ' s')} ${(c.count / median(w)).toFixed(1)}/s | naive/sg ${ratios[i].serial.toFixed(1)}`);
    }
  }

  console.log("\nCPU time (busy CPU of the whole machine during the run, seconds), median [min–max] (sg/floor: median (first–third quartile) of each round's pair); on 2 cores at --jobs 2 a class is CPU-bound, so wall time follows it");
  console.log('class           | sockgrade         | floor             | naive             | sg/floor');
  for (const [i, c] of classes.entries()) {
    const cpu = Object.fromEntries(graders.map((g) => [g, runs[i][g].map((x) => x.cpu)]));
    const ratio = cpu.sockgrade.map((x, j) => x / cpu.floor[j]);
    console.log(`${c.label.padEnd(15)} | ${graders.map((g) => (cpu[g].length ? spread(cpu[g], 2, ' s') : '—').padEnd(17)).join(' | ')} | ${quartiles(ratio, 2)}`);
  }

  console.log('\npeak memory (sum of RSS of the grader and all its children, sampled every 100 ms), median [min–max]');
  for (const [i, c] of classes.entries()) {
    console.log(`${c.label.padEnd(15)} | ${c.graders.filter((g) => runs[i][g].length).map((g) => `${NAMES[g]} ${spread(runs[i][g].map((x) => x.peakRss / 2 ** 20), 0, ' MiB')}`).join(' | ')}`);
  }

  console.log("\nsockgrade's wall time in three parts, median [min–max] ms: from the command to its first grading's start, from that to its last grading's end, from that to its exit");
  for (const [i, c] of classes.entries()) {
    const part = (k) => spread(runs[i].sockgrade.map((x) => x.phases[k]), 0, ' ms');
    console.log(`${c.label.padEnd(15)} | start-up ${part('startUp')} | gradings ${part('gradings')} | end ${part('end')}`);
  }

  console.log('\nsockgrade per submission and per check (durationMs from the results, all rounds): median / p95 ms');
  for (const [i, c] of classes.entries()) {
    const entries = runs[i].sockgrade.flatMap((x) => x.entries);
    const subs = entries.map((e) => e.result.durationMs);
    const floorSubs = runs[i].floor.flatMap((x) => x.submissions.map((s) => s.total_ms));
    console.log(`${c.label}: a grading ${median(subs).toFixed(0)} / ${quantile(subs, 0.95).toFixed(0)} (floor, same programs: ${median(floorSubs).toFixed(0)} / ${quantile(floorSubs, 0.95).toFixed(0)})`);
    const ids = [...new Set(entries.flatMap((e) => e.result.checks.map((k) => k.id)))];
    console.log(`  ${ids.map((id) => {
      const d = entries.flatMap((e) => e.result.checks.filter((k) => k.id === id && k.status !== 'skipped').map((k) => k.durationMs));
      return `${id} ${d.length ? `${median(d).toFixed(0)}/${quantile(d, 0.95).toFixed(0)}` : '-'}`;
    }).join(', ')}`);
  }

  if (WITH_LARGE) {
    // Two sizes of the same class give each grader's wall time as fixed + per submission × size: what a
    // class of N pays beyond the floor splits into the two. Fitted in each round that graded both sizes
    // (seconds apart, so the machine's drift over minutes cancels, as in the ratios), then the median
    // of the rounds' fits and their range.
    const rounds = [...Array(LARGE_REPEATS).keys()];
    console.log(`\nfixed cost per command and cost per submission, from the classes of ${N} and ${LARGE} of each of the ${LARGE_REPEATS} rounds that graded both: wall(size) = fixed + per submission × size, median [min–max] of the rounds' fits`);
    for (const transport of ['udp', 'tcp']) {
      const [small, large] = [N, LARGE].map((n) => correctClass(classes, transport, n));
      const fit = (g, r) => {
        const [a, b] = [small, large].map((i) => runs[i][g][r].ms);
        const per = (b - a) / (LARGE - N);
        return { per, fixed: a - per * N };
      };
      const sg = rounds.map((r) => fit('sockgrade', r));
      const fl = rounds.map((r) => fit('floor', r));
      const perRatio = rounds.map((r) => sg[r].per / fl[r].per);
      const beyond = rounds.map((r) => sg[r].fixed - fl[r].fixed);
      const fixedOf = (f) => f.map((x) => x.fixed);
      const perOf = (f) => f.map((x) => x.per);
      console.log(
        `${`${transport}-correct`.padEnd(15)} | sockgrade ${spread(fixedOf(sg), 0, ' ms')} + ${spread(perOf(sg), 1, ' ms')}/submission | floor ${spread(fixedOf(fl), 0, ' ms')} + ${spread(perOf(fl), 1, ' ms')}/submission | ` +
          `per submission sg/floor ${spread(perRatio, 2)}, fixed cost beyond the floor's ${spread(beyond, 0, ' ms')}`,
      );
      // A fixed cost below zero is no cost: the machine's speed changed between a round's two sizes.
      if ([...fixedOf(sg), ...fixedOf(fl)].some((x) => x < 0)) {
        console.log(`${''.padEnd(15)} | a negative fixed cost in some round: the machine's speed changed between its two class sizes; read the medians with care (more --large-repeats, or a quieter machine)`);
      }
    }
  }

  const crashCost = {};
  console.log('\na crashed server (bind typo): detection, and what it adds to a grading');
  for (const [i, c] of classes.entries()) {
    if (c.kind !== 'faulty') continue;
    const typo = (name) => name.includes('bind-typo');
    const sgBinds = runs[i].sockgrade.flatMap((x) => x.entries.filter((e) => typo(e.student)).map((e) => e.result.checks.find((k) => k.id === 'server-binds').durationMs));
    const ownRun = runs[i].floor.flatMap((x) => x.submissions.filter((s) => typo(s.submission)).map((s) => s.server_ready_ms));
    const sgTotal = runs[i].sockgrade.flatMap((x) => x.entries.filter((e) => typo(e.student)).map((e) => e.result.durationMs));
    const flTotal = runs[i].floor.flatMap((x) => x.submissions.filter((s) => typo(s.submission)).map((s) => s.total_ms));
    const nvServer = runs[i].naive.flatMap((x) => x.submissions.filter((s) => typo(s.submission)).map((s) => s.server_role_ms));
    crashCost[c.transport] = median(sgBinds) - median(ownRun);
    console.log(
      `${c.transport}: sockgrade's server-binds ${spread(sgBinds, 0, ' ms')}; the program's own run to its exit (floor) ${spread(ownRun, 0, ' ms')}; ` +
        `crash cost beyond its own run ≈ ${crashCost[c.transport].toFixed(0)} ms (medians). Whole grading: sockgrade ${median(sgTotal).toFixed(0)} ms vs floor ${median(flTotal).toFixed(0)} ms; ` +
        `the naive grader's server role: ${spread(nvServer, 0, ' ms')}`,
    );
  }
  printTargets(classes, ratios, crashCost);
  if (args.json) {
    const slim = runs.map((r, i) => ({ class: `${classes[i].transport}-${classes[i].kind}`, count: classes[i].count, ...Object.fromEntries([...graders, 'naiveSerial'].map((g) => [g, r[g].map((x) => ({ ms: x.ms, cpu: x.cpu, peakRss: x.peakRss, ...(x.phases ? { phases: x.phases } : {}), per: g === 'sockgrade' ? x.entries.map((e) => ({ student: e.student, durationMs: e.result.durationMs, checks: e.result.checks.map((k) => [k.id, k.status, k.durationMs]) })) : x.submissions }))])) }));
    writeFileSync(args.json, JSON.stringify({ jobs: JOBS, repeats: REPEATS, naiveRepeats: NAIVE_REPEATS, serialNaiveRepeats: SERIAL_NAIVE_REPEATS, large: LARGE, largeRepeats: LARGE_REPEATS, cliStartMs: cliStart, pythonStartMs: pythonStart, pythonStartWithoutSiteMs: pythonStartWithoutSite, ...(extraCerts ? { cliStartWithoutExtraCertsMs: cliStartWithoutCerts } : {}), runs: slim }, null, 1));
    console.log(`\nraw figures: ${args.json}`);
  }
  rmSync(base, { recursive: true, force: true });
}

/** The index in `classes` of the class of `count` correct submissions for `transport`. */
function correctClass(classes, transport, count) {
  return classes.findIndex((c) => c.transport === transport && c.kind === 'correct' && c.count === count);
}

/**
 * The issue's targets, each with the figure it is judged on (docs/benchmarks.md, "Targets"): the
 * ratio to the floor on a class of the size instructors grade (the larger class; the class of N's
 * is shown beside it, where a command's fixed cost weighs most), the naive grader as instructors
 * run it (one submission at a time; the one at --jobs J beside it, with its ceiling on this machine
 * now: no grader can beat the floor, so naive/sg cannot exceed naive/floor), and a crashed server's cost.
 */
function printTargets(classes, ratios, crashCost) {
  const at = (transport, count) => correctClass(classes, transport, count);
  const verdict = (ok) => (ok ? 'met' : 'NOT met');
  const transports = ['udp', 'tcp'];
  const sgFloor = (i) => median(ratios[i].sgFloor);
  const judged = WITH_LARGE ? LARGE : N;
  console.log('\ntargets (issue 7), each judged on the figure named (medians)');
  const floorAt = transports.map((t) => [t, sgFloor(at(t, judged))]);
  const small = WITH_LARGE ? `; on the class of ${N}: ${transports.map((t) => `${t} ${sgFloor(at(t, N)).toFixed(2)}`).join(', ')}` : '';
  console.log(`  sockgrade/floor ≤ ${TARGET_FLOOR}, correct submissions, a class of ${judged}: ${floorAt.map(([t, r]) => `${t} ${r.toFixed(2)} ${verdict(r <= TARGET_FLOOR)}`).join(', ')}${small}`);
  if (NAIVE_REPEATS > 0 || SERIAL_NAIVE_REPEATS > 0) {
    const of = (t) => ratios[at(t, N)];
    const serial = transports.filter((t) => of(t).serial !== undefined).map((t) => [t, of(t).serial]);
    const parallel = transports.filter((t) => of(t).naiveSg.length).map((t) => [t, median(of(t).naiveSg)]);
    const ceiling = parallel.map(([t]) => `${t} ${median(of(t).naiveFloor).toFixed(1)}`).join(', ');
    const main = serial.length ? serial : parallel;
    console.log(
      `  naive/sockgrade ≥ ${TARGET_NAIVE}, the naive grader ${serial.length ? 'one submission at a time' : `at --jobs ${JOBS}`}, a class of ${N}: ${main.map(([t, r]) => `${t} ${r.toFixed(1)} ${verdict(r >= TARGET_NAIVE)}`).join(', ')}` +
        (serial.length && parallel.length ? `; at --jobs ${JOBS}: ${parallel.map(([t, r]) => `${t} ${r.toFixed(1)}`).join(', ')}` : '') +
        (parallel.length ? ` (at most naive/floor, here now: ${ceiling})` : ''),
    );
  }
  const crashes = Object.entries(crashCost);
  if (crashes.length) console.log(`  a crashed server costs < ${TARGET_CRASH_MS} ms beyond its own run: ${crashes.map(([t, ms]) => `${t} ${ms.toFixed(0)} ms ${verdict(ms < TARGET_CRASH_MS)}`).join(', ')}`);
  console.log('  memory for 1,000 submissions: npm run bench:memory');
}

await main();
