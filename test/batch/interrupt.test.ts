// A batch killed or interrupted mid-way loses nothing already graded, leaves nothing half-written,
// and a re-run grades only the rest.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { CLASS, makeClass } from './make-class.js';
import { CLI_SCRIPT, SANDBOX, run, scores } from './cli.js';
import { SCORES, writeAssignment } from './assignment.js';

/** Starts the CLI, waits until its stderr contains `marker`, sends `signal`, and resolves with its exit and stderr. */
function runUntil(args: string[], marker: string, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_SCRIPT, ...args, '--sandbox', SANDBOX], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let sent = false;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (!sent && stderr.includes(marker)) {
        sent = true;
        child.kill(signal);
      }
    });
    child.on('error', reject);
    child.on('close', (code, sig) => resolve({ code, signal: sig, stderr }));
  });
}

/** Every file below `dir` whose name marks an unfinished atomic write. */
async function tempFiles(dir: string): Promise<string[]> {
  const all = await readdir(dir, { recursive: true });
  return all.filter((f) => path.basename(f).startsWith('.sockgrade-tmp-'));
}

describe('stopping a batch', () => {
  test('SIGKILL of the CLI mid-batch: a re-run keeps every stored grading and grades only the rest', { timeout: 300_000 }, async () => {
    const assignment = await writeAssignment();
    const dir = await makeClass('folders', CLASS);
    const out = await mkdtemp(path.join(tmpdir(), 'sockgrade-killed-'));
    const killed = await runUntil(['grade', assignment, dir, '-o', out, '--jobs', '1'], '[3/12]', 'SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    const again = await run(['grade', assignment, dir, '-o', out]);
    const kept = Number(/\((\d+) unchanged since the last run, kept\)/.exec(again.stderr)?.[1]);
    expect(kept).toBeGreaterThanOrEqual(3);
    expect(again.stderr).toContain(`sockgrade: ${12 - kept} graded, ${kept} kept, in `);
    expect(again.code).toBe(0);
    expect(await scores(out)).toEqual(Object.fromEntries(Object.entries(SCORES).map(([k, v]) => [k.replace(/_\d+$/, ''), v])));
    expect(await tempFiles(out)).toEqual([]);
  });

  test('Ctrl-C (SIGINT): no new grading starts, running ones are ended, exit code 130, and a re-run finishes the class', { timeout: 300_000 }, async () => {
    const assignment = await writeAssignment();
    const dir = await makeClass('gradescope', CLASS);
    const out = await mkdtemp(path.join(tmpdir(), 'sockgrade-interrupted-'));
    const stopped = await runUntil(['grade', assignment, dir, '-o', out, '--jobs', '2'], '[2/12]', 'SIGINT');
    expect(stopped.code).toBe(130);
    // The installed command read the names in submission_metadata.yml (its YAML parser loads for Gradescope classes only).
    expect(stopped.stderr).toMatch(/^\[1\/12\] [A-Z][a-z]+ [A-Z][a-z]+_1\d\d: \d+\/18/m);
    expect(stopped.stderr).toContain('sockgrade: SIGINT: stopping; no new grading starts and the running ones are ended (again to quit at once)\n');
    expect(stopped.stderr).toMatch(/sockgrade: interrupted: \d+ graded in this run are stored, the rest were not started or were stopped; run the same command again to finish/);
    expect(await tempFiles(out)).toEqual([]);
    const stored = (await readdir(out, { withFileTypes: true })).filter((d) => d.isDirectory()).length;
    expect(stored).toBeLessThan(12);
    const again = await run(['grade', assignment, dir, '-o', out]);
    expect(again.stderr).toContain(`sockgrade: ${12 - stored} graded, ${stored} kept, in `);
    expect(Object.values(await scores(out)).sort()).toEqual(Object.values(SCORES).sort());
  });
});
