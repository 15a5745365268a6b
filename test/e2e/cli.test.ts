// The command line: exit codes, usage and spec errors, the json format, the terminal text, and that
// nothing a student started survives the run.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { cli, program, TEST_SANDBOX } from './grade.js';
import { liveProcessCount } from '../../harness/launch/registry.js';
import { leftBehind } from '../isolation/tagged.js';

function tempYaml(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sockgrade-spec-'));
  const file = path.join(dir, 'broken.yaml');
  writeFileSync(file, text);
  return file;
}

describe('sockgrade list', () => {
  it('lists the bundled assignments', async () => {
    const run = await cli(['list']);
    expect(run.stdout).toBe(
      'tcp-concurrent     TCP  TCP upper-case server for many clients at once (textbook §2.7 variant)\n' +
        'tcp-count-s        TCP  TCP client and server that count the letter s (textbook §2.7 variant)\n' +
        'tcp-multi          TCP  TCP client that keeps sending sentences, and its server (textbook §2.7 variant)\n' +
        'tcp-uppercase      TCP  TCP upper-case client and server (textbook §2.7)\n' +
        'udp-count-s        UDP  UDP client and server that count the letter s (textbook §2.7 variant)\n' +
        'udp-multi          UDP  UDP client that keeps sending sentences, and its server (textbook §2.7 variant)\n' +
        'udp-uppercase      UDP  UDP upper-case client and server (textbook §2.7)\n',
    );
    expect(run.code).toBe(0);
  });
});

describe('usage and spec errors exit with 2 and say what to fix', () => {
  it('names an unknown assignment and lists the bundled ones', async () => {
    const run = await cli(['check', 'udp-upper', '--server', program('styles/udp-server.py')]);
    expect(run.stderr).toBe('sockgrade: unknown assignment "udp-upper"; bundled: tcp-concurrent, tcp-count-s, tcp-multi, tcp-uppercase, udp-count-s, udp-multi, udp-uppercase (or give the path of a .yaml file)\n');
    expect(run.code).toBe(2);
  });

  it('names the file, line and field of a bad assignment file', async () => {
    const original = readFileSync('assignments/udp-uppercase.yaml', 'utf8');
    const file = tempYaml(original.replace('exchangeMs: 2000', 'exchangeMs: 2s').replace('transport: udp', 'transport: UDP'));
    const run = await cli(['check', file, '--server', program('styles/udp-server.py')]);
    expect(run.stderr).toBe(
      `sockgrade: ${file}:7: transport: expected "udp" or "tcp", got "UDP"\n` +
        `${file}:14: timeouts.exchangeMs: expected a positive integer (milliseconds), got "2s"\n`,
    );
    expect(run.code).toBe(2);
  });

  it('asks for at least one role', async () => {
    const run = await cli(['check', 'udp-uppercase']);
    expect(run.stderr).toBe('sockgrade: nothing to grade: give --server FILE, --client FILE, or both\n');
    expect(run.code).toBe(2);
  });

  it('names a missing program file', async () => {
    const run = await cli(['check', 'udp-uppercase', '--server', 'nope/UDPServer.py']);
    expect(run.stderr).toBe('sockgrade: --server: nope/UDPServer.py: no such file\n');
    expect(run.code).toBe(2);
  });

  it('refuses a bad --port', async () => {
    const run = await cli(['check', 'udp-uppercase', '--server', program('styles/udp-server.py'), '--port', '99999']);
    expect(run.stderr).toContain('--port: expected a port number from 1 to 65535 or "auto", got "99999"');
    expect(run.code).toBe(2);
  });

  it('refuses an unknown option', async () => {
    const run = await cli(['check', 'udp-uppercase', '--servr', 'x.py']);
    expect(run.stderr).toContain("error: unknown option '--servr'");
    expect(run.code).toBe(2);
  });

  it('says how to run a file of unknown kind', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sockgrade-prog-'));
    writeFileSync(path.join(dir, 'server.rb'), 'puts 1\n');
    const run = await cli(['check', 'udp-uppercase', '--server', path.join(dir, 'server.rb')]);
    expect(run.stderr).toBe(
      `sockgrade: --server: ${path.join(dir, 'server.rb')}: cannot tell how to run this file (known extensions: .py, .js, .mjs, .java; or an executable); pass --server-cmd "…"\n`,
    );
    expect(run.code).toBe(2);
  });
});

describe('harness errors are never charged to the student', () => {
  it('reports a missing interpreter as errored, exit 3, with dependants skipped', async () => {
    const run = await cli(['check', 'udp-uppercase', '--server', program('styles/udp-server.py'), '--server-cmd', 'no-such-python3 {file}', '--format', 'json', '--port', 'auto']);
    const result = JSON.parse(run.stdout);
    expect(result.status).toBe('errored');
    expect(result.checks[0]).toMatchObject({
      id: 'server-binds',
      status: 'errored',
      score: 0,
      message: 'sockgrade could not start "no-such-python3": not found on this machine',
    });
    expect(result.checks.slice(1).map((c: { status: string; blockedBy: string }) => [c.status, c.blockedBy])).toEqual(Array(7).fill(['skipped', 'server-binds']));
    expect(run.stdout.includes('could not start')).toBe(true);
    expect(run.code).toBe(3);
  });
});

describe('the terminal format', () => {
  it('shows the verdicts, the failure with expected, actual, hint and transcript, and the score', async () => {
    const run = await cli(['check', 'udp-uppercase', '--server', program('faulty/udp-server-does-not-uppercase.py'), '--port', 'auto', '--no-color', '--seed', '7']);
    const masked = run.stdout.replace(/\b(?!1024\b)\d{4,5}\b/g, 'PORT').replace(/^ +\d+ ms/gm, '        N ms').replace(/after \d+ ms/g, 'after N ms').replace(/\d+\.\d\d s/, 'T s');
    expect(masked).toBe(
      [
        'sockgrade · udp-uppercase · UDP upper-case client and server (textbook §2.7)',
        '  server  fixtures/programs/faulty/udp-server-does-not-uppercase.py  (python3 udp-server-does-not-uppercase.py localhost PORT)',
        '  port    PORT (--port auto asked for a free port)',
        '',
        'server',
        '  ✓ starts and binds UDP port PORT  2/2  server-binds',
        '  ✗ replies to each core sentence with the sentence in upper case  0/4  server-replies-core',
        '      for the sentence "hello world" your server replied "hello world"; expected the sentence in upper case',
        '      expected  "HELLO WORLD"',
        '      actual    "hello world"',
        '      hint      Your server sent the sentence back unchanged: it must reply with the sentence in upper case.',
        '      transcript',
        '        N ms  → sockgrade sent "hello world" (11 bytes) to UDP 127.0.0.1:PORT from port PORT',
        '        N ms  ← your server replied "hello world" (11 bytes) after N ms',
        '  ○ replies correctly to sentences with non-ASCII letters (beyond the textbook)  0/0.50  server-replies-non-ascii  skipped, blocked by server-replies-core',
        '  ○ replies correctly to sentences with surrounding whitespace (beyond the textbook)  0/0.50  server-replies-whitespace  skipped, blocked by server-replies-core',
        '  ○ replies correctly to a line longer than 1024 bytes (beyond the textbook)  0/0.50  server-replies-long-line  skipped, blocked by server-replies-core',
        '  ○ replies correctly to an empty sentence (an empty datagram) (beyond the textbook)  0/0.50  server-replies-empty  skipped, blocked by server-replies-core',
        '  ✓ keeps serving clients one after another (3 in a row)  2/2  server-keeps-serving',
        '  ✓ answers two interleaved clients, each at its own address  2/2  server-udp-interleaved',
        '',
        'score 6/12 · 3 passed · 1 failed · 4 skipped · T s',
        '',
      ].join('\n'),
    );
    expect(run.code).toBe(1);
  });
});

describe('the json format and the installed command', () => {
  it('prints exactly one JSON object, exits 1 on a failed check, and leaves no student process behind', async () => {
    const run = await execa('node', ['bin/sockgrade.js', 'check', 'udp-uppercase', '--client', program('faulty/udp-client-never-exits.py'), '--format', 'json', '--port', 'auto', '--sandbox', TEST_SANDBOX], {
      reject: false,
    });
    expect(run.exitCode).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result.schema).toBe('sockgrade/result@1');
    expect(Object.keys(result)).toEqual(['schema', 'assignment', 'submission', 'status', 'score', 'maxScore', 'checks', 'environment', 'startedAt', 'durationMs']);
    expect(Object.keys(result.checks[0])).toEqual(expect.arrayContaining(['id', 'title', 'role', 'group', 'status', 'score', 'maxScore', 'hidden', 'durationMs', 'transcript']));
    expect(run.stderr).toBe('');
    expect(leftBehind(result)).toEqual([]);
  });

  it('ends at once on a mistake in grade\'s arguments, though its workers were started before the arguments were checked', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sockgrade-class-'));
    mkdirSync(path.join(dir, 'class', 'ana'), { recursive: true });
    copyFileSync(program('textbook/UDPServer.py'), path.join(dir, 'class', 'ana', 'UDPServer.py'));
    const run = await execa('node', ['bin/sockgrade.js', 'grade', 'udp-uppercase', path.join(dir, 'class'), '-o', path.join(dir, 'results'), '--jobs', '2', '--shard', '3/2'], {
      reject: false,
      timeout: 60_000,
    });
    expect(run.timedOut).toBe(false);
    expect(run.stderr).toBe('sockgrade: --shard: expected i/n with 1 ≤ i ≤ n (for example 2/4), got "3/2"');
    expect(run.exitCode).toBe(2);
  });

  it('runs to its end when its reader goes away early (check … | head): no EPIPE crash, its exit code, its scratch copies removed', async () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'sockgrade-epipe-'));
    const child = spawn(process.execPath, ['bin/sockgrade.js', 'check', 'udp-uppercase', '--server', program('faulty/udp-server-bind-typo.py'), '--sandbox', TEST_SANDBOX], {
      env: { ...process.env, TMPDIR: tmp },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.once('data', () => child.stdout.destroy()); // the reader reads one chunk and goes away
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
    expect(stderr).toBe('');
    expect(code).toBe(1); // the failed check's exit code, not a crash
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('writes the JSON result to --out as well as the terminal text', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sockgrade-out-'));
    const out = path.join(dir, 'result.json');
    const run = await cli(['check', 'udp-uppercase', '--server', program('styles/udp-server.py'), '--port', 'auto', '--no-color', '--out', out]);
    expect(run.stdout).toContain('score 12/12');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ schema: 'sockgrade/result@1', score: 12, maxScore: 12, status: 'passed' });
    expect(run.code).toBe(0);
  });

  it('leaves no student process running after an in-process grading', async () => {
    await cli(['check', 'udp-uppercase', '--server', program('faulty/udp-server-never-binds.py'), '--port', 'auto', '--format', 'json']);
    expect(liveProcessCount()).toBe(0);
  });
});

describe('sockgrade doctor', () => {
  it('says what isolation this machine allows, and exits 0 when gradings get their own namespaces', async () => {
    const run = await cli(['doctor']);
    expect(run.stdout).toMatch(/^sockgrade doctor: isolation on this machine \(linux, running as (root|uid \d+)\)\n\n  network namespace per submission: /);
    const { detectIsolation } = await import('../../harness/sandbox/detect.js');
    const report = await detectIsolation();
    expect(run.code).toBe(report.namespace === null ? 1 : 0);
    expect(run.stdout).toContain(report.namespace === null ? 'To enable more:' : 'PID namespace:                    yes');
  });
});
