// `sockgrade gradescope-bundle`: the zip's contents, and run_autograder in a simulated Gradescope
// folder on a correct, a faulty and an empty submission, and killed while a check runs.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { execa } from 'execa';
import { registerGradescopeBundle } from '../../harness/cli/gradescope-bundle.js';
import { EXEC_HELPER_PATH } from '../../harness/launch/exec-helper.js';
import { autograderEnv, buildBundle, gradescopeRoot } from './bundle.js';
import { gradescopeErrors } from './gradescope-schema.js';
import { tempDir } from './helpers.js';
import type { GradescopeResults } from '../../harness/reporters/gradescope.js';

const bundle = buildBundle('udp-uppercase');

function results(root: string): GradescopeResults {
  return JSON.parse(readFileSync(path.join(root, 'results', 'results.json'), 'utf8')) as GradescopeResults;
}

async function runAutograder(root: string) {
  return execa(path.join(root, 'source', 'run_autograder'), [], { env: autograderEnv(root), reject: false, all: true });
}

/** Pids of live processes started for the grading `runId` (each student process carries it). */
function tagged(runId: string): number[] {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).flatMap((p) => {
    try {
      return readFileSync(`/proc/${p}/environ`, 'latin1').split('\0').includes(`SOCKGRADE_RUN_TAG=${runId}`) ? [Number(p)] : [];
    } catch {
      return [];
    }
  });
}

/** Resolves once `probe` returns a value (checked every 20 ms), or fails after `budgetMs`. */
async function until<T>(what: string, probe: () => T | undefined, budgetMs = 30_000): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('sockgrade gradescope-bundle', () => {
  it('writes a zip with setup.sh and run_autograder at its root, and sockgrade with the assignment', async () => {
    const { entries, stdout } = await bundle;
    expect(Object.keys(entries)).toEqual(expect.arrayContaining(['setup.sh', 'run_autograder', 'sockgrade/assignment.yaml', 'sockgrade/package-lock.json', 'sockgrade/bin/sockgrade.js', 'sockgrade/dist/bundle/main.js']));
    expect(Object.keys(entries).some((name) => name.endsWith('.map') || name.startsWith('sockgrade/node_modules'))).toBe(false);
    // The launch helper goes with it when it was built.
    expect(Object.keys(entries).includes('sockgrade/dist/native/sockgrade-exec')).toBe(existsSync(EXEC_HELPER_PATH));
    expect(stdout.split('\n').slice(1)).toEqual([
      '  run_autograder looks for the server as UDPServer.py, *server*.py and the client as UDPClient.py, *client*.py',
      '  upload it as the autograder of a Gradescope programming assignment (Ubuntu base image)',
      '',
    ]);
    const run = new TextDecoder().decode(entries.run_autograder);
    expect(run).toContain("SERVER_PATTERNS=('UDPServer.py' '*server*.py')\nCLIENT_PATTERNS=('UDPClient.py' '*client*.py')\n");
    expect(new TextDecoder().decode(entries['setup.sh'])).toContain('npm ci --omit=dev --ignore-scripts');
  });

  it('carries a private fixtures file, checked when the bundle is made; its checks are hidden until published', async () => {
    const withPrivate = await buildBundle('tcp-uppercase', 'fixtures/private/tcp-uppercase.yaml');
    expect(new TextDecoder().decode(withPrivate.entries['sockgrade/private-fixtures.yaml'])).toBe(readFileSync('fixtures/private/tcp-uppercase.yaml', 'utf8'));
    expect(withPrivate.stdout).toContain(
      '\n  hidden groups from fixtures/private/tcp-uppercase.yaml: hidden (2 sentences, 2 points per check); Gradescope shows their checks after grading is published\n',
    );
    const root = gradescopeRoot(withPrivate.entries, { 'textbook/TCPServer.py': 'TCPServer.py' });
    const run = await runAutograder(root);
    expect(run.exitCode).toBe(1); // sockgrade's "some check failed", as for any faulty submission
    const hidden = results(root).tests.filter((t) => t.visibility === 'after_published');
    expect(hidden.map((t) => [t.name, t.status, t.score, t.max_score])).toEqual([['server: replies to each hidden sentence with the sentence in upper case', 'failed', 0, 2]]);
    // Staff-only stdout shows the details; the bundle without the file has no hidden checks.
    expect(run.all).toContain('for the sentence "a hidden sentence that grows');
    await expect(buildBundle('udp-uppercase', 'fixtures/private/tcp-uppercase.yaml')).rejects.toThrow(
      'fixtures/private/tcp-uppercase.yaml:5: assignment: expected "udp-uppercase" (the id in udp-uppercase.yaml), got "tcp-uppercase"',
    );
  });

  it('is a command with a required -o, registered by registerGradescopeBundle', async () => {
    const fresh = () => {
      const program = new Command('sockgrade').exitOverride().configureOutput({ writeErr: () => undefined });
      const codes: number[] = [];
      registerGradescopeBundle(program, { stdout: { write: () => true }, stderr: { write: () => true } }, (c) => codes.push(c));
      return { program, codes };
    };
    const zip = path.join(tempDir(), 'autograder.zip');
    const ok = fresh();
    await ok.program.parseAsync(['gradescope-bundle', 'tcp-uppercase', '-o', zip], { from: 'user' });
    expect(ok.codes).toEqual([0]);
    expect(existsSync(zip)).toBe(true);
    await expect(fresh().program.parseAsync(['gradescope-bundle', 'tcp-uppercase'], { from: 'user' })).rejects.toThrow("error: required option '-o, --output <zip>' not specified");
  });

  it('gives the textbook pair full marks in a simulated Gradescope run', async () => {
    const root = gradescopeRoot((await bundle).entries, { 'textbook/UDPServer.py': 'UDPServer.py', 'textbook/UDPClient.py': 'src/UDPClient.py' });
    const run = await runAutograder(root);
    expect(run.exitCode).toBe(0);
    expect(run.all).toContain('score 20/20');
    const r = results(root);
    expect(gradescopeErrors(r)).toEqual([]);
    expect({ score: r.score, tests: r.tests.length, complete: r.extra_data.sockgrade.complete }).toEqual({ score: 20, tests: 11, complete: true });
  });

  it('scores a faulty server found by its pattern, without a client', async () => {
    const root = gradescopeRoot((await bundle).entries, { 'faulty/udp-server-does-not-uppercase.py': 'my_server.py' });
    const run = await runAutograder(root);
    expect(run.exitCode).toBe(1);
    const r = results(root);
    expect(gradescopeErrors(r)).toEqual([]);
    expect(r.score).toBe(6);
    expect(r.tests.filter((t) => t.status === 'failed').map((t) => t.name)).toContain('server: replies to each core sentence with the sentence in upper case');
  });

  it('scores 0 and names the expected files when the submission has none of them', async () => {
    const root = gradescopeRoot((await bundle).entries, { 'README.md': 'notes.md' });
    const run = await runAutograder(root);
    expect(run.exitCode).toBe(0);
    const r = results(root);
    expect(gradescopeErrors(r)).toEqual([]);
    expect(r).toMatchObject({ score: 0, tests: [], output: 'No program of this assignment was found in your submission. Expected file names (or patterns): server UDPServer.py, server *server*.py, client UDPClient.py, client *client*.py.' });
  });

  it('leaves a valid provisional results.json when killed while a check is running', async () => {
    const root = gradescopeRoot((await bundle).entries, { 'faulty/udp-server-never-binds.py': 'UDPServer.py' });
    const child = execa(path.join(root, 'source', 'run_autograder'), [], { env: autograderEnv(root), reject: false, detached: true });
    const file = path.join(root, 'results', 'results.json');
    const runId = await until('results.json', () => (existsSync(file) ? String(results(root).extra_data.sockgrade.runId) : undefined));
    await until('the student server to start', () => (tagged(runId).length > 0 ? true : undefined));
    process.kill(-(child.pid ?? 0), 'SIGKILL');
    const ended = await child;
    for (const pid of tagged(runId)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // it ended by itself meanwhile
      }
    }
    expect(ended.signal).toBe('SIGKILL');
    const r = results(root);
    expect(gradescopeErrors(r)).toEqual([]);
    expect(r.score).toBe(0);
    expect(r.extra_data.sockgrade).toMatchObject({ assignment: 'udp-uppercase', status: 'running', complete: false });
    expect(r.output.startsWith('⚠️ **Grading did not finish.**')).toBe(true);
    expect(r.tests[0]).toMatchObject({ name: 'server: starts and binds UDP port 12000', number: '1.1', status: 'failed', score: 0 });
    expect(readdirSync(path.join(root, 'results'))).toEqual(['results.json']);
  });
});
